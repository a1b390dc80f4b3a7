package io.github.erpgateway.dryrun;

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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.erpgateway.support.GatewayTestSupport;
import io.github.erpgateway.support.RoutesCopy;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code POST /actuator/dryrun} against the real gateway over HTTP, as each role: every outcome of a webhook (stored,
 * unrouted, parked, dead-lettered, a limit exceeded), with the {@code when}, the mapping, the CloudEvent and its
 * properties; nothing stored (read by a separate JMS client), no duplicate memory (the same payload posted afterwards
 * is stored), no webhook counted; and live edits of the route file and the mapping answered at once.
 */
class DryRunIT extends GatewayTestSupport {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String VIEWER = "test-viewer:viewer-password";
    private static final String MANAGER = "test-manager:manager-password";
    private static final String ADMIN = "test-admin:admin-password";

    /** Test events "Dryrunthing_Happened" go to erp.visma-net.<thing>, the entity taken from the payload's "thing". */
    private static final String TEST_WHEN = """
            - id: dryrun-test-things
              description: test events whose entity is the payload's thing
              simple: "${exchangeProperty.eventKey} regex 'dryrunthinghappened'"
              steps:
                - setProperty:
                    name: mapping
                    constant: dryrun-test.jsonata
            """.indent(14);
    private static final String TEST_MAPPING = """
            {
              "id": $eventId,
              "source": "/" & $source,
              "type": "erp." & $source & ".thing.happened",
              "entity": thing,
              "action": "happened",
              "vendorevent": $vendorEvent
            }
            """;

    private static RoutesCopy copy;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void editableRoutes(DynamicPropertyRegistry registry) throws IOException {
        copy = RoutesCopy.create("routes-dryrun");
        Path route = copy.routes.resolve("visma-net.camel.yaml");
        String original = Files.readString(route);
        assertThat(original).endsWith("constant: visma-net-background-operation.jsonata\n");
        Files.writeString(route, original + TEST_WHEN);
        Files.writeString(copy.mappings.resolve("dryrun-test.jsonata"), TEST_MAPPING);
        copy.register(registry);
        registry.add("gateway.mappings.reload-check-interval", () -> "100ms");
        registry.add("gateway.routes.reload.check-interval", () -> "300ms");
    }

    // ---- a known event: the answer, nothing stored, the same payload then stored as a real webhook --------------

    @Test
    void aKnownEventIsAnsweredStoredNowhereAndThenStoredAsARealWebhook() throws Exception {
        String id = newId();
        String body = customerChanged(id);
        double webhooksBefore = webhooksCounted();

        JsonNode answer = dryRun(MANAGER, "visma-net", body, Map.of("x-vwd-tenant-id", "t-1"), 200);
        assertThat(answer.get("outcome").asText()).isEqualTo("accepted");
        assertThat(answer.get("stored").asBoolean()).isFalse();
        assertThat(answer.get("when").asText()).isEqualTo("visma-net-financial-changed");
        assertThat(answer.get("mapping").asText()).isEqualTo("visma-net-financial-changed.jsonata");
        assertThat(answer.get("queue").asText()).isEqualTo("erp.visma-net.customer");
        assertThat(answer.get("eventId").asText()).isEqualTo(id);
        JsonNode cloudEvent = answer.get("cloudEvent");
        assertThat(cloudEvent.get("id").asText()).isEqualTo(id);
        assertThat(cloudEvent.get("type").asText()).isEqualTo("erp.visma-net.customer.updated");
        assertThat(cloudEvent.get("entity").asText()).isEqualTo("customer");
        assertThat(cloudEvent.at("/data/resourceId").asText()).isEqualTo("55555");
        JsonNode properties = answer.get("properties");
        assertThat(properties.get("ce_id").asText()).isEqualTo(id);
        assertThat(properties.get("ce_type").asText()).isEqualTo("erp.visma-net.customer.updated");
        assertThat(properties.get("entity").asText()).isEqualTo("customer");
        assertThat(properties.get("JMSXGroupID").asText()).isEqualTo("visma-net|f6cd9a1b2c3d4e5f6a7b6183|customer|55555");
        assertThat(properties.get("_AMQ_DUPL_ID").asText()).isEqualTo(id);
        assertThat(properties.get("vwd_tenant_id").asText()).isEqualTo("t-1");
        assertThat(properties.get("enrich").asBoolean()).isTrue(); // customer is in visma-net's enrichEntities
        assertThat(answer.get("enrichment").asText()).contains("enrichment.visma-net");
        assertThat(properties.has("CamelJmsDestinationName")).isFalse();

        // nothing stored, read by a separate client; no webhook counted
        String selector = "ce_id = '" + id + "'";
        for (String queue : List.of("erp.visma-net.customer", "erp.unrouted", "erp.dlq", "erp.parked")) {
            assertThat(count(queue, selector)).as(queue).isZero();
        }
        assertThat(webhooksCounted()).isEqualTo(webhooksBefore);

        // the duplicate memory was not touched: the same payload as a real webhook is stored (a duplicate would not be)
        HttpResponse<String> real = postVisma(body);
        assertThat(real.statusCode()).isEqualTo(202);
        Message stored = receiveEvent("erp.visma-net.customer", id);
        JsonNode storedEvent = json(text(stored));
        assertThat(storedEvent.get("type")).isEqualTo(cloudEvent.get("type"));
        assertThat(storedEvent.get("subject")).isEqualTo(cloudEvent.get("subject"));
        assertThat(storedEvent.get("data")).isEqualTo(cloudEvent.get("data"));
        assertThat(stored.getStringProperty("JMSXGroupID")).isEqualTo(properties.get("JMSXGroupID").asText());
        assertThat(webhooksCounted()).isEqualTo(webhooksBefore + 1);
        assertThat(duplicatesCounted()).isZero();
    }

    @Test
    void thePayloadKeepsItsExactNumbers() throws Exception {
        String id = newId();
        String body = "{\"event\":\"Dryrunthing_Happened\",\"notificationId\":\"" + id + "\",\"thing\":\"gadget\","
                + "\"amount\":1234.50,\"big\":9007199254740993}";
        HttpResponse<String> reply = post(ADMIN, "{\"source\": \"visma-net\", \"payload\": " + body + "}");
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        JsonNode answer = json(reply.body());
        assertThat(answer.get("outcome").asText()).isEqualTo("accepted");
        assertThat(answer.get("when").asText()).isEqualTo("dryrun-test-things");
        assertThat(answer.get("queue").asText()).isEqualTo("erp.visma-net.gadget");
        assertThat(answer.at("/cloudEvent/data/amount").decimalValue()).isEqualByComparingTo("1234.50");
        assertThat(answer.at("/cloudEvent/data/amount").toString()).isEqualTo("1234.50");
        assertThat(answer.at("/cloudEvent/data/big").asText()).isEqualTo("9007199254740993");
        assertThat(count("erp.visma-net.gadget", "ce_id = '" + id + "'")).isZero();
        // the same as a string: the body itself
        JsonNode asString = dryRun(ADMIN, "visma-net", body, null, 200);
        assertThat(asString.at("/cloudEvent/data/amount").toString()).isEqualTo("1234.50");
    }

    // ---- every other outcome --------------------------------------------------------------------------------------

    @Test
    void anUnknownEventWouldBeUnrouted() throws Exception {
        String id = newId();
        JsonNode answer = dryRunObject(MANAGER, "visma-net", Map.of("event", "Widget_Exploded", "notificationId", id));
        assertThat(answer.get("outcome").asText()).isEqualTo("unrouted");
        assertThat(answer.get("queue").asText()).isEqualTo("erp.unrouted");
        assertThat(answer.get("reason").asText()).isEqualTo("no route matches event 'Widget_Exploded'");
        assertThat(answer.has("when")).isFalse();
        assertThat(answer.has("mapping")).isFalse();
        assertThat(count("erp.unrouted", "ce_id = '" + id + "'")).isZero();
    }

    @Test
    void aBodyThatIsNotAJsonObjectWouldBeParked() throws Exception {
        JsonNode answer = dryRun(MANAGER, "visma-net", "[1, 2, 3]", null, 200);
        assertThat(answer.get("outcome").asText()).isEqualTo("parked");
        assertThat(answer.get("queue").asText()).isEqualTo("erp.parked");
        assertThat(answer.get("reason").asText()).isEqualTo("body is JSON but not an object");
        assertThat(count("erp.parked", "ce_id = '" + answer.get("eventId").asText() + "'")).isZero();
    }

    @Test
    void aMappingErrorWouldBeDeadLetteredAndALimitUnrouted() throws Exception {
        String id = newId();
        JsonNode mappingError = dryRunObject(MANAGER, "visma-net",
                Map.of("event", "Dryrunthing_Happened", "notificationId", id, "thing", "Not Kebab"));
        assertThat(mappingError.get("outcome").asText()).isEqualTo("dead-lettered");
        assertThat(mappingError.get("queue").asText()).isEqualTo("erp.dlq");
        assertThat(mappingError.get("when").asText()).isEqualTo("dryrun-test-things");
        assertThat(mappingError.get("mapping").asText()).isEqualTo("dryrun-test.jsonata");
        assertThat(mappingError.get("reason").asText()).contains("'Not Kebab', which is not kebab-case");
        assertThat(count("erp.dlq", "ce_id = '" + id + "'")).isZero();

        JsonNode limit = dryRunObject(MANAGER, "visma-net",
                Map.of("event", "Dryrunthing_Happened", "notificationId", id, "thing", "a".repeat(65)));
        assertThat(limit.get("outcome").asText()).isEqualTo("unrouted");
        assertThat(limit.get("queue").asText()).isEqualTo("erp.unrouted");
        assertThat(limit.get("reason").asText()).isEqualTo("entity is longer than 64 characters (gateway.limits.max-name-length)");
        assertThat(count("erp.unrouted", "ce_id = '" + id + "'")).isZero();
    }

    // ---- live edits --------------------------------------------------------------------------------------------

    @Test
    void liveEditsOfTheRouteFileAndTheMappingAreAnsweredAtOnce() throws Exception {
        Map<String, Object> payload = Map.of("event", "Gizmothing_Happened", "notificationId", newId(), "thing", "gizmo");
        assertThat(dryRunObject(MANAGER, "visma-net", payload).get("outcome").asText()).isEqualTo("unrouted");

        Path route = copy.routes.resolve("visma-net.camel.yaml");
        Files.writeString(route, Files.readString(route).replace("regex 'dryrunthinghappened'",
                "regex '(dryrun|gizmo)thinghappened'"));
        JsonNode routed = await(() -> dryRunDuringReload(payload),
                answer -> "accepted".equals(answer.path("outcome").asText()));
        assertThat(routed.get("when").asText()).isEqualTo("dryrun-test-things");
        assertThat(routed.get("queue").asText()).isEqualTo("erp.visma-net.gizmo");

        Path mapping = copy.mappings.resolve("dryrun-test.jsonata");
        Files.writeString(mapping, TEST_MAPPING.replace(".thing.happened", ".thing.edited"));
        JsonNode edited = await(() -> dryRunDuringReload(payload),
                answer -> answer.at("/cloudEvent/type").asText().equals("erp.visma-net.thing.edited"));
        assertThat(edited.at("/properties/ce_type").asText()).isEqualTo("erp.visma-net.thing.edited");
        assertThat(count("erp.visma-net.gizmo", null)).isZero();
    }

    // ---- who may, and what is refused ------------------------------------------------------------------------

    @Test
    void managerAndAdminMayTheViewerAndAnonymousMayNot() throws Exception {
        String body = "{\"source\":\"visma-net\",\"payload\":{\"event\":\"Widget_Exploded\"}}";
        assertThat(post(null, body).statusCode()).isEqualTo(401);
        HttpResponse<String> viewer = post(VIEWER, body);
        assertThat(viewer.statusCode()).isEqualTo(403);
        assertThat(viewer.body()).contains("the manager or admin role is required");
        assertThat(post(MANAGER, body).statusCode()).isEqualTo(200);
        assertThat(post(ADMIN, body).statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownSourceAMissingPayloadAndATooLargeOneAreRefused() throws Exception {
        HttpResponse<String> unknown = post(MANAGER, "{\"source\":\"nobody\",\"payload\":{\"event\":\"x\"}}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown.body()).get("error").asText()).startsWith("source must be a configured source");
        HttpResponse<String> hostile = post(MANAGER, "{\"source\":\"../../etc\",\"payload\":{\"event\":\"x\"}}");
        assertThat(hostile.statusCode()).isEqualTo(400);
        assertThat(post(MANAGER, "{\"source\":\"visma-net\"}").statusCode()).isEqualTo(400);
        assertThat(post(MANAGER, "not json").statusCode()).isEqualTo(400);
        assertThat(post(MANAGER, "{\"source\":\"visma-net\",\"payload\":{},\"headers\":{\"a\":{}}}").statusCode())
                .isEqualTo(400);

        // gateway.max-body-bytes is 65536 in the tests: a payload past it is refused as the webhook would be
        String large = "{\"event\":\"Widget_Exploded\",\"pad\":\"" + "x".repeat(70_000) + "\"}";
        HttpResponse<String> tooLarge = post(MANAGER, JSON.writeValueAsString(Map.of("source", "visma-net", "payload", large)));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(json(tooLarge.body()).get("error").asText()).contains("gateway.max-body-bytes");
        // a request past twice that is refused before it is read
        String huge = "{\"source\":\"visma-net\",\"payload\":\"" + "x".repeat(300_000) + "\"}";
        HttpResponse<String> refused = post(MANAGER, huge);
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.body()).doesNotContain("Exception");
        ObjectNode tooManyHeaders = JSON.createObjectNode().put("source", "visma-net").put("payload", "{}");
        for (int i = 0; i < 51; i++) {
            tooManyHeaders.with("headers").put("h" + i, "v");
        }
        assertThat(post(MANAGER, JSON.writeValueAsString(tooManyHeaders)).statusCode()).isEqualTo(400);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private String customerChanged(String id) throws IOException {
        return Files.readString(Path.of("samples/visma-net/customer-changed.json"))
                .replace("E1694a1b2c3d4e5f6a7b8c9d0e1f907ff", id);
    }

    private double webhooksCounted() {
        return sum("gateway_webhooks_total{outcome=", "source=\"visma-net\"");
    }

    private double duplicatesCounted() {
        return sum("gateway_webhooks_total{outcome=\"duplicate\"", "source=\"visma-net\"");
    }

    private double sum(String prefix, String also) {
        double total = 0;
        for (String line : scrapePrometheus().split("\n")) {
            if (line.startsWith(prefix) && line.contains(also)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    private JsonNode dryRunObject(String user, String source, Map<String, Object> payload) throws Exception {
        ObjectNode request = JSON.createObjectNode().put("source", source);
        request.set("payload", JSON.valueToTree(payload));
        HttpResponse<String> reply = post(user, JSON.writeValueAsString(request));
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return json(reply.body());
    }

    /** While the route file is reloaded the answer is 503 for a moment, as a webhook's is. */
    private JsonNode dryRunDuringReload(Map<String, Object> payload) throws Exception {
        ObjectNode request = JSON.createObjectNode().put("source", "visma-net");
        request.set("payload", JSON.valueToTree(payload));
        HttpResponse<String> reply = post(MANAGER, JSON.writeValueAsString(request));
        assertThat(reply.statusCode()).as(reply.body()).isIn(200, 503);
        return json(reply.body());
    }

    private JsonNode dryRun(String user, String source, String exactBody, Map<String, String> headers, int status)
            throws Exception {
        ObjectNode request = JSON.createObjectNode().put("source", source).put("payload", exactBody);
        if (headers != null) {
            request.set("headers", JSON.valueToTree(headers));
        }
        HttpResponse<String> reply = post(user, JSON.writeValueAsString(request));
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(status);
        return json(reply.body());
    }

    private interface Call {
        JsonNode call() throws Exception;
    }

    private static JsonNode await(Call call, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode last = call.call();
        while (!condition.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            last = call.call();
        }
        assertThat(condition.test(last)).as("the edit never showed: " + last).isTrue();
        return last;
    }

    private HttpResponse<String> post(String credentials, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/dryrun"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (credentials != null) {
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
