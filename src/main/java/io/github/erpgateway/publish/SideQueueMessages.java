package io.github.erpgateway.publish;

import java.nio.charset.StandardCharsets;

import io.github.erpgateway.intake.WebhookProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Prepares what goes to {@code erp.unrouted}, {@code erp.parked} and {@code erp.dlq}: the original request body
 * exactly as received, with properties saying where it came from and why it is there. The reason and the vendor event
 * can quote the payload, so they are cut to a bounded length. Property {@code origin=webhook} says where a replay
 * brings the message back in (replay/ReplayRunner).
 */
@Component("sideQueueMessages")
public class SideQueueMessages {

    private static final int MAX_TEXT = 300;

    /** Where a side-queue message re-enters when it is replayed (docs/replay.md): direct:replay-&lt;origin&gt;. */
    public static final String ORIGIN = "origin";
    /** The origin of what this class stores: a verified webhook, re-entering at its source's events route. */
    public static final String WEBHOOK = "webhook";
    /** The replay run that put a message back on a side queue; that run does not take it again. */
    public static final String REPLAY_RUN = "replayrun";

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
        message.setHeader(ORIGIN, WEBHOOK);
        String replayOf = exchange.getProperty(WebhookProperties.REPLAY_OF, String.class);
        if (replayOf == null) {
            message.setHeader(MessageHeaders.DUPLICATE_ID, MessageHeaders.duplicateKey(exchange));
        } else {
            // replayed onto a side queue again: the original's duplicate id is already in the address's id cache and
            // the broker would drop the copy after the original left the queue. An id made from the original message
            // keeps a repeated replay of the same message (its commit was lost) from storing it twice.
            message.setHeader(MessageHeaders.DUPLICATE_ID, MessageHeaders.duplicateKey(exchange) + "|replay-of|" + replayOf);
            message.setHeader(REPLAY_RUN, exchange.getProperty(WebhookProperties.REPLAY_RUN, String.class));
        }
        return exchange.getProperty(WebhookProperties.RAW_BODY, byte[].class);
    }

    private static String cut(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
    }
}
