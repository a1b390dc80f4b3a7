package io.github.erpgateway.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;

class WebhookOutcomesTest {

    @Test
    void tookMsHasOneDecimalRoundedHalfUp() {
        assertThat(WebhookOutcomes.millisWithOneDecimal(3_140_000)).isEqualTo("3.1");
        assertThat(WebhookOutcomes.millisWithOneDecimal(3_150_000)).isEqualTo("3.2");
        assertThat(WebhookOutcomes.millisWithOneDecimal(49_999)).isEqualTo("0.0");
        assertThat(WebhookOutcomes.millisWithOneDecimal(12_345_678_901L)).isEqualTo("12345.7");
        assertThat(WebhookOutcomes.millisWithOneDecimal(-1)).isEqualTo("-");
    }

    @Test
    void tookMsIgnoresTheDefaultLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            assertThat(WebhookOutcomes.millisWithOneDecimal(2_500_000)).isEqualTo("2.5");
        } finally {
            Locale.setDefault(before);
        }
    }
}
