package io.github.erpgateway.publish;

import java.nio.charset.StandardCharsets;

import io.github.erpgateway.intake.WebhookProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Prepares what goes to {@code erp.unrouted}, {@code erp.parked} and {@code erp.dlq}: the original request body
 * exactly as received, with properties saying where it came from and why it is there. The reason and the vendor event
 * can quote the payload, so they are cut to a bounded length.
 */
@Component("sideQueueMessages")
public class SideQueueMessages {

    private static final int MAX_TEXT = 300;

    /** A validly signed JSON event no route matched, or one past a {@code gateway.limits} bound; stored as text. */
    public void unrouted(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = caught instanceof LimitExceededException limit ? limit.getMessage()
                : "no route matches event '" + exchange.getProperty(WebhookProperties.VENDOR_EVENT, "", String.class) + "'";
        byte[] raw = prepare(exchange, reason);
        exchange.getIn().setBody(new String(raw, StandardCharsets.UTF_8));
    }

    /** A validly signed body that is not a JSON object (or past a parse bound); stored as the exact bytes. */
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
        MessageHeaders.replaceRequestHeaders(exchange);
        Message message = exchange.getIn();
        message.setHeader("source", source);
        message.setHeader("ce_id", id);
        message.setHeader("reason", reason == null ? "" : cut(reason));
        message.setHeader("receivedat", exchange.getProperty(WebhookProperties.RECEIVED_AT, String.class));
        String vendorEvent = exchange.getProperty(WebhookProperties.VENDOR_EVENT, String.class);
        if (vendorEvent != null) {
            message.setHeader("vendorevent", cut(vendorEvent));
        }
        message.setHeader(MessageHeaders.DUPLICATE_ID, MessageHeaders.duplicateKey(exchange));
        return exchange.getProperty(WebhookProperties.RAW_BODY, byte[].class);
    }

    private static String cut(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
    }
}
