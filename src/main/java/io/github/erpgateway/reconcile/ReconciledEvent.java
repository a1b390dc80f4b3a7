package io.github.erpgateway.reconcile;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/**
 * A record version no webhook covered, as the CloudEvent a webhook would have given (SPEC 6a): type
 * {@code erp.<source>.<entity>.reconciled}, subject the record's key, time its modification time, data the record
 * as fetched, and an id derived from source, tenant, entity, subject and modification time only, so every run and
 * every gateway gives one version the same id. {@code trace}: the run's {@code traceparent} and {@code tracestate}.
 */
record ReconciledEvent(String id, String source, String tenant, String entity, String subject, Instant modified,
        JsonNode record, ObjectMapper json, java.util.Map<String, String> trace) {

    private static final JsonFactory FACTORY = new JsonFactory();

    static String id(String source, String tenant, String entity, String subject, Instant modified) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.join("\n", source, tenant, entity,
                    subject, modified.toString()).getBytes(StandardCharsets.UTF_8));
            return "R" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    String type() {
        return "erp." + source + "." + entity + ".reconciled";
    }

    String ceSource() {
        return "/" + source + "/" + tenant;
    }

    String body() {
        return cloudEvent(recordText());
    }

    /** The enriched queue's shape (SPEC 6): {"event": <the event's data>, "record": <the record>}, fetched once. */
    String enrichedBody() {
        String record = recordText();
        return cloudEvent("{\"event\":" + record + ",\"record\":" + record + "}");
    }

    private String recordText() {
        try {
            return json.writeValueAsString(record);
        } catch (IOException e) {
            throw new IllegalStateException("a parsed record is always writable", e);
        }
    }

    private String cloudEvent(String data) {
        StringWriter out = new StringWriter(data.length() + 512);
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringField("specversion", "1.0");
            gen.writeStringField("id", id);
            gen.writeStringField("source", ceSource());
            gen.writeStringField("type", type());
            gen.writeStringField("subject", subject);
            gen.writeStringField("time", modified.toString());
            gen.writeStringField("datacontenttype", "application/json");
            gen.writeStringField("tenant", tenant);
            gen.writeStringField("entity", entity);
            gen.writeStringField("action", "reconciled");
            gen.writeStringField("receivedat", Instant.now().toString());
            gen.writeFieldName("data");
            gen.writeRawValue(data);
            gen.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string does not fail", e);
        }
        return out.toString();
    }

    /** A message with the JMS properties every canonical message carries (SPEC 5). */
    TextMessage message(Session session, String body) throws JMSException {
        TextMessage message = session.createTextMessage(body);
        message.setStringProperty("ce_id", id);
        message.setStringProperty("ce_type", type());
        message.setStringProperty("ce_source", ceSource());
        message.setStringProperty("ce_subject", subject);
        message.setStringProperty("ce_time", modified.toString());
        message.setStringProperty("tenant", tenant);
        message.setStringProperty("entity", entity);
        message.setStringProperty("action", "reconciled");
        message.setStringProperty("JMSXGroupID", source + "|" + tenant + "|" + entity + "|" + subject);
        message.setStringProperty(BrokerState.DUPLICATE_ID, id);
        // the run's trace, as every message stored on erp.* carries one (traceparent, tracestate)
        for (java.util.Map.Entry<String, String> header : trace.entrySet()) {
            message.setStringProperty(header.getKey(), header.getValue());
        }
        return message;
    }
}
