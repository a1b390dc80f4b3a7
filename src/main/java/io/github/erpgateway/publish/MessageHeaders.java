package io.github.erpgateway.publish;

import java.util.Map;

import io.github.erpgateway.intake.WebhookProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** The JMS properties every message the gateway stores carries, whatever queue it goes to. */
final class MessageHeaders {

    /** Artemis' duplicate-detection property: the broker drops a second message with the same value on an address. */
    static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    static final String GROUP_ID = "JMSXGroupID";
    private static final String DISPATCHER_PREFIX = "x-vwd-";

    private MessageHeaders() {
    }

    /**
     * Drops every request header (nothing of the request, a signature or token above all, reaches the broker) and
     * keeps only the trusted dispatcher headers as {@code vwd_*} string properties, as
     * {@link io.github.erpgateway.intake.DispatcherHeaders} admitted them: an allowlist, bounded, never a credential
     * header or a secret's value.
     */
    static void replaceRequestHeaders(Exchange exchange) {
        Message message = exchange.getIn();
        message.removeHeaders("*");
        @SuppressWarnings("unchecked")
        Map<String, String> dispatcher = exchange.getProperty(WebhookProperties.DISPATCHER_HEADERS, Map.class);
        if (dispatcher != null) {
            dispatcher.forEach((name, value) -> message.setHeader(
                    "vwd_" + name.substring(DISPATCHER_PREFIX.length()).replace('-', '_'), value));
        }
    }

    /** The value of {@link #DUPLICATE_ID}: never an id that came only from an unsigned header. */
    static String duplicateKey(Exchange exchange) {
        String key = exchange.getProperty(WebhookProperties.DUPLICATE_KEY, String.class);
        return key != null ? key : exchange.getProperty(WebhookProperties.EVENT_ID, String.class);
    }
}
