package io.github.erpgateway.bench.peer;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.TextMessage;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jms.JmsException;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * POST /webhooks/{source}: verify, pick the id and queue, send persistently (the Artemis client blocks until the
 * broker confirms a durable send), then 202 - the same contract as the gateway, with none of its extras.
 */
@RestController
class WebhookController {

    private static final String NOTIFICATION_ID_HEADER = "x-vwd-notification-id";

    private final JmsTemplate jms;
    private final ObjectMapper mapper;
    private final Map<String, PeerProperties.Source> sources;
    private final Map<String, HmacVerifier> verifiers;
    private final boolean duplicateDetection;

    WebhookController(JmsTemplate jms, ObjectMapper mapper, PeerProperties properties) {
        this.jms = jms;
        this.mapper = mapper;
        this.sources = properties.getSources();
        this.duplicateDetection = properties.isDuplicateDetection();
        this.verifiers = sources.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new HmacVerifier(e.getValue().getSecret())));
    }

    @PostMapping(path = "/webhooks/{source}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> receive(@PathVariable String source, @RequestBody byte[] body,
                                   @RequestHeader Map<String, String> headers) {
        PeerProperties.Source config = sources.get(source);
        if (config == null) {
            return ResponseEntity.status(404).body("{\"error\":\"no webhook endpoint at this path\"}");
        }
        // @RequestHeader Map keys keep the sender's case: look the signature up case-insensitively
        if (!verifiers.get(source).verify(body, header(headers, config.getSignatureHeader()))) {
            return ResponseEntity.status(401).body("{\"error\":\"invalid signature\"}");
        }
        JsonNode payload;
        try {
            payload = mapper.readTree(body);
        } catch (IOException e) {
            return ResponseEntity.status(400).body("{\"error\":\"body is not JSON\"}");
        }
        String id = eventId(payload, header(headers, NOTIFICATION_ID_HEADER), body);
        String queue = "erp." + source + "." + entity(source, payload);
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        try {
            jms.send(queue, session -> {
                TextMessage message = session.createTextMessage(text);
                message.setStringProperty("ce_id", id);
                if (duplicateDetection) {
                    // the broker's persisted duplicate detection, as SPEC section 5 asks of every stored message
                    message.setStringProperty("_AMQ_DUPL_ID", id);
                }
                return message;
            });
        } catch (JmsException e) {
            return ResponseEntity.status(503).body("{\"error\":\"broker unavailable, retry later\"}");
        }
        return ResponseEntity.status(202).body("{\"id\":" + quote(id) + ",\"status\":\"accepted\"}");
    }

    /** The gateway's rule: the payload's NotificationId/notificationId, else the header, else SHA-256 of the body. */
    private static String eventId(JsonNode payload, String header, byte[] body) {
        for (String field : new String[] {"NotificationId", "notificationId"}) {
            JsonNode id = payload.get(field);
            if (id != null && !id.isNull() && !id.asText().isBlank()) {
                return id.asText();
            }
        }
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A rough entity for the queue name; the gateway's JSONata mappings do this properly. */
    private static String entity(String source, JsonNode payload) {
        String raw = switch (source) {
            case "business-nxt" -> payload.path("tableIdentifier").asText("unknown");
            case "venio" -> payload.path("topic").asText("unknown");
            default -> {
                String event = payload.path("event").asText("unknown");
                int cut = event.indexOf('_');
                yield cut > 0 ? event.substring(0, cut) : event;
            }
        };
        return raw.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    private String quote(String value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
