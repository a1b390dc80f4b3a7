package io.github.erpgateway.reply;


import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.github.erpgateway.intake.WebhookProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Writes the reply of SPEC section 2 and records its outcome ({@link WebhookOutcomes}). Every reply starts from an empty header set, so nothing of the request (the
 * signature above all) is echoed back, and no reply carries a stack trace or an internal name.
 */
@Component("webhookReply")
public class WebhookReply {

    private final WebhookOutcomes outcomes;

    public WebhookReply(WebhookOutcomes outcomes) {
        this.outcomes = outcomes;
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

    /** Signed with a secret bound to another tenant: the same reply as a bad signature, counted apart. */
    public void tenantNotSigned(Exchange exchange) {
        error(exchange, 401, "invalid signature", "rejected-tenant");
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
        exchange.setProperty(WebhookProperties.OUTCOME, outcome);
        if (exchange.getProperty(WebhookProperties.REPLAY_RUN) != null) {
            return; // a replay is not a webhook: it is counted in gateway.replays (replay/ReplayRunner)
        }
        Long started = exchange.getProperty(WebhookProperties.STARTED_NANOS, Long.class);
        outcomes.record(exchange.getProperty(WebhookProperties.SOURCE, "unknown", String.class), outcome, id,
                exchange.getProperty(WebhookProperties.EVENT_TYPE, String.class), started == null ? -1 : System.nanoTime() - started);
    }

    private static String escape(String value) {
        return value == null ? "" : new String(JsonStringEncoder.getInstance().quoteAsString(value));
    }
}
