package io.github.erpgateway.reply;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.erpgateway.config.GatewayProperties;
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

    static final String UNKNOWN_SOURCE = "unknown";

    private final MeterRegistry registry;
    private final Set<String> sources;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

    public WebhookOutcomes(MeterRegistry registry, GatewayProperties properties) {
        this.registry = registry;
        this.sources = Set.copyOf(properties.getSources().keySet());
    }

    /**
     * @param sentSource the source; anything not configured in {@code gateway.sources} is recorded as {@code unknown},
     *                  so no sender-controlled string becomes a meter tag or a map key
     * @param tookNanos  time from request to reply, or a negative number when unknown
     */
    public void record(String sentSource, String outcome, String id, String type, long tookNanos) {
        String source = sentSource != null && sources.contains(sentSource) ? sentSource : UNKNOWN_SOURCE;
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
            // id and type come from the sender (header or payload): escaped so a CR/LF cannot forge a line
            String tookMs = millisWithOneDecimal(tookNanos);
            String safeId = LogText.escape(id);
            String safeOutcome = LogText.escape(outcome);
            MDC.put("source", source);
            MDC.put("eventId", safeId);
            MDC.put("outcome", safeOutcome);
            try {
                LOG.info("source={} id={} type={} outcome={} tookMs={}", source, safeId, LogText.escape(type),
                        safeOutcome, tookMs);
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
