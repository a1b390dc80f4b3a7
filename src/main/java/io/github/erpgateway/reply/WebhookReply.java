package io.github.erpgateway.reply;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.github.erpgateway.intake.WebhookProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes the reply of SPEC section 2 and records its outcome: one counter per source and outcome, one timer per
 * source, one log line per webhook. Every reply starts from an empty header set, so nothing of the request (the
 * signature above all) is echoed back, and no reply carries a stack trace or an internal name.
 */
@Component("webhookReply")
public class WebhookReply {

    private static final Logger LOG = LoggerFactory.getLogger("gateway.webhooks");

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

    public WebhookReply(MeterRegistry registry) {
        this.registry = registry;
    }

    public void accepted(Exchange exchange) {
        status(exchange, 202, "accepted", "accepted");
    }

    /** Same reply as the first delivery, so the sender stops retrying; nothing new is stored. */
    public void duplicate(Exchange exchange) {
        status(exchange, 202, "accepted", "duplicate");
    }

    public void unrouted(Exchange exchange) {
        status(exchange, 202, "unrouted", "unrouted");
    }

    public void parked(Exchange exchange) {
        status(exchange, 202, "parked", "parked");
    }

    public void deadLettered(Exchange exchange) {
        status(exchange, 202, "dead-lettered", "dead-lettered");
    }

    public void invalidSignature(Exchange exchange) {
        error(exchange, 401, "invalid signature", "rejected-signature");
    }

    public void brokerUnavailable(Exchange exchange) {
        error(exchange, 503, "broker unavailable, retry later", "broker-unavailable");
    }

    public void internalError(Exchange exchange) {
        error(exchange, 500, "internal error", "failed");
    }

    private void status(Exchange exchange, int code, String status, String outcome) {
        String id = exchange.getProperty(WebhookProperties.EVENT_ID, String.class);
        write(exchange, code, "{\"id\":\"" + escape(id) + "\",\"status\":\"" + status + "\"}");
        record(exchange, outcome, id);
    }

    private void error(Exchange exchange, int code, String error, String outcome) {
        write(exchange, code, "{\"error\":\"" + error + "\"}");
        record(exchange, outcome, exchange.getProperty(WebhookProperties.EVENT_ID, String.class));
    }

    private static void write(Exchange exchange, int code, String body) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, code);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(body);
    }

    private void record(Exchange exchange, String outcome, String id) {
        String source = exchange.getProperty(WebhookProperties.SOURCE, "unknown", String.class);
        counters.computeIfAbsent(source + '|' + outcome, k -> Counter.builder("gateway.webhooks")
                .description("Webhooks received, by source and outcome")
                .tag("source", source).tag("outcome", outcome)
                .register(registry)).increment();
        Long started = exchange.getProperty(WebhookProperties.STARTED_NANOS, Long.class);
        long tookNanos = started == null ? 0 : System.nanoTime() - started;
        timers.computeIfAbsent(source, k -> Timer.builder("gateway.webhook.duration")
                .description("Time from request to reply, by source")
                .tag("source", source)
                .register(registry)).record(tookNanos, TimeUnit.NANOSECONDS);
        if (LOG.isInfoEnabled()) {
            LOG.info("source={} id={} type={} outcome={} tookMs={}", source, id == null ? "-" : id,
                    exchange.getProperty("eventType", "-", String.class), outcome,
                    String.format("%.1f", tookNanos / 1_000_000.0));
        }
    }

    private static String escape(String value) {
        return value == null ? "" : new String(JsonStringEncoder.getInstance().quoteAsString(value));
    }
}
