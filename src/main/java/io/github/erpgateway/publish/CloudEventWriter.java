package io.github.erpgateway.publish;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.erpgateway.config.GatewayProperties;
import io.github.erpgateway.enrich.EnrichmentMark;
import io.github.erpgateway.intake.WebhookProperties;
import io.github.erpgateway.mapping.MappingEngine;
import io.github.erpgateway.mapping.MappingException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Runs the mapping the route chose and writes the canonical CloudEvent (structured JSON mode) as the message body.
 * {@code data} is the vendor's request body spliced in byte for byte, so it is the payload unchanged: no number goes
 * through a double and no field is reordered. Sets the JMS properties consumers select on and the target queue.
 */
@Component("cloudEventWriter")
public class CloudEventWriter implements Processor {

    private static final Pattern ENTITY = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final String[] EXTENSIONS = {"tenant", "entity", "action", "vendorevent"};

    private final MappingEngine mappings;
    private final Map<String, GatewayProperties.Source> sources;
    private final JsonFactory json = new JsonFactory();
    private final ObjectMapper mapper = new ObjectMapper();

    public CloudEventWriter(MappingEngine mappings, GatewayProperties properties) {
        this.mappings = mappings;
        this.sources = properties.getSources();
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        String source = exchange.getProperty(WebhookProperties.SOURCE, String.class);
        String mapping = exchange.getProperty(WebhookProperties.MAPPING, String.class);
        if (mapping == null || mapping.isBlank()) {
            throw new MappingException("the route chose no mapping (set exchange property 'mapping')");
        }
        Object result = mappings.evaluate(mapping, exchange.getIn().getBody(), variables(exchange, source));
        if (!(result instanceof Map<?, ?> attributes)) {
            throw new MappingException("mapping " + mapping + " did not produce an object");
        }
        String id = required(attributes, "id", mapping);
        String type = required(attributes, "type", mapping);
        String ceSource = required(attributes, "source", mapping);
        String entity = required(attributes, "entity", mapping);
        if (!ENTITY.matcher(entity).matches()) {
            throw new MappingException("mapping " + mapping + " produced entity '" + entity + "', which is not kebab-case");
        }
        String subject = optional(attributes, "subject");
        String time = optional(attributes, "time");
        String tenant = optional(attributes, "tenant");
        String receivedAt = exchange.getProperty(WebhookProperties.RECEIVED_AT, String.class);
        byte[] raw = exchange.getProperty(WebhookProperties.RAW_BODY, byte[].class);

        StringWriter out = new StringWriter(raw.length + 512);
        try (JsonGenerator gen = json.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringField("specversion", "1.0");
            gen.writeStringField("id", id);
            gen.writeStringField("source", ceSource);
            gen.writeStringField("type", type);
            if (subject != null) {
                gen.writeStringField("subject", subject);
            }
            if (time != null) {
                gen.writeStringField("time", time);
            }
            gen.writeStringField("datacontenttype", "application/json");
            for (String extension : EXTENSIONS) {
                String value = optional(attributes, extension);
                if (value != null) {
                    gen.writeStringField(extension, value);
                }
            }
            gen.writeStringField("receivedat", receivedAt);
            gen.writeFieldName("data");
            gen.writeRawValue(dataText(raw, exchange.getIn().getBody()));
            gen.writeEndObject();
        }

        Message message = exchange.getIn();
        @SuppressWarnings("unchecked")
        Map<String, String> requestHeaders = exchange.getProperty(WebhookProperties.REQUEST_HEADERS, Map.class);
        GatewayProperties.Source config = sources.get(source);
        MessageHeaders.replaceRequestHeaders(message, requestHeaders, config == null ? null : config.getSignatureHeader());
        message.setHeader("ce_id", id);
        message.setHeader("ce_type", type);
        message.setHeader("ce_source", ceSource);
        setIfPresent(message, "ce_subject", subject);
        setIfPresent(message, "ce_time", time);
        setIfPresent(message, "tenant", tenant);
        message.setHeader("entity", entity);
        setIfPresent(message, "action", optional(attributes, "action"));
        message.setHeader(MessageHeaders.GROUP_ID, source + "|" + (tenant == null ? "" : tenant) + "|" + entity + "|"
                + (subject == null ? "" : subject));
        message.setHeader(MessageHeaders.DUPLICATE_ID, id);
        EnrichmentMark.apply(exchange, message, entity);
        message.setBody(out.toString());

        exchange.setProperty(WebhookProperties.EVENT_ID, id);
        exchange.setProperty("eventType", type);
        exchange.setProperty(WebhookProperties.QUEUE, "erp." + source + "." + entity);
    }

    private static Map<String, Object> variables(Exchange exchange, String source) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("source", source);
        variables.put("eventId", exchange.getProperty(WebhookProperties.EVENT_ID));
        variables.put("receivedAt", exchange.getProperty(WebhookProperties.RECEIVED_AT));
        variables.put("vendorEvent", exchange.getProperty(WebhookProperties.VENDOR_EVENT));
        variables.put("eventKey", exchange.getProperty(WebhookProperties.EVENT_KEY));
        variables.put("headers", exchange.getProperty(WebhookProperties.REQUEST_HEADERS));
        return variables;
    }

    /** The body as JSON text to embed; UTF-8 bodies verbatim (minus a BOM), anything else re-serialised. */
    private String dataText(byte[] raw, Object payload) throws IOException {
        int start = raw.length >= 3 && (raw[0] & 0xFF) == 0xEF && (raw[1] & 0xFF) == 0xBB && (raw[2] & 0xFF) == 0xBF ? 3 : 0;
        boolean utf8 = raw.length - start >= 2 && raw[start] != 0 && raw[start + 1] != 0
                && (raw[start] & 0xFF) != 0xFE && (raw[start] & 0xFF) != 0xFF;
        return utf8 ? new String(raw, start, raw.length - start, StandardCharsets.UTF_8) : mapper.writeValueAsString(payload);
    }

    private static String required(Map<?, ?> attributes, String name, String mapping) {
        String value = optional(attributes, name);
        if (value == null || value.isBlank()) {
            throw new MappingException("mapping " + mapping + " produced no '" + name + "'");
        }
        return value;
    }

    private static String optional(Map<?, ?> attributes, String name) {
        Object value = attributes.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof java.math.BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return value.toString();
    }

    private static void setIfPresent(Message message, String name, String value) {
        if (value != null) {
            message.setHeader(name, value);
        }
    }
}
