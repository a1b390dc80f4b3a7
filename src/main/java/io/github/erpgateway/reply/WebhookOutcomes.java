package io.github.erpgateway.reply;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Records what became of each webhook: the counter {@code gateway.webhooks{source,outcome}}, the timer
 * {@code gateway.webhook.duration{source}} and one INFO line on logger {@code gateway.webhooks} (never the body or a
 * secret). The line's fields are also in the MDC, so JSON logs carry them as fields.
 */
@Component
public class WebhookOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger("gateway.webhooks");

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

    public WebhookOutcomes(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param tookNanos time from request to reply, or a negative number when unknown */
    public void record(String source, String outcome, String id, String type, long tookNanos) {
        counters.computeIfAbsent(source + '|' + outcome, k -> Counter.builder("gateway.webhooks")
                .description("Webhooks received, by source and outcome")
                .tag("source", source).tag("outcome", outcome)
                .register(registry)).increment();
        if (tookNanos >= 0) {
            timers.computeIfAbsent(source, k -> Timer.builder("gateway.webhook.duration")
                    .description("Time from request to reply, by source")
                    .tag("source", source)
                    .register(registry)).record(tookNanos, TimeUnit.NANOSECONDS);
        }
        if (LOG.isInfoEnabled()) {
            String tookMs = millisWithOneDecimal(tookNanos);
            MDC.put("source", source);
            MDC.put("eventId", id == null ? "-" : id);
            MDC.put("outcome", outcome);
            try {
                LOG.info("source={} id={} type={} outcome={} tookMs={}", source, id == null ? "-" : id,
                        type == null ? "-" : type, outcome, tookMs);
            } finally {
                MDC.remove("source");
                MDC.remove("eventId");
                MDC.remove("outcome");
            }
        }
    }

    /**
     * 3.1 for 3 140 000 ns; "-" when unknown. Not String.format: it follows the default locale (3,1 in a German
     * one) and parses its pattern on every webhook.
     */
    static String millisWithOneDecimal(long nanos) {
        if (nanos < 0) {
            return "-";
        }
        long tenths = (nanos + 50_000) / 100_000;
        return (tenths / 10) + "." + (tenths % 10);
    }
}
