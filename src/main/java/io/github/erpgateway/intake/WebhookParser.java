package io.github.erpgateway.intake;

import java.io.IOException;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Turns the verified raw body into a JSON object for routing and mapping, and derives what every later step needs:
 * the event id by the SPEC's rule, the duplicate key, the vendor event and its normalised routing key, the receive time.
 * A body that is not a JSON object, or one past the {@link PayloadLimits} (numbers, nesting, id length), is not an
 * error here: {@link WebhookProperties#PARSE_ERROR} is set and the shared intake route parks it.
 */
@Component("webhookParser")
public class WebhookParser implements Processor {

    private static final int MAX_REASON_LENGTH = 300;

    private final ObjectMapper mapper;
    private final PayloadLimits limits;
    private final DispatcherHeaders headers;
    private final BodyHashWindow bodyHashWindow;
    private final ThreadLocal<MessageDigest> sha256 = ThreadLocal.withInitial(WebhookParser::newSha256);

    public WebhookParser(PayloadLimits limits, DispatcherHeaders headers, BodyHashWindow bodyHashWindow) {
        this.limits = limits;
        this.headers = headers;
        this.bodyHashWindow = bodyHashWindow;
        // explicit bounds, not Jackson's defaults: the nesting depth bounds the recursion below, the number length
        // bounds digits as written (an exponent is checked after parsing, see firstUnboundedNumber)
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNumberLength(limits.getMaxNumberLength())
                        .maxNestingDepth(limits.getMaxNestingDepth())
                        .build())
                .build();
        // big decimals and longs keep every number exact: nothing goes through a double
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        byte[] raw = exchange.getProperty(WebhookProperties.RAW_BODY, byte[].class);
        String replayedReceivedAt = exchange.getProperty(WebhookProperties.RECEIVED_AT, String.class);
        long nowMillis = 0;
        if (replayedReceivedAt == null) { // a replay keeps the original's
            Instant now = Instant.now();
            nowMillis = now.toEpochMilli();
            exchange.setProperty(WebhookProperties.RECEIVED_AT, now.toString());
        }
        Map<String, String> dispatcher = headers.dispatcherHeaders(in);
        exchange.setProperty(WebhookProperties.DISPATCHER_HEADERS, dispatcher);
        exchange.setProperty(WebhookProperties.REQUEST_HEADERS, headers.forMappings(in, dispatcher));

        Map<String, Object> payload = null;
        String parseError = null;
        try {
            Object parsed = mapper.readValue(raw, Object.class);
            if (parsed instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) map;
                payload = object;
            } else {
                parseError = "body is JSON but not an object";
            }
        } catch (JsonProcessingException e) {
            parseError = "body is not valid JSON: " + e.getOriginalMessage();
        } catch (IOException e) {
            parseError = "body could not be read: " + e.getMessage();
        }

        if (payload != null && firstUnboundedNumber(payload) != null) {
            parseError = "a number has more than " + limits.getMaxNumberLength()
                    + " digits written out (gateway.limits.max-number-length)";
            payload = null;
        }
        String payloadId = payloadId(payload, exchange.getProperty(WebhookProperties.EVENT_ID_FIELDS, String.class));
        if (payloadId != null && !isBoundedId(payloadId)) {
            parseError = "the notification id in the payload is longer than " + limits.getMaxIdLength()
                    + " characters or not printable ASCII (gateway.limits.max-id-length)";
            payload = null;
            payloadId = null;
        }
        if (parseError != null) {
            exchange.setProperty(WebhookProperties.PARSE_ERROR, bounded(parseError));
        }

        if (payloadId != null) {
            exchange.setProperty(WebhookProperties.EVENT_ID, payloadId);
            exchange.setProperty(WebhookProperties.DUPLICATE_KEY, payloadId);
        } else {
            // the header id names the event (SPEC section 4) but is not signed: the body decides what is a duplicate,
            // within gateway.duplicates.body-hash-window of its first sighting (BodyHashWindow)
            String bodyKey = bodyKey(raw, replayedReceivedAt, nowMillis);
            String headerId = dispatcher.get(DispatcherHeaders.NOTIFICATION_ID);
            exchange.setProperty(WebhookProperties.EVENT_ID, headerId != null ? headerId : bodyKey);
            exchange.setProperty(WebhookProperties.DUPLICATE_KEY, bodyKey);
        }
        if (payload != null) {
            String vendorEvent = vendorEvent(payload, exchange.getProperty(WebhookProperties.EVENT_FIELDS, "event", String.class));
            exchange.setProperty(WebhookProperties.VENDOR_EVENT, vendorEvent);
            exchange.setProperty(WebhookProperties.EVENT_KEY, routingKey(vendorEvent));
            in.setBody(payload);
        }
    }

    /** The duplicate key of an id-less body: a webhook's by its first sighting, a replay's by its original receive time. */
    private String bodyKey(byte[] raw, String replayedReceivedAt, long nowMillis) {
        MessageDigest digest = sha256.get();
        byte[] bodyDigest = digest.digest(raw);
        if (replayedReceivedAt != null) {
            try {
                return bodyHashWindow.keyOfReplay(digest, bodyDigest, Instant.parse(replayedReceivedAt).toEpochMilli());
            } catch (DateTimeParseException e) {
                nowMillis = System.currentTimeMillis(); // a receive time no gateway wrote: the slot of now
            }
        }
        return bodyHashWindow.keyOfWebhook(digest, bodyDigest, nowMillis);
    }

    /**
     * The vendor's event id in the signed payload: the first of the source's {@code eventIdFields} (top-level field
     * names, comma-separated) with a non-blank value, or null.
     */
    static String payloadId(Map<String, Object> payload, String eventIdFields) {
        if (payload == null || eventIdFields == null) {
            return null;
        }
        int start = 0;
        while (start < eventIdFields.length()) {
            int comma = eventIdFields.indexOf(',', start);
            int end = comma < 0 ? eventIdFields.length() : comma;
            String field = eventIdFields.substring(start, end).trim();
            Object id = field.isEmpty() ? null : payload.get(field);
            if (id != null && !(id instanceof Map) && !(id instanceof List) && !id.toString().isBlank()) {
                return id.toString().trim();
            }
            start = end + 1;
        }
        return null;
    }

    private boolean isBoundedId(String id) {
        if (id.length() > limits.getMaxIdLength()) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) < 0x20 || id.charAt(i) > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /**
     * The first decimal whose plain form ({@link BigDecimal#toPlainString()}) would be longer than the limit, or null.
     * {@code 1e999999999} is 11 characters as written but a billion digits written out. Jackson's nesting bound keeps
     * this recursion shallow.
     */
    BigDecimal firstUnboundedNumber(Object value) {
        if (value instanceof BigDecimal decimal) {
            long plainDigits = (long) decimal.precision() + Math.abs((long) decimal.scale());
            return plainDigits > limits.getMaxNumberLength() ? decimal : null;
        }
        if (value instanceof Map<?, ?> map) {
            for (Object child : map.values()) {
                BigDecimal found = firstUnboundedNumber(child);
                if (found != null) {
                    return found;
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object child : list) {
                BigDecimal found = firstUnboundedNumber(child);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
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

    private static String bounded(String reason) {
        return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH) + "...";
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
