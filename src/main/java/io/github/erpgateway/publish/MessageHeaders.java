package io.github.erpgateway.publish;

import java.util.Locale;
import java.util.Map;

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
     * Drops every request header (nothing of the request, the signature above all, reaches the broker) and keeps the
     * Visma dispatcher's {@code x-vwd-*} headers as {@code vwd_*} string properties.
     */
    static void replaceRequestHeaders(Message message, Map<String, String> requestHeaders, String signatureHeader) {
        message.removeHeaders("*");
        requestHeaders.forEach((name, value) -> {
            if (name.startsWith(DISPATCHER_PREFIX) && !name.equalsIgnoreCase(signatureHeader) && !name.startsWith("x-vwd-signature")) {
                message.setHeader("vwd_" + name.substring(DISPATCHER_PREFIX.length()).replace('-', '_').toLowerCase(Locale.ROOT), value);
            }
        });
    }
}
