package io.github.erpgateway.publish;

import io.github.erpgateway.broker.Queues;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.erpgateway.intake.PayloadLimits;
import io.github.erpgateway.intake.WebhookProperties;
import io.github.erpgateway.mapping.MappingEngine;
import io.github.erpgateway.mapping.MappingException;
import io.github.erpgateway.mapping.NumberText;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsConstants;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Runs the mapping the route chose and writes the canonical CloudEvent (structured JSON mode) as the message body.
 * {@code data} is the vendor's request body spliced in byte for byte, so it is the payload unchanged: no number goes
 * through a double and no field is reordered. Sets the JMS properties consumers select on and the target queue.
 * Attributes past {@code gateway.limits}, or an entity that would be one queue too many ({@link EntityQueues}), raise
 * {@link LimitExceededException}: the route sends the event to {@code erp.unrouted} with the reason.
 */
@Component("cloudEventWriter")
public class CloudEventWriter implements Processor {

    private static final Pattern ENTITY = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final String[] EXTENSIONS = {"tenant", "entity", "action", "vendorevent"};
    /** Extension attribute and JMS property that mark a tenant taken from an unsigned header; its one value. */
    static final String TENANT_SOURCE = "tenantsource";
    static final String HEADER = "header";

    /** Attributes built from the bounded ones (type, source, time, vendorevent) are refused past this length. */
    private static final int MAX_OTHER_ATTRIBUTE_LENGTH = 1024;

    private final MappingEngine mappings;
    private final PayloadLimits limits;
    private final EntityQueues entityQueues;
    private final JsonFactory json = new JsonFactory();
    private final ObjectMapper mapper = new ObjectMapper();
    /** Made once: a bound method reference written in {@link #process} would be an allocation per webhook. */
    private final Predicate<String> admit;
    private final Predicate<String> wouldAdmit;

    public CloudEventWriter(MappingEngine mappings, PayloadLimits limits, EntityQueues entityQueues) {
        this.mappings = mappings;
        this.limits = limits;
        this.entityQueues = entityQueues;
        this.admit = entityQueues::admit;
        this.wouldAdmit = entityQueues::wouldAdmit;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        write(exchange, admit);
    }

    /**
     * Everything {@link #process} does, for a dry run: the same mapping, checks and message, but a new entity queue
     * is only checked against the limit, not counted as one the gateway created.
     */
    public void preview(Exchange exchange) throws IOException {
        write(exchange, wouldAdmit);
    }

    private void write(Exchange exchange, Predicate<String> admission) throws IOException {
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
        bound("entity", entity, limits.getMaxNameLength(), "max-name-length");
        if (!ENTITY.matcher(entity).matches()) {
            throw new MappingException("mapping " + mapping + " produced entity '" + entity + "', which is not kebab-case");
        }
        String subject = optional(attributes, "subject");
        String time = optional(attributes, "time");
        String tenant = optional(attributes, "tenant");
        boolean tenantFromHeader = tenantFromHeader(attributes, mapping);
        String action = optional(attributes, "action");
        bound("event id", id, limits.getMaxIdLength(), "max-id-length");
        bound("action", action, limits.getMaxNameLength(), "max-name-length");
        bound("tenant", tenant, limits.getMaxTenantLength(), "max-tenant-length");
        bound("subject", subject, limits.getMaxSubjectLength(), "max-subject-length");
        for (String other : new String[] {"type", "source", "time", "vendorevent"}) {
            String value = optional(attributes, other);
            if (value != null && value.length() > MAX_OTHER_ATTRIBUTE_LENGTH) {
                throw new LimitExceededException(other + " is longer than " + MAX_OTHER_ATTRIBUTE_LENGTH + " characters");
            }
        }
        String queue = Queues.entity(source, entity);
        if (!admission.test(queue)) {
            throw new LimitExceededException("entity '" + entity + "' would be a new queue past the limit of "
                    + limits.getMaxEntityQueues() + " entity queues (gateway.limits.max-entity-queues)");
        }
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
            if (tenantFromHeader) {
                gen.writeStringField(TENANT_SOURCE, HEADER);
            }
            gen.writeStringField("receivedat", receivedAt);
            gen.writeFieldName("data");
            gen.writeRawValue(dataText(raw, exchange.getIn().getBody()));
            gen.writeEndObject();
        }

        // the mapping normally names the event $eventId; a mapping that takes its id from the signed payload
        // (a custom source's own id field) makes that id the duplicate key
        String parsedId = exchange.getProperty(WebhookProperties.EVENT_ID, String.class);
        String duplicateKey = id.equals(parsedId) ? MessageHeaders.duplicateKey(exchange) : id;

        MessageHeaders.replaceRequestHeaders(exchange);
        Message message = exchange.getIn();
        message.setHeader("ce_id", id);
        message.setHeader("ce_type", type);
        message.setHeader("ce_source", ceSource);
        setIfPresent(message, "ce_subject", subject);
        setIfPresent(message, "ce_time", time);
        setIfPresent(message, "tenant", tenant);
        if (tenantFromHeader) {
            message.setHeader(TENANT_SOURCE, HEADER);
        }
        message.setHeader("entity", entity);
        setIfPresent(message, "action", action);
        StructuredCloudEvent.mark(message);
        message.setHeader(MessageHeaders.GROUP_ID, source + "|" + (tenant == null ? "" : tenant) + "|" + entity + "|"
                + (subject == null ? "" : subject));
        message.setHeader(MessageHeaders.DUPLICATE_ID, duplicateKey);
        // the route's one static jms endpoint sends here (a Camel header: never a JMS property of the message)
        message.setHeader(JmsConstants.JMS_DESTINATION_NAME, queue);
        message.setBody(out.toString());

        exchange.setProperty(WebhookProperties.EVENT_ID, id);
        exchange.setProperty(WebhookProperties.DUPLICATE_KEY, duplicateKey);
        exchange.setProperty(WebhookProperties.EVENT_TYPE, type);
        // for a tenant-bound signature, checked next in the route (intake/SignerTenants), before the duplicate check
        exchange.setProperty(WebhookProperties.TENANT, tenant);
        if (tenantFromHeader) {
            exchange.setProperty(WebhookProperties.TENANT_FROM_HEADER, Boolean.TRUE);
        }
        exchange.setProperty(WebhookProperties.QUEUE, queue);
    }

    /**
     * Whether the mapping took the tenant from an unsigned request header ({@code "tenantsource": "header"}): then no
     * tenant-bound secret verifies the event, and enrichment fetches no token for that tenant (enrich/OAuthTokens).
     */
    private static boolean tenantFromHeader(Map<?, ?> attributes, String mapping) {
        String tenantSource = optional(attributes, TENANT_SOURCE);
        if (tenantSource == null) {
            return false;
        }
        if (!HEADER.equals(tenantSource)) {
            throw new MappingException("mapping " + mapping + " produced tenantsource '" + tenantSource
                    + "': it is either \"header\" or left out");
        }
        return attributes.get("tenant") != null;
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
            return NumberText.of(decimal);
        }
        return value.toString();
    }

    private static void bound(String what, String value, int max, String property) {
        if (value != null && value.length() > max) {
            throw new LimitExceededException(what + " is longer than " + max + " characters (gateway.limits." + property + ")");
        }
    }

    private static void setIfPresent(Message message, String name, String value) {
        if (value != null) {
            message.setHeader(name, value);
        }
    }
}
