package io.github.erpgateway.replay;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.github.erpgateway.support.GatewayTestSupport;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Replaying what enrichment dead-lettered, as an attacker with a broker client and as an operator would: dead letters
 * with crafted properties are sent to erp.dlq by a separate JMS client, replayed through {@code POST /actuator/replay},
 * and the broker's queue names, the queues' contents, WireMock's requests (standing in for Visma Connect and the
 * Visma.net ERP API) and the log are read. Visma.net and Venio enrichment are on; Business NXT's is off.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReplayEnrichmentIT extends GatewayTestSupport {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ADMIN = "test-admin:admin-password";
    /** A secret the routes can name as a placeholder: a crafted source must never make its value a queue name. */
    private static final String VENIO_CLIENT_SECRET = "venio-client-secret-" + UUID.randomUUID().toString().replace("-", "");

    static final WireMockServer VENDOR = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    static {
        VENDOR.start();
    }

    @LocalServerPort
    int managementPort;

    @Autowired
    EmbeddedActiveMQ broker;

    @DynamicPropertySource
    static void vendors(DynamicPropertyRegistry registry) {
        String base = "http://127.0.0.1:" + VENDOR.port();
        registry.add("gateway.enrichment.visma-net.api-base", () -> base);
        registry.add("gateway.enrichment.visma-net.token-url", () -> base + "/connect/token");
        registry.add("gateway.enrichment.visma-net.client-id", () -> "visma-client");
        registry.add("gateway.enrichment.visma-net.client-secret", () -> "visma-client-secret");
        registry.add("gateway.enrichment.venio.api-base", () -> base + "/venio");
        registry.add("gateway.enrichment.venio.token-url", () -> base + "/venio/token");
        registry.add("gateway.enrichment.venio.client-id", () -> "venio-client");
        registry.add("gateway.enrichment.venio.client-secret", () -> VENIO_CLIENT_SECRET);
        // Business NXT enrichment stays off: no client-id
        registry.add("gateway.enrichment.retry.initial-delay", () -> "100ms");
        registry.add("gateway.enrichment.retry.max-retries", () -> "1");
        registry.add("gateway.enrichment.circuit-breaker.minimum-number-of-calls", () -> "1000");
        registry.add("gateway.enrichment.circuit-breaker.sliding-window-size", () -> "1000");
    }

    @AfterAll
    static void stopVendor() {
        VENDOR.stop();
    }

    @BeforeEach
    void tokenEndpoints() {
        VENDOR.stubFor(WireMock.post("/connect/token").atPriority(10).willReturn(okJson("{\"access_token\":\"visma-token\",\"expires_in\":3600}")));
        VENDOR.stubFor(WireMock.post("/venio/token").willReturn(okJson("{\"access_token\":\"venio-token\",\"expires_in\":3600}")));
    }

    // ---- point 2: a dead letter's properties never become part of an endpoint URI -----------------------------------

    @Test
    void aCraftedSourceNeverNamesAQueueAndStaysOnTheDeadLetterQueueWithItsReason(CapturedOutput output) throws Exception {
        String probe = newId();
        List<String> crafted = List.of(
                "venio.{{gateway.enrichment.venio.client-secret}}",
                "venio?replyTo=erp.injected-option-" + probe + "&jmsMessageType=Bytes",
                "venio.{{env:PATH}}");
        for (int i = 0; i < crafted.size(); i++) {
            String id = probe + "-" + i;
            sendDeadLetter(id, crafted.get(i), Map.of());
            String selector = "ce_id = '" + id + "'";

            JsonNode refused = replay(selector, 500);

            assertThat(refused.get("failed").asInt()).as(crafted.get(i)).isEqualTo(1);
            assertThat(refused.get("moved").asInt()).isZero();
            assertThat(refused.get("error").asText()).contains("not a source whose enrichment is on").contains("stays on erp.dlq")
                    .doesNotContain(VENIO_CLIENT_SECRET);
            assertThat(count("erp.dlq", selector)).as("left where it was").isEqualTo(1);
        }

        List<String> names = queueAndAddressNames();
        assertThat(names).noneMatch(name -> name.contains(VENIO_CLIENT_SECRET));
        assertThat(names).noneMatch(name -> name.contains("injected-option"));
        assertThat(names).noneMatch(name -> name.contains(System.getenv("PATH")));
        assertThat(names).noneMatch(name -> name.startsWith("enrichment.venio."));
        assertThat(output.getAll()).doesNotContain(VENIO_CLIENT_SECRET);
        List<String> stops = output.getAll().lines().filter(line -> line.contains("Replay ") && line.contains(" stopped at message ")).toList();
        assertThat(stops).hasSizeGreaterThanOrEqualTo(crafted.size())
                .allSatisfy(line -> assertThat(line.length()).isLessThan(1000))
                .anySatisfy(line -> assertThat(line).contains("venio.{{gateway.enrichment.venio.client-secret}}"));
    }

    @Test
    void onlyTheCanonicalPropertiesOfADeadLetterAreCarriedOver() throws Exception {
        String id = newId();
        VENDOR.stubFor(get("/v1/customer/" + id).willReturn(okJson("{\"number\":\"" + id + "\"}")));
        String stolen = "erp.stolen-" + id;
        // a Camel header that would redirect the send, and one that would become a JMS property of the enriched event
        sendDeadLetter(id, "visma-net", Map.of("CamelJmsDestinationName", stolen, "injected", "yes"));

        JsonNode replayed = replay("ce_id = '" + id + "'", 200);

        assertThat(replayed.get("moved").asInt()).isEqualTo(1);
        jakarta.jms.Message enriched = receive("erp.enriched.visma-net.customer", "ce_id = '" + id + "'", 20_000);
        assertThat(enriched).as("enriched from its vendor's work queue").isNotNull();
        assertThat(enriched.getObjectProperty("injected")).isNull();
        assertThat(queueAndAddressNames()).noneMatch(name -> name.contains("stolen"));
    }

    // ---- point 6: a run sees each message at most once --------------------------------------------------------------

    @Test
    void aRunSeesEachMessageOnceThoughItsEnrichmentFailsAgainAtOnce() throws Exception {
        String run = "loop" + newId().substring(0, 12);
        String noUri = run + "-no-uri";
        String refusedToken = run + "-401";
        String noToken = run + "-404";
        VENDOR.stubFor(get("/v1/customer/" + refusedToken).willReturn(aResponse().withStatus(401)));
        VENDOR.stubFor(WireMock.post("/connect/token").atPriority(1).withRequestBody(containing("tenant-" + noToken))
                .willReturn(aResponse().withStatus(404)));
        assertThat(postVisma(customer(noUri, "tenant-a", null)).statusCode()).isEqualTo(202);
        assertThat(postVisma(customer(refusedToken, "tenant-b", "v1/customer/" + refusedToken)).statusCode()).isEqualTo(202);
        assertThat(postVisma(customer(noToken, "tenant-" + noToken, "v1/customer/" + noToken)).statusCode()).isEqualTo(202);
        List<String> failing = List.of(noUri, refusedToken, noToken);
        for (String id : failing) {
            assertThat(awaitCount("erp.dlq", "ce_id = '" + id + "'", 1)).as(id).isEqualTo(1);
        }
        int tokenCalls = VENDOR.findAll(postRequestedFor(urlEqualTo("/connect/token")).withRequestBody(containing(noToken))).size();
        int apiCalls = VENDOR.findAll(getRequestedFor(urlEqualTo("/v1/customer/" + refusedToken))).size();
        // behind them, webhooks whose replay takes a while (they go to erp.unrouted): the three fail again meanwhile
        int fillers = 60;
        for (int i = 0; i < fillers; i++) {
            sendWebhookDeadLetter(run + "-filler-" + i);
        }

        JsonNode summary = replay("ce_id LIKE '" + run + "%'", 200);

        assertThat(summary.get("moved").asInt()).as(summary.toString()).isEqualTo(failing.size() + fillers);
        assertThat(summary.get("unrouted").asInt()).isEqualTo(fillers);
        for (String id : failing) {
            assertThat(awaitCount("erp.dlq", "ce_id = '" + id + "'", 1)).as(id + " dead-lettered again, once").isEqualTo(1);
        }
        Thread.sleep(1000);
        assertThat(count("erp.dlq", "ce_id LIKE '" + run + "%'")).isEqualTo(failing.size());
        assertThat(VENDOR.findAll(postRequestedFor(urlEqualTo("/connect/token")).withRequestBody(containing(noToken))))
                .as("one token request for the replay").hasSize(tokenCalls * 2);
        assertThat(VENDOR.findAll(getRequestedFor(urlEqualTo("/v1/customer/" + refusedToken)))).hasSize(apiCalls * 2);
        // the next run takes them again
        JsonNode next = replay("ce_id LIKE '" + run + "%'", 200);
        assertThat(next.get("moved").asInt()).isEqualTo(failing.size());
    }

    // ---- point 8d: no replay to a vendor whose enrichment is off ----------------------------------------------------

    @Test
    void aReplayTowardsAVendorWhoseEnrichmentIsOffIsRefusedAndTheMessageStays() throws Exception {
        String id = newId();
        sendDeadLetter(id, "business-nxt", Map.of());
        String selector = "ce_id = '" + id + "'";

        JsonNode refused = replay(selector, 500);

        assertThat(refused.get("failed").asInt()).isEqualTo(1);
        assertThat(refused.get("moved").asInt()).isZero();
        assertThat(refused.get("error").asText()).contains("business-nxt").contains("enrichment is on");
        assertThat(count("erp.dlq", selector)).isEqualTo(1);
        assertThat(count("enrichment.business-nxt", null)).isZero();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static String customer(String id, String tenant, String resourceUri) {
        return "{\"NotificationId\":\"" + id + "\",\"contextId\":\"5123456\",\"event\":\"customer_changed\",\"action\":\"UPDATED\","
                + "\"resourceId\":\"" + id + "\"," + (resourceUri == null ? "" : "\"resourceUri\":\"" + resourceUri + "\",")
                + "\"timeStamp\":638974335577900000,\"TenantId\":\"" + tenant + "\"}";
    }

    /** An enrichment dead letter as EnrichmentFailures writes one, with {@code source} and extra properties chosen. */
    private void sendDeadLetter(String id, String source, Map<String, String> extra) throws Exception {
        String entity = source.startsWith("business-nxt") ? "order-line" : "customer";
        String canonical = "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/visma-net/t\",\"type\":\"erp.visma-net."
                + entity + ".updated\",\"subject\":\"" + id + "\",\"tenant\":\"t\",\"entity\":\"" + entity + "\",\"action\":\"updated\","
                + "\"data\":{\"event\":\"customer_changed\",\"resourceUri\":\"v1/customer/" + id + "\",\"NotificationId\":\"" + id + "\"}}";
        try (Connection connection = connection(); Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue("erp.dlq"))) {
            jakarta.jms.TextMessage message = session.createTextMessage(canonical);
            message.setStringProperty("ce_id", id);
            message.setStringProperty("ce_type", "erp.visma-net." + entity + ".updated");
            message.setStringProperty("ce_source", "/visma-net/t");
            message.setStringProperty("ce_subject", id);
            message.setStringProperty("tenant", "t");
            message.setStringProperty("entity", entity);
            message.setStringProperty("action", "updated");
            message.setStringProperty("duplicatekey", id);
            message.setStringProperty("source", source);
            message.setStringProperty("stage", "enrichment");
            message.setStringProperty("origin", "enrichment");
            message.setStringProperty("reason", "visma-net API answered 500");
            message.setIntProperty("status", 500);
            for (Map.Entry<String, String> property : extra.entrySet()) {
                message.setStringProperty(property.getKey(), property.getValue());
            }
            producer.send(message);
        }
    }

    /** A webhook dead letter as SideQueueMessages writes one; replayed, no route matches it (erp.unrouted). */
    private void sendWebhookDeadLetter(String id) throws Exception {
        try (Connection connection = connection(); Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue("erp.dlq"))) {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(("{\"event\":\"Filler_Happened\",\"notificationId\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
            message.setStringProperty("source", "visma-net");
            message.setStringProperty("ce_id", id);
            message.setStringProperty("reason", "mapping failed");
            message.setStringProperty("receivedat", "2026-01-02T03:04:05Z");
            message.setStringProperty("origin", "webhook");
            producer.send(message);
        }
    }

    private Connection connection() throws Exception {
        Connection connection = new ActiveMQConnectionFactory(gatewayProperties.getBroker().getListen()).createConnection();
        connection.start();
        return connection;
    }

    private List<String> queueAndAddressNames() throws Exception {
        var control = broker.getActiveMQServer().getActiveMQServerControl();
        List<String> names = new ArrayList<>(List.of(control.getQueueNames()));
        names.addAll(List.of(control.getAddressNames()));
        return names;
    }

    private JsonNode replay(String selector, int status) throws Exception {
        ObjectNode request = JSON.createObjectNode().put("queue", "erp.dlq").put("selector", selector);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/replay"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(ADMIN.getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return json(response.body());
    }
}
