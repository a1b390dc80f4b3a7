package io.github.erpgateway.publish;

import java.util.Map;

import io.github.erpgateway.config.GatewayProperties;
import io.github.erpgateway.intake.WebhookProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Prepares what goes to {@code erp.unrouted}, {@code erp.parked} and {@code erp.dlq}: the original request body
 * exactly as received, with properties saying where it came from and why it is there.
 */
@Component("sideQueueMessages")
public class SideQueueMessages {

    private final Map<String, GatewayProperties.Source> sources;

    public SideQueueMessages(GatewayProperties properties) {
        this.sources = properties.getSources();
    }

    /** A validly signed JSON event no route matched; stored as text. */
    public void unrouted(Exchange exchange) {
        byte[] raw = prepare(exchange, "no route matches event '" + exchange.getProperty(WebhookProperties.VENDOR_EVENT, "", String.class) + "'");
        exchange.getIn().setBody(new String(raw, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A validly signed body that is not a JSON object; stored as the exact bytes. */
    public void parked(Exchange exchange) {
        exchange.getIn().setBody(prepare(exchange, exchange.getProperty(WebhookProperties.PARSE_ERROR, String.class)));
    }

    /** An event whose processing failed; stored as the exact bytes with the failure. */
    public void deadLetter(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = failure == null ? "processing failed" : failure.getMessage();
        exchange.getIn().setBody(prepare(exchange, reason));
    }

    private byte[] prepare(Exchange exchange, String reason) {
        String source = exchange.getProperty(WebhookProperties.SOURCE, String.class);
        String id = exchange.getProperty(WebhookProperties.EVENT_ID, String.class);
        @SuppressWarnings("unchecked")
        Map<String, String> requestHeaders = exchange.getProperty(WebhookProperties.REQUEST_HEADERS, Map.class);
        GatewayProperties.Source config = sources.get(source);
        Message message = exchange.getIn();
        MessageHeaders.replaceRequestHeaders(message, requestHeaders == null ? Map.of() : requestHeaders,
                config == null ? null : config.getSignatureHeader());
        message.setHeader("source", source);
        message.setHeader("ce_id", id);
        message.setHeader("reason", reason == null ? "" : reason);
        message.setHeader("receivedat", exchange.getProperty(WebhookProperties.RECEIVED_AT, String.class));
        String vendorEvent = exchange.getProperty(WebhookProperties.VENDOR_EVENT, String.class);
        if (vendorEvent != null) {
            message.setHeader("vendorevent", vendorEvent);
        }
        message.setHeader(MessageHeaders.DUPLICATE_ID, id);
        return exchange.getProperty(WebhookProperties.RAW_BODY, byte[].class);
    }
}
