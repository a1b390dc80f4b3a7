package io.github.erpgateway.reply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void escapesControlCharactersAndBackslashes() {
        assertThat(LogText.escape("a\r\nb\tc\u0000d\\n\u2028")).isEqualTo("a\\r\\nb\\tc\\u0000d\\\\n\\u2028");
        assertThat(LogText.escape("plain id-42")).isEqualTo("plain id-42");
        assertThat(LogText.escape(null)).isEqualTo("-");
    }

    @Test
    void cutsLongText() {
        assertThat(LogText.escape("x".repeat(10_000))).hasSize(LogText.MAX_LENGTH + 3).endsWith("...");
    }
}
