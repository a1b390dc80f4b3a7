package io.github.erpgateway.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.erpgateway.config.GatewayProperties;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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

    @Test
    void recordsASourceThatIsNotConfiguredAsUnknown() {
        GatewayProperties properties = new GatewayProperties();
        properties.getSources().put("visma-net", new GatewayProperties.Source());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        WebhookOutcomes outcomes = new WebhookOutcomes(registry, properties);

        outcomes.record("visma-net", "accepted", "1", null, 1000);
        for (int i = 0; i < 100; i++) {
            outcomes.record("random-" + i, "too-large", null, null, 1000);
        }

        List<String> sources = registry.getMeters().stream().map(Meter::getId).map(id -> id.getTag("source")).distinct().toList();
        assertThat(sources).containsExactlyInAnyOrder("visma-net", "unknown");
    }

    @Test
    void escapesTheIdAndTypeInTheLineAndTheMdc() {
        Logger logger = (Logger) LoggerFactory.getLogger("gateway.webhooks");
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        logger.addAppender(captured);
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO);
        try {
            new WebhookOutcomes(new SimpleMeterRegistry(), new GatewayProperties())
                    .record("x", "accepted", "id\nINFO forged", "type\r\nforged", 1);
        } finally {
            logger.detachAppender(captured);
            logger.setLevel(level);
        }
        ILoggingEvent line = captured.list.get(0);
        assertThat(line.getFormattedMessage()).doesNotContain("\n").doesNotContain("\r").contains("id\\nINFO forged");
        assertThat(line.getMDCPropertyMap().get("eventId")).isEqualTo("id\\nINFO forged");
    }
}
