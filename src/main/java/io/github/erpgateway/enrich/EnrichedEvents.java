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
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Reads the canonical CloudEvent an enrichment route consumes and writes the enriched one (SPEC section 6): the same
 * attributes and JMS properties, {@code data = {"event": <canonical data>, "record": <record or null>}}, the same
 * JMSXGroupID (one record's events stay in order) and the event id as Artemis' duplicate id on the enriched address.
 */
@Component("enrichedEvents")
public class EnrichedEvents {

    /** Exchange properties the enrichment routes and beans share. */
    public static final String VENDOR = "vendor";
    static final String CANONICAL = "canonical";
    static final String CANONICAL_TEXT = "canonicalText";
    static final String CANONICAL_HEADERS = "canonicalHeaders";
    static final String RECORD = "record";

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

    /** Body and properties of the enriched message; exchange property {@code enrichedQueue} is where it goes. */
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
        // a publish in doubt (the gateway killed between send and commit) is stored once
        message.setHeader("_AMQ_DUPL_ID", exchange.getProperty("eventId", String.class));
        message.setBody(ExactJson.MAPPER.writeValueAsString(enriched));
        exchange.setProperty("enrichedQueue", Queues.enriched(source, entity));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
