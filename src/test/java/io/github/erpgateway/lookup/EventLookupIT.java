package io.github.erpgateway.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.erpgateway.support.GatewayTestSupport;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code GET /actuator/events/{id}} and its JMX operation against the real gateway and broker, as each role: a stored
 * event, one set aside with its reason, one carrying a traceparent, an unknown id (404 with the hint), ids that cannot
 * be one, and the bounds of the scan; the messages stay where they are.
 */
class EventLookupIT extends GatewayTestSupport {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String VIEWER = "test-viewer:viewer-password";
    private static final String MANAGER = "test-manager:manager-password";
    private static final String ADMIN = "test-admin:admin-password";

    @LocalServerPort
    int port;

    @Autowired
    EventLookupJmx jmx;

    @Autowired
    LookupProperties lookupProperties;

    @Test
    void aStoredEventIsFoundByEveryRoleAndStaysWhereItIs() throws Exception {
        String id = newId();
        String body = Files.readString(Path.of("samples/visma-net/customer-changed.json"))
                .replace("E1694a1b2c3d4e5f6a7b8c9d0e1f907ff", id);
        assertThat(postVisma(body).statusCode()).isEqualTo(202);
        String receivedAt = json(text(browseEvent("erp.visma-net.customer", id))).get("receivedat").asText();

        for (String user : List.of(VIEWER, MANAGER, ADMIN)) {
            HttpResponse<String> reply = lookup(user, id);
            assertThat(reply.statusCode()).as(user + ": " + reply.body()).isEqualTo(200);
            JsonNode answer = json(reply.body());
            assertThat(answer.get("complete").asBoolean()).isTrue();
            assertThat(answer.get("found")).hasSize(1);
            JsonNode hit = answer.get("found").get(0);
            assertThat(hit.get("queue").asText()).isEqualTo("erp.visma-net.customer");
            assertThat(hit.get("type").asText()).isEqualTo("erp.visma-net.customer.updated");
            assertThat(hit.get("receivedat").asText()).isEqualTo(receivedAt);
            assertThat(hit.get("deliveryCount").asInt()).as("never delivered yet").isZero();
            assertThat(hit.has("reason")).isFalse();
            // export is off in this context: the trace is not sampled (flags 00), yet its ids are stored and reported
            assertThat(hit.get("traceparent").asText()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00");
            assertThat(hit.get("traceId").asText()).isEqualTo(hit.get("traceparent").asText().substring(3, 35));
            assertThat(answer.get("queuesSearched").toString()).contains("erp.dlq", "erp.unrouted", "erp.visma-net.customer");
        }
        // browsed, never consumed: still there, and its delivery count did not grow
        assertThat(count("erp.visma-net.customer", "ce_id = '" + id + "'")).isEqualTo(1);
        assertThat(json(lookup(VIEWER, id).body()).at("/found/0/deliveryCount").asInt()).isZero();
        // a consumer that took it and rolled back: one delivery
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(gatewayProperties.getBroker().getListen());
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            try (var consumer = session.createConsumer(session.createQueue("erp.visma-net.customer"), "ce_id = '" + id + "'")) {
                assertThat(consumer.receive(5000)).isNotNull();
                session.rollback();
            }
        }
        assertThat(json(lookup(VIEWER, id).body()).at("/found/0/deliveryCount").asInt()).isEqualTo(1);
        assertThat(lookup(null, id).statusCode()).isEqualTo(401);
    }

    @Test
    void anUnroutedEventIsFoundWithItsReason() throws Exception {
        String id = newId();
        HttpResponse<String> reply = postVisma("{\"event\":\"Widget_Exploded\",\"notificationId\":\"" + id + "\"}");
        assertThat(json(reply.body()).get("status").asText()).isEqualTo("unrouted");
        Message stored = browseEvent("erp.unrouted", id);

        JsonNode answer = json(lookup(VIEWER, id).body());
        JsonNode hit = answer.get("found").get(0);
        assertThat(hit.get("queue").asText()).isEqualTo("erp.unrouted");
        assertThat(hit.get("reason").asText()).isEqualTo("no route matches event 'Widget_Exploded'");
        assertThat(hit.get("source").asText()).isEqualTo("visma-net");
        assertThat(hit.get("receivedat").asText()).isEqualTo(stored.getStringProperty("receivedat"));
        assertThat(hit.get("messageId").asText()).isEqualTo(stored.getJMSMessageID());
    }

    @Test
    void aMessageWithATraceparentShowsItAndAQuoteInTheIdIsJustAnId() throws Exception {
        String id = "it's-" + newId() + "' OR ce_id IS NOT NULL OR '";
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        send("erp.dlq", id, Map.of("traceparent", traceparent, "reason", "a test dead letter"));

        JsonNode answer = json(lookup(VIEWER, id).body());
        assertThat(answer.get("found")).hasSize(1);
        assertThat(answer.at("/found/0/queue").asText()).isEqualTo("erp.dlq");
        assertThat(answer.at("/found/0/traceparent").asText()).isEqualTo(traceparent);
        assertThat(answer.at("/found/0/traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(answer.at("/found/0/reason").asText()).isEqualTo("a test dead letter");
        // the part before the quote alone is no id of anything: nothing matched by a crafted selector
        assertThat(lookup(VIEWER, "it").statusCode()).isEqualTo(404);
    }

    @Test
    void anUnknownIdIs404WithAHint() throws Exception {
        HttpResponse<String> reply = lookup(VIEWER, newId());
        assertThat(reply.statusCode()).isEqualTo(404);
        JsonNode answer = json(reply.body());
        assertThat(answer.get("found")).isEmpty();
        assertThat(answer.get("complete").asBoolean()).isTrue();
        assertThat(answer.get("hint").asText()).contains("consumed", "never stored", "gateway.webhooks",
                "gateway_webhooks_total{outcome=\"duplicate\"}");
    }

    @Test
    void idsThatCannotBeOneAreRefused() throws Exception {
        assertThat(lookup(VIEWER, "x".repeat(129)).statusCode()).isEqualTo(400);
        assertThat(json(lookup(VIEWER, "x".repeat(129)).body()).get("error").asText()).contains("gateway.limits.max-id-length");
        assertThat(lookup(VIEWER, "caf\u00e9").statusCode()).isEqualTo(400);
    }

    @Test
    void theScanIsBoundedAndSaysWhenItStoppedEarly() throws Exception {
        String id = newId();
        send("erp.parked", newId(), Map.of());
        send("erp.parked", newId(), Map.of());
        send("erp.unrouted", id, Map.of());
        int maxMessages = lookupProperties.getMaxMessages();
        Duration maxDuration = lookupProperties.getMaxDuration();
        try {
            lookupProperties.setMaxMessages(1);
            HttpResponse<String> reply = lookup(VIEWER, id);
            JsonNode answer = json(reply.body());
            assertThat(reply.statusCode()).isEqualTo(404);
            assertThat(answer.get("complete").asBoolean()).isFalse();
            assertThat(answer.get("stoppedEarly").asText()).contains("after 1 messages (gateway.lookup.max-messages)");
            assertThat(answer.get("messagesBrowsed").asInt()).isEqualTo(1);
            assertThat(answer.get("hint").asText()).startsWith("Not found in the part searched");

            lookupProperties.setMaxMessages(maxMessages);
            lookupProperties.setMaxDuration(Duration.ZERO);
            answer = json(lookup(VIEWER, id).body());
            assertThat(answer.get("complete").asBoolean()).isFalse();
            assertThat(answer.get("stoppedEarly").asText()).contains("gateway.lookup.max-duration");
        } finally {
            lookupProperties.setMaxMessages(maxMessages);
            lookupProperties.setMaxDuration(maxDuration);
        }
        assertThat(json(lookup(VIEWER, id).body()).at("/found/0/queue").asText()).isEqualTo("erp.unrouted");
    }

    @Test
    void theJmxOperationAnswersTheViewerThroughJolokia() throws Exception {
        String id = newId();
        send("erp.dlq", id, Map.of("reason", "through JMX"));
        // the name this gateway registered (other gateways of the test run share the JVM and its MBean server)
        String mbean = jmx.objectName().toString();
        ObjectNode request = JSON.createObjectNode().put("type", "exec").put("mbean", mbean).put("operation", "find");
        request.putArray("arguments").add(id);
        for (String user : List.of(VIEWER, ADMIN)) {
            JsonNode reply = json(post("/actuator/jolokia", user, JSON.writeValueAsString(request)).body());
            assertThat(reply.get("status").asInt()).as(user + ": " + reply).isEqualTo(200);
            assertThat(reply.at("/value/status").asInt()).isEqualTo(200);
            assertThat(reply.at("/value/found/0/queue").asText()).isEqualTo("erp.dlq");
            assertThat(reply.at("/value/found/0/reason").asText()).isEqualTo("through JMX");
        }
        request.putArray("arguments").add(newId());
        assertThat(json(post("/actuator/jolokia", VIEWER, JSON.writeValueAsString(request)).body())
                .at("/value/status").asInt()).isEqualTo(404);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private void send(String queue, String id, Map<String, String> properties) throws Exception {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(gatewayProperties.getBroker().getListen());
        try (Connection connection = factory.createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            var message = session.createTextMessage("{\"test\":true}");
            message.setStringProperty("ce_id", id);
            for (Map.Entry<String, String> property : properties.entrySet()) {
                message.setStringProperty(property.getKey(), property.getValue());
            }
            producer.send(message);
        }
    }

    private HttpResponse<String> lookup(String credentials, String id) throws Exception {
        return send(HttpRequest.newBuilder(uri("/actuator/events/" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                .replace("+", "%20"))).GET(), credentials);
    }

    private HttpResponse<String> post(String path, String credentials, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), credentials);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String credentials) throws Exception {
        if (credentials != null) {
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
