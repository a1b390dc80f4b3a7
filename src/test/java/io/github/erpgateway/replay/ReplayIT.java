package io.github.erpgateway.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.erpgateway.support.GatewayTestSupport;
import io.github.erpgateway.support.RoutesCopy;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Replay from erp.unrouted, erp.dlq and erp.parked after the cause was fixed (a route edited live, a missing mapping
 * file added, a limit raised), over real HTTP on the management port, against the real broker: the exact bytes and
 * dispatcher headers are stored, nothing twice when a replay is repeated, nothing lost when the broker refuses, and
 * only the admin may replay.
 */
class ReplayIT extends GatewayTestSupport {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String VIEWER = "test-viewer:viewer-password";
    private static final String MANAGER = "test-manager:manager-password";
    private static final String ADMIN = "test-admin:admin-password";

    /** Test events "<thing>_Happened" go to erp.visma-net.<thing>; gizmo's mapping file does not exist at first. */
    private static final String TEST_WHENS = """
            - id: replay-test-missing-mapping
              description: test events whose mapping file does not exist yet
              simple: "${exchangeProperty.eventKey} == 'gizmohappened'"
              steps:
                - setProperty:
                    name: mapping
                    constant: gizmo.jsonata
            - id: replay-test-things
              description: test events routed to erp.visma-net.<thing>
              simple: "${exchangeProperty.eventKey} regex '(doohickey|thingamajig|sprocket-never)happened'"
              steps:
                - setProperty:
                    name: mapping
                    constant: replay-test.jsonata
            """.indent(14);
    private static final String TEST_MAPPING = """
            (
              $thing := $substringBefore($eventKey, "happened");
              {
                "id": $eventId,
                "source": "/" & $source,
                "type": "erp." & $source & "." & $thing & ".happened",
                "tenant": $lookup($headers, "x-vwd-tenant-id"),
                "entity": $thing,
                "action": "happened",
                "vendorevent": $vendorEvent
              }
            )
            """;

    private static RoutesCopy copy;

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedActiveMQ broker;

    @Autowired
    ReplayJmx jmx;

    @DynamicPropertySource
    static void editableRoutes(DynamicPropertyRegistry registry) throws IOException {
        copy = RoutesCopy.create("routes-replay");
        Path route = copy.routes.resolve("visma-net.camel.yaml");
        String original = Files.readString(route);
        // the choice's list of `when`s ends the file: two more at its end
        assertThat(original).endsWith("constant: visma-net-background-operation.jsonata\n");
        Files.writeString(route, original + TEST_WHENS);
        Files.writeString(copy.mappings.resolve("replay-test.jsonata"), TEST_MAPPING);
        copy.register(registry);
        registry.add("gateway.mappings.reload-check-interval", () -> "100ms");
        registry.add("gateway.routes.reload.check-interval", () -> "300ms");
    }

    // ---- each side queue, after the cause was fixed ---------------------------------------------------------------

    @Test
    void unroutedEventsAreStoredOnceTheRouteIsFixedAndNeverTwice() throws Exception {
        String selector = "vendorevent = 'Widget_Happened'";
        List<String> ids = new ArrayList<>();
        Map<String, String> bodies = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            String id = newId();
            String body = "{\"event\":\"Widget_Happened\",\"notificationId\":\"" + id + "\",\"amount\":1234.50,\"big\":9007199254740993}";
            ids.add(id);
            bodies.put(id, body);
            assertThat(json(postWithTenant(body, "tenant-" + i).body()).get("status").asText()).isEqualTo("unrouted");
        }
        Map<String, String> receivedAt = new HashMap<>();
        for (Message message : browse("erp.unrouted", selector)) {
            receivedAt.put(message.getStringProperty("ce_id"), message.getStringProperty("receivedat"));
        }
        assertThat(receivedAt).hasSize(3);

        // not fixed yet: each goes back onto erp.unrouted, none lost (the broker's duplicate detection must not drop it)
        JsonNode before = replay(ADMIN, "erp.unrouted", null, selector, 200);
        assertThat(before.get("moved").asInt()).isEqualTo(3);
        assertThat(before.get("unrouted").asInt()).isEqualTo(3);
        assertThat(count("erp.unrouted", selector)).isEqualTo(3);

        Path route = copy.routes.resolve("visma-net.camel.yaml");
        Files.writeString(route, Files.readString(route).replace("(doohickey|", "(widget|probe|doohickey|"));
        awaitRouted("Probe_Happened");

        JsonNode two = replay(ADMIN, "erp.unrouted", 2, selector, 200);
        assertThat(two.get("moved").asInt()).isEqualTo(2);
        assertThat(two.get("stored").asInt()).isEqualTo(2);
        assertThat(count("erp.unrouted", selector)).isEqualTo(1);
        JsonNode rest = replay(ADMIN, "erp.unrouted", null, selector, 200);
        assertThat(rest.get("stored").asInt()).isEqualTo(1);
        assertThat(replay(ADMIN, "erp.unrouted", null, selector, 200).get("moved").asInt()).isZero();

        for (int i = 0; i < 3; i++) {
            String id = ids.get(i);
            Message stored = receiveEvent("erp.visma-net.widget", id);
            JsonNode cloudEvent = json(text(stored));
            assertThat(text(stored)).as("the exact bytes as data").contains("\"data\":" + bodies.get(id));
            assertThat(cloudEvent.get("receivedat").asText()).isEqualTo(receivedAt.get(id));
            assertThat(stored.getStringProperty("tenant")).as("from the dispatcher header").isEqualTo("tenant-" + i);
            assertThat(stored.getStringProperty("vwd_tenant_id")).isEqualTo("tenant-" + i);
        }
        assertThat(count("erp.visma-net.widget", null)).isZero();
        // the vendor's retry after the replay is a duplicate
        assertThat(json(postWithTenant(bodies.get(ids.get(0)), "tenant-0").body()).get("status").asText()).isEqualTo("accepted");
        assertThat(count("erp.visma-net.widget", null)).isZero();
    }

    @Test
    void deadLettersAreStoredOnceTheMappingExistsAndALostCommitStoresNothingTwice() throws Exception {
        String id = newId();
        String body = "{\"event\":\"Gizmo_Happened\",\"notificationId\":\"" + id + "\"}";
        assertThat(json(postWithTenant(body, "t-gizmo").body()).get("status").asText()).isEqualTo("dead-lettered");
        String selector = "ce_id = '" + id + "'";
        List<Message> original = browse("erp.dlq", selector);
        assertThat(original).hasSize(1);

        Files.writeString(copy.mappings.resolve("gizmo.jsonata"), TEST_MAPPING);
        JsonNode replayed = replay(ADMIN, "erp.dlq", null, selector, 200);
        assertThat(replayed.get("stored").asInt()).isEqualTo(1);
        assertThat(count("erp.dlq", selector)).isZero();
        assertThat(count("erp.visma-net.gizmo", selector)).isEqualTo(1);

        // the replay stored it, but its removal from erp.dlq was lost (the broker failed before the commit)
        resend("erp.dlq", original.get(0));
        JsonNode again = replay(ADMIN, "erp.dlq", null, selector, 200);
        assertThat(again.get("moved").asInt()).isEqualTo(1);
        assertThat(again.get("duplicates").asInt()).isEqualTo(1);
        assertThat(count("erp.dlq", selector)).isZero();
        assertThat(count("erp.visma-net.gizmo", selector)).isEqualTo(1);
        assertThat(text(receiveEvent("erp.visma-net.gizmo", id))).contains("\"data\":" + body);

        assertThat(get("/actuator/prometheus", null).body())
                .containsPattern("gateway_replays_total\\{[^}]*outcome=\"stored\",queue=\"erp.dlq\"")
                .containsPattern("gateway_replays_total\\{[^}]*outcome=\"duplicate\",queue=\"erp.dlq\"");
    }

    @Test
    void parkedBodiesAreStoredOnceTheyParseAndTheRestStayParked() throws Exception {
        byte[] notJson = ("not json " + newId()).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> parked = postVisma(notJson);
        String notJsonId = json(parked.body()).get("id").asText();
        assertThat(json(parked.body()).get("status").asText()).isEqualTo("parked");

        // parked by a gateway whose gateway.limits were lower: valid JSON, the exact bytes kept
        String id = newId();
        byte[] body = ("{\"event\":\"Doohickey_Happened\",\"notificationId\":\"" + id + "\",\"n\":12345678901234567890}")
                .getBytes(StandardCharsets.UTF_8);
        parkAsTheGatewayDid(body, id, "tenant-parked");

        JsonNode all = replay(ADMIN, "erp.parked", null, null, 200);
        assertThat(all.get("stored").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(all.get("parked").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(all.get("failed").asInt()).isZero();

        Message stored = receiveEvent("erp.visma-net.doohickey", id);
        assertThat(json(text(stored)).get("receivedat").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(text(stored)).contains("\"data\":" + new String(body, StandardCharsets.UTF_8));
        assertThat(stored.getStringProperty("tenant")).isEqualTo("tenant-parked");
        assertThat(count("erp.parked", "ce_id = '" + id + "'")).isZero();
        List<Message> stillParked = browse("erp.parked", "ce_id = '" + notJsonId + "'");
        assertThat(stillParked).as("not JSON: parked again, once").hasSize(1);
        assertThat(bytes(stillParked.get(0))).isEqualTo(notJson);
    }

    @Test
    void aBrokerThatRefusesTheStoreLeavesTheMessageWhereItWas() throws Exception {
        String address = "erp.visma-net.thingamajig";
        broker.getActiveMQServer().getAddressSettingsRepository().addMatch(address, new AddressSettings()
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.FAIL).setMaxSizeBytes(1));
        try {
            String filler = "{\"event\":\"Thingamajig_Happened\",\"notificationId\":\"" + newId() + "\"}";
            assertThat(postVisma(filler).statusCode()).isEqualTo(202); // the address is full now
            String id = newId();
            byte[] body = ("{\"event\":\"Thingamajig_Happened\",\"notificationId\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
            parkAsTheGatewayDid(body, id, "t");
            String selector = "ce_id = '" + id + "'";

            JsonNode refused = replay(ADMIN, "erp.parked", null, selector, 503);
            assertThat(refused.get("failed").asInt()).isEqualTo(1);
            assertThat(refused.get("moved").asInt()).isZero();
            assertThat(refused.get("error").asText()).contains("stays on erp.parked");
            assertThat(refused.toString()).doesNotContain("Exception").doesNotContain("AMQ");
            assertThat(count("erp.parked", selector)).isEqualTo(1);

            while (receive(address, null, 500) != null) {
                // consumers make room
            }
            // the Artemis client may refuse once more from the full state it remembers (as BrokerBlockingIT sees)
            HttpResponse<String> after = null;
            for (int attempt = 0; attempt < 10 && (after == null || after.statusCode() != 200); attempt++) {
                after = post("/actuator/replay", ADMIN, request("erp.parked", null, selector));
            }
            assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
            assertThat(json(after.body()).get("stored").asInt()).isEqualTo(1);
            assertThat(count("erp.parked", selector)).isZero();
            receiveEvent(address, id);
        } finally {
            broker.getActiveMQServer().getAddressSettingsRepository().removeMatch(address);
        }
    }

    // ---- who may replay ------------------------------------------------------------------------------------------

    @Test
    void onlyTheAdminReplaysOverHttpAndJmx() throws Exception {
        String id = newId();
        String body = "{\"event\":\"Sprocket_Happened\",\"notificationId\":\"" + id + "\"}";
        assertThat(json(postWithTenant(body, "t").body()).get("status").asText()).isEqualTo("unrouted");
        String selector = "ce_id = '" + id + "'";

        for (String user : List.of(VIEWER, MANAGER)) {
            HttpResponse<String> refused = post("/actuator/replay", user, request("erp.unrouted", null, selector));
            assertThat(refused.statusCode()).as(user).isEqualTo(403);
            assertThat(exec(user, "replay", "erp.unrouted", 0, selector).get("status").asInt()).as(user).isEqualTo(403);
        }
        assertThat(post("/actuator/replay", null, request("erp.unrouted", null, selector)).statusCode()).isEqualTo(401);
        assertThat(post("/actuator/replay", "test-admin:wrong", request("erp.unrouted", null, selector)).statusCode())
                .isEqualTo(401);
        assertThat(browse("erp.unrouted", selector)).hasSize(1).allSatisfy(m -> assertThat(m.getStringProperty("replayrun")).isNull());

        JsonNode jmx = exec(ADMIN, "replay", "erp.unrouted", 0, selector);
        assertThat(jmx.get("status").asInt()).as(jmx.toString()).isEqualTo(200);
        assertThat(jmx.at("/value/moved").asInt()).isEqualTo(1);
        assertThat(jmx.at("/value/unrouted").asInt()).isEqualTo(1);
        assertThat(browse("erp.unrouted", selector)).hasSize(1).allSatisfy(m -> assertThat(m.getStringProperty("replayrun")).isNotNull());
    }

    @Test
    void badRequestsAreRefusedBeforeAnythingMoves() throws Exception {
        assertThat(post("/actuator/replay", ADMIN, request("erp.visma-net.customer", null, null)).statusCode()).isEqualTo(400);
        assertThat(post("/actuator/replay", ADMIN, request("erp.dlq", -1, null)).statusCode()).isEqualTo(400);
        assertThat(post("/actuator/replay", ADMIN, request("erp.dlq", null, "((")).statusCode()).isEqualTo(400);
        // a selector cannot reach past its parentheses and take what is not replayable or was just put back
        HttpResponse<String> escape = post("/actuator/replay", ADMIN, request("erp.dlq", null, "1=1) OR (1=1"));
        assertThat(escape.statusCode()).isEqualTo(400);
        assertThat(escape.body()).doesNotContain("Exception");
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private HttpResponse<String> postWithTenant(String body, String tenant) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post("/webhooks/visma-net", bytes, Map.of(SIGNATURE_HEADER, sign(VISMA_SECRET, bytes), "X-VWD-Tenant-Id", tenant));
    }

    private JsonNode replay(String user, String queue, Integer count, String selector, int status) throws Exception {
        HttpResponse<String> response = post("/actuator/replay", user, request(queue, count, selector));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return json(response.body());
    }

    private static String request(String queue, Integer count, String selector) throws IOException {
        ObjectNode request = JSON.createObjectNode().put("queue", queue);
        if (count != null) {
            request.put("count", count);
        }
        if (selector != null) {
            request.put("selector", selector);
        }
        return JSON.writeValueAsString(request);
    }

    private JsonNode exec(String user, String operation, Object... arguments) throws Exception {
        String mbean = jmx.objectName().toString(); // this gateway's: other gateways of the test run share the JVM
        ObjectNode request = JSON.createObjectNode().put("type", "exec").put("mbean", mbean).put("operation", operation);
        request.set("arguments", JSON.valueToTree(arguments));
        return json(post("/actuator/jolokia", user, JSON.writeValueAsString(request)).body());
    }

    private HttpResponse<String> get(String path, String credentials) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET(), credentials);
    }

    private HttpResponse<String> post(String path, String credentials, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), credentials);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String credentials) throws Exception {
        if (credentials != null) {
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Connection connection() throws Exception {
        Connection connection = new ActiveMQConnectionFactory(gatewayProperties.getBroker().getListen()).createConnection();
        connection.start();
        return connection;
    }

    /** What SideQueueMessages stores: the exact bytes, the source, the reason, the receive time, dispatcher headers. */
    private void parkAsTheGatewayDid(byte[] body, String id, String tenant) throws Exception {
        try (Connection connection = connection(); Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue("erp.parked"))) {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(body);
            message.setStringProperty("source", "visma-net");
            message.setStringProperty("ce_id", id);
            message.setStringProperty("reason", "a number has more than 10 digits written out (gateway.limits.max-number-length)");
            message.setStringProperty("receivedat", "2026-01-02T03:04:05Z");
            message.setStringProperty("vwd_tenant_id", tenant);
            message.setStringProperty("origin", "webhook");
            message.setStringProperty("_AMQ_DUPL_ID", id);
            producer.send(message);
        }
    }

    /** Sends a copy of a browsed message (body and properties) to the queue again. */
    private void resend(String queue, Message original) throws Exception {
        try (Connection connection = connection(); Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            BytesMessage copy = session.createBytesMessage();
            copy.writeBytes(bytes(original));
            for (Object name : Collections.list(original.getPropertyNames())) {
                String property = name.toString();
                if (!property.startsWith("JMS") && !property.startsWith("_AMQ")) {
                    copy.setObjectProperty(property, original.getObjectProperty(property));
                }
            }
            producer.send(copy);
        }
    }

    /** Posts the event until the edited route file is live and routes it (earlier probes stay on erp.unrouted). */
    private void awaitRouted(String event) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String body = "{\"event\":\"" + event + "\",\"notificationId\":\"" + newId() + "\"}";
            // while the file's routes are swapped the listener may answer without a status for a moment
            if (json(postVisma(body).body()).path("status").asText().equals("accepted")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(event + " was never routed after the edit");
    }
}
