package io.github.erpgateway.intake;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Turns the verified raw body into a JSON object for routing and mapping, and derives what every later step needs:
 * the event id by the SPEC's rule, the vendor event and its normalised routing key, the receive time.
 * A body that is not a JSON object is not an error here: {@link WebhookProperties#PARSE_ERROR} is set and the
 * shared intake route parks it.
 */
@Component("webhookParser")
public class WebhookParser implements Processor {

    static final String NOTIFICATION_ID_HEADER = "x-vwd-notification-id";

    /** Big decimals and longs keep every number exact: nothing goes through a double. */
    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final ThreadLocal<MessageDigest> sha256 = ThreadLocal.withInitial(WebhookParser::newSha256);

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        byte[] raw = exchange.getProperty(WebhookProperties.RAW_BODY, byte[].class);
        exchange.setProperty(WebhookProperties.RECEIVED_AT, Instant.now().toString());
        exchange.setProperty(WebhookProperties.REQUEST_HEADERS, requestHeaders(in));

        Map<String, Object> payload = null;
        try {
            Object parsed = mapper.readValue(raw, Object.class);
            if (parsed instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) map;
                payload = object;
            } else {
                exchange.setProperty(WebhookProperties.PARSE_ERROR, "body is JSON but not an object");
            }
        } catch (JsonProcessingException e) {
            exchange.setProperty(WebhookProperties.PARSE_ERROR, "body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            exchange.setProperty(WebhookProperties.PARSE_ERROR, "body could not be read: " + e.getMessage());
        }

        exchange.setProperty(WebhookProperties.EVENT_ID, eventId(payload, in, raw));
        if (payload != null) {
            String vendorEvent = vendorEvent(payload, exchange.getProperty(WebhookProperties.EVENT_FIELDS, "event", String.class));
            exchange.setProperty(WebhookProperties.VENDOR_EVENT, vendorEvent);
            exchange.setProperty(WebhookProperties.EVENT_KEY, routingKey(vendorEvent));
            in.setBody(payload);
        }
    }

    /** The vendor's notification id, else the dispatcher's header, else a hash of the body so a redelivery keeps its id. */
    private String eventId(Map<String, Object> payload, Message in, byte[] raw) {
        if (payload != null) {
            for (String field : new String[] {"NotificationId", "notificationId"}) {
                Object id = payload.get(field);
                if (id != null && !id.toString().isBlank()) {
                    return id.toString();
                }
            }
        }
        String header = in.getHeader(NOTIFICATION_ID_HEADER, String.class);
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        return HexFormat.of().formatHex(sha256.get().digest(raw));
    }

    static String vendorEvent(Map<String, Object> payload, String fields) {
        StringBuilder event = new StringBuilder();
        for (String field : fields.split(",")) {
            Object value = payload.get(field.trim());
            if (event.length() > 0) {
                event.append('.');
            }
            event.append(value == null ? "" : value.toString());
        }
        return event.toString();
    }

    /** {@code Customer_Updated} and {@code customer-updated} both become {@code customerupdated}. */
    static String routingKey(String vendorEvent) {
        StringBuilder key = new StringBuilder(vendorEvent.length());
        for (char c : vendorEvent.toLowerCase(Locale.ROOT).toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.') {
                key.append(c);
            }
        }
        return key.toString();
    }

    /** The request's headers as strings with lower-case names, for mappings ({@code $headers.'x-vwd-tenant-id'}). */
    private static Map<String, String> requestHeaders(Message in) {
        Map<String, String> headers = new LinkedHashMap<>();
        in.getHeaders().forEach((name, value) -> {
            if (!name.startsWith("Camel") && value != null) {
                headers.put(name.toLowerCase(Locale.ROOT), value.toString());
            }
        });
        return headers;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
