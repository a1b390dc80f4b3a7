package io.github.erpgateway.enrich;

import io.github.erpgateway.broker.Queues;
import io.github.erpgateway.publish.StructuredCloudEvent;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.erpgateway.publish.SideQueueMessages;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.jms.JmsConstants;
import org.springframework.stereotype.Component;

/**
 * Reads the canonical CloudEvent an enrichment route consumes and writes the enriched one (SPEC section 6): the same
 * attributes and JMS properties, {@code data = {"event": <canonical data>, "record": <record or null>}}, the same
 * JMSXGroupID (one record's events stay in order) and the canonical message's duplicate id as Artemis' duplicate id on
 * the enriched address.
 */
@Component("enrichedEvents")
public class EnrichedEvents {

    /** Exchange properties the enrichment routes and beans share. */
    public static final String VENDOR = "vendor";
    static final String CANONICAL = "canonical";
    static final String CANONICAL_TEXT = "canonicalText";
    static final String CANONICAL_HEADERS = "canonicalHeaders";
    static final String RECORD = "record";
    static final String DUPLICATE_KEY = "canonicalDuplicateKey";
    static final String REPLAY_RUN = "replayRunOfWorkItem";

    private static final Pattern ENTITY = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final String GROUP_ID = "JMSXGroupID";

    /** Takes the consumed message apart; exchange property {@code deleted} says whether there is a record to fetch. */
    public void read(Exchange exchange) throws IOException {
        Message message = exchange.getIn();
        String text = message.getBody(String.class);
        JsonNode parsed = ExactJson.MAPPER.readTree(text);
        if (!(parsed instanceof ObjectNode canonical)) {
            throw new EnrichmentFailedException("the work queue message is not a CloudEvent object");
        }
        String entity = canonical.path("entity").asText("");
        if (!ENTITY.matcher(entity).matches()) {
            throw new EnrichmentFailedException("the event has no kebab-case entity");
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        message.getHeaders().forEach((name, value) -> {
            if (value != null && (name.startsWith("ce_") || name.startsWith("vwd_") || name.equals("tenant")
                    || name.equals("entity") || name.equals("action") || name.equals(GROUP_ID))) {
                kept.put(name, value);
            }
        });
        // neither goes onto the enriched event as a property: the key becomes its duplicate id, the run marker only
        // goes onto a dead letter (EnrichmentFailures), so that the replay run that sent it does not take it again
        exchange.setProperty(DUPLICATE_KEY, message.getHeader(Vendors.DUPLICATE_KEY_PROPERTY, String.class));
        exchange.setProperty(REPLAY_RUN, message.getHeader(SideQueueMessages.REPLAY_RUN, String.class));
        exchange.setProperty(CANONICAL, canonical);
        exchange.setProperty(CANONICAL_TEXT, text);
        exchange.setProperty(CANONICAL_HEADERS, kept);
        exchange.setProperty("eventId", canonical.path("id").asText());
        exchange.setProperty("entity", entity);
        exchange.setProperty("tenant", canonical.path("tenant").asText(null));
        exchange.setProperty("subject", canonical.path("subject").asText(null));
        exchange.setProperty("deleted", "deleted".equals(canonical.path("action").asText()));
        exchange.setProperty(RECORD, NullNode.instance);
    }

    /** The vendor payload the canonical event carries. */
    static JsonNode data(Exchange exchange) {
        return exchange.getProperty(CANONICAL, ObjectNode.class).path("data");
    }

    /** Body and properties of the enriched message; header {@code CamelJmsDestinationName} names its queue. */
    public void write(Exchange exchange) throws IOException {
        ObjectNode canonical = exchange.getProperty(CANONICAL, ObjectNode.class);
        JsonNode record = exchange.getProperty(RECORD, JsonNode.class);
        ObjectNode enriched = canonical.deepCopy();
        ObjectNode data = ExactJson.MAPPER.createObjectNode();
        data.set("event", canonical.path("data"));
        data.set("record", record == null ? NullNode.instance : record);
        enriched.set("data", data);

        Message message = exchange.getIn();
        message.removeHeaders("*");
        @SuppressWarnings("unchecked")
        Map<String, Object> headers = exchange.getProperty(CANONICAL_HEADERS, Map.class);
        headers.forEach(message::setHeader);
        StructuredCloudEvent.mark(message);
        String source = exchange.getProperty(VENDOR, String.class);
        String entity = exchange.getProperty("entity", String.class);
        if (message.getHeader(GROUP_ID) == null) {
            message.setHeader(GROUP_ID, source + "|" + orEmpty(exchange.getProperty("tenant", String.class)) + "|" + entity
                    + "|" + orEmpty(exchange.getProperty("subject", String.class)));
        }
        // a publish in doubt (the gateway killed between send and commit) is stored once. The canonical message's
        // duplicate id, not the event id: that can come from an unsigned header (x-vwd-notification-id), and a
        // forged one would make Artemis drop another event's enriched message
        String duplicateKey = exchange.getProperty(DUPLICATE_KEY, String.class);
        if (duplicateKey == null || duplicateKey.isBlank()) {
            throw new EnrichmentFailedException("the work item has no " + Vendors.DUPLICATE_KEY_PROPERTY
                    + " property (the broker's divert copies it from the canonical message)");
        }
        message.setHeader("_AMQ_DUPL_ID", duplicateKey);
        message.setBody(ExactJson.MAPPER.writeValueAsString(enriched));
        // the route's one static jms endpoint sends here (a Camel header, never a JMS property of the message): no
        // part of what the message carries is evaluated as part of an endpoint URI
        message.setHeader(JmsConstants.JMS_DESTINATION_NAME, Queues.enriched(source, entity));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
