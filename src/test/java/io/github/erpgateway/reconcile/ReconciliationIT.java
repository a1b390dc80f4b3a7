package io.github.erpgateway.reconcile;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.erpgateway.support.GatewayTestSupport;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Reconciliation end to end: WireMock stands in for Visma Connect and the Visma.net ERP API (paged, filtered by
 * lastModifiedDateTime, bearer token required), webhooks are posted signed for some of the changed customers, the run
 * is started with POST /actuator/reconcile as the admin, and the queues are read by a separate JMS client over TCP.
 * Each test has its own tenant, so its watermark is its own.
 */
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class ReconciliationIT extends GatewayTestSupport {

    static final WireMockServer VENDOR = started();
    private static final String ADMIN = "test-admin:admin-password";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String QUEUE = "erp.visma-net.customer";

    @LocalServerPort
    int managementPort;

    private static WireMockServer started() {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return server;
    }

    @DynamicPropertySource
    static void vendor(DynamicPropertyRegistry registry) {
        String base = "http://127.0.0.1:" + VENDOR.port();
        registry.add("gateway.enrichment.visma-net.api-base", () -> base);
        registry.add("gateway.enrichment.visma-net.token-url", () -> base + "/connect/token");
        registry.add("gateway.enrichment.visma-net.client-id", () -> "visma-client");
        registry.add("gateway.enrichment.visma-net.client-secret", () -> "visma-client-secret");
        registry.add("gateway.reconciliation.visma-net.enabled", () -> "true");
        registry.add("gateway.reconciliation.visma-net.tenants", () -> "t-refused,t-fine,t-main,t-busy,t-capped,t-down,t-lost,t-hostile,t-jmx,t-during");
        registry.add("gateway.reconciliation.visma-net.entities", () -> "customer");
        registry.add("gateway.reconciliation.visma-net.page-size", () -> "2");
        registry.add("gateway.reconciliation.visma-net.interval", () -> "1h");
        registry.add("gateway.reconciliation.max-retry-after", () -> "2s");
    }

    @AfterAll
    static void stopVendor() {
        VENDOR.stop();
    }

    @BeforeEach
    void tokensAndRecords() {
        // one token per tenant, so the stand-in API can tell the tenants apart
        for (String tenant : List.of("t-refused", "t-fine", "t-main", "t-busy", "t-capped", "t-down", "t-lost", "t-hostile", "t-jmx", "t-during")) {
            VENDOR.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/connect/token").withRequestBody(containing("tenant_id=" + tenant))
                    .willReturn(okJson("{\"access_token\":\"tok-" + tenant + "\",\"expires_in\":3600}")));
        }
        // the enrichment of the webhook events reads the record too
        VENDOR.stubFor(get(urlPathMatching("/v1/customer/[^/]+")).willReturn(okJson("{\"number\":\"x\"}")));
    }

    // ---- covered, uncovered, paging, a second run, a record modified again -----------------------------------------

    @Test
    void exactlyTheVersionsNoWebhookCoveredArePublishedOnceAndAModificationAfterItsWebhookOnceMore() throws Exception {
        String tenant = "t-main";
        Instant modified = changedNow();
        String a = "A" + newId().substring(0, 8);
        String b = "B" + newId().substring(0, 8);
        String c = "C" + newId().substring(0, 8);
        String d = "D" + newId().substring(0, 8);
        String e = "E" + newId().substring(0, 8);
        stubPages(tenant, List.of(List.of(customer(a, modified), customer(b, modified)),
                List.of(customer(c, modified), customer(d, modified)), List.of(customer(e, modified))));
        assertThat(postVisma(customerUpdated(b, tenant)).statusCode()).isEqualTo(202);
        assertThat(postVisma(customerUpdated(d, tenant)).statusCode()).isEqualTo(202);

        JsonNode first = reconcile("{\"tenant\":\"" + tenant + "\"}");

        assertThat(first.path("checked").asInt()).isEqualTo(5);
        assertThat(first.path("covered").asInt()).isEqualTo(2);
        assertThat(first.path("published").asInt()).isEqualTo(3);
        assertThat(first.path("extra").asInt()).isZero();
        List<Message> events = browse(QUEUE, "tenant = '" + tenant + "' AND action = 'reconciled'");
        assertThat(events).hasSize(3);
        assertThat(subjects(events)).containsExactlyInAnyOrder(a, c, e);
        for (Message message : events) {
            JsonNode event = json(text(message));
            assertThat(event.path("type").asText()).isEqualTo("erp.visma-net.customer.reconciled");
            assertThat(event.path("source").asText()).isEqualTo("/visma-net/" + tenant);
            assertThat(event.path("time").asText()).isEqualTo(modified.toString());
            assertThat(event.path("data").path("number").asText()).isEqualTo(event.path("subject").asText());
            assertThat(text(message)).contains("12345678901234567.8901");
            assertThat(message.getStringProperty("_AMQ_DUPL_ID")).isEqualTo(event.path("id").asText());
            assertCanonicalProperties(message, event, "visma-net");
        }
        // the pass is one trace: every event it stored and every vendor call it made carry its traceparent
        java.util.Set<String> traces = new java.util.HashSet<>();
        for (Message message : events) {
            String traceparent = message.getStringProperty("traceparent");
            assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
            traces.add(traceparent.substring(3, 35));
        }
        assertThat(traces).singleElement().isNotEqualTo("0".repeat(32));
        assertThat(VENDOR.findAll(getRequestedFor(urlPathEqualTo("/v1/customer")).withHeader("Authorization", equalTo("Bearer tok-" + tenant))))
                .hasSize(3).allSatisfy(request -> assertThat(request.getHeader("traceparent")).contains("-" + traces.iterator().next() + "-"));
        // the enriched queue gets the record too, without a second fetch of it
        List<Message> enriched = browse("erp.enriched.visma-net.customer", "tenant = '" + tenant + "' AND action = 'reconciled'");
        assertThat(subjects(enriched)).containsExactlyInAnyOrder(a, c, e);
        JsonNode enrichedEvent = json(text(enriched.get(0)));
        assertThat(enrichedEvent.path("data").path("record")).isEqualTo(enrichedEvent.path("data").path("event"));
        assertThat(enrichedEvent.path("data").path("record").path("number").asText()).isEqualTo(enrichedEvent.path("subject").asText());
        for (String subject : List.of(a, c, e)) {
            assertThat(VENDOR.findAll(getRequestedFor(urlPathEqualTo("/v1/customer/" + subject)))).isEmpty();
        }
        // the vendor's filter and paging, with the tenant's bearer token
        assertThat(VENDOR.findAll(getRequestedFor(urlPathEqualTo("/v1/customer"))
                .withHeader("Authorization", equalTo("Bearer tok-" + tenant))
                .withQueryParam("lastModifiedDateTime", matching("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}"))
                .withQueryParam("lastModifiedDateTimeCondition", equalTo(">="))
                .withQueryParam("pageSize", equalTo("2")))).hasSize(3);

        JsonNode second = reconcile("{\"tenant\":\"" + tenant + "\"}");
        assertThat(second.path("published").asInt()).isZero();
        assertThat(second.path("extra").asInt()).isZero();
        assertThat(browse(QUEUE, "tenant = '" + tenant + "' AND action = 'reconciled'")).hasSize(3);

        // b changes again, well after its webhook: that version no webhook covered
        Instant again = Instant.now().plus(Duration.ofMinutes(3)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        stubPages(tenant, List.of(List.of(customer(a, modified), customer(b, again)),
                List.of(customer(c, modified), customer(d, modified)), List.of(customer(e, modified))));
        JsonNode third = reconcile("{\"tenant\":\"" + tenant + "\"}");
        assertThat(third.path("published").asInt()).isEqualTo(1);
        List<Message> after = browse(QUEUE, "tenant = '" + tenant + "' AND action = 'reconciled'");
        assertThat(after).hasSize(4);
        assertThat(browse(QUEUE, "tenant = '" + tenant + "' AND action = 'reconciled' AND ce_subject = '" + b + "'"))
                .singleElement().satisfies(m -> assertThat(m.getStringProperty("ce_time")).isEqualTo(again.toString()));

        String scrape = scrapePrometheus();
        assertThat(scrape).containsPattern("gateway_reconciliation_records_total\\{[^}]*outcome=\"published\"[^}]*\\} [1-9]");
        assertThat(scrape).containsPattern("gateway_reconciliation_last_success_seconds\\{[^}]*tenant=\"t-main\"[^}]*\\} [1-9]");
    }

    @Test
    void theWatermarkNeverPassesThePassStartSoARecordChangedDuringThePassIsReadAgain() throws Exception {
        String tenant = "t-during";
        // page 1 was read at the pass's start; while page 2 was read, x changed again (after the pass began) and y
        // changed later still: the next pass must reach x's new version, so it may not start after y's time
        Instant x = changedNow();
        Instant y = Instant.now().plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        stubPages(tenant, List.of(List.of(customer("X" + newId().substring(0, 8), x), customer("W" + newId().substring(0, 8), x)),
                List.of(customer("Y" + newId().substring(0, 8), y))));
        Instant passStart = Instant.now();
        assertThat(reconcile("{\"tenant\":\"" + tenant + "\"}").path("published").asInt()).isEqualTo(3);
        VENDOR.resetRequests();

        reconcile("{\"tenant\":\"" + tenant + "\"}");

        List<String> filters = VENDOR.findAll(getRequestedFor(urlPathEqualTo("/v1/customer"))
                .withHeader("Authorization", equalTo("Bearer tok-" + tenant))).stream()
                .map(request -> request.queryParameter("lastModifiedDateTime").firstValue()).distinct().toList();
        assertThat(filters).hasSize(1);
        Instant from = LocalDateTime.parse(filters.get(0).replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        // watermark <= the first pass's start, read back with the overlap (5 minutes) before it
        assertThat(from).isBefore(passStart.minus(Duration.ofMinutes(4))).isAfter(passStart.minus(Duration.ofMinutes(10)));
    }

    @Test
    void aVersionStoredOnceIsRefusedByTheBrokerEvenWhenItsCheckpointIsLost() throws Exception {
        String tenant = "t-lost";
        String id = "L" + newId().substring(0, 8);
        stubPages(tenant, List.of(List.of(customer(id, changedNow()))));
        assertThat(reconcile("{\"tenant\":\"" + tenant + "\"}").path("published").asInt()).isEqualTo(1);

        // the checkpoint with its ids is gone (as if the run was killed between the events and the checkpoint)
        try (Connection connection = new ActiveMQConnectionFactory(gatewayProperties.getBroker().getListen()).createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (jakarta.jms.MessageConsumer consumer = session.createConsumer(session.createQueue(BrokerState.WATERMARKS),
                    "_AMQ_LVQ_NAME = 'visma-net|" + tenant + "|customer'")) {
                assertThat(consumer.receive(5000)).isNotNull();
            }
        }
        JsonNode again = reconcile("{\"tenant\":\"" + tenant + "\"}");

        assertThat(again.path("alreadyStored").asInt()).isEqualTo(1);
        assertThat(again.path("published").asInt()).isZero();
        assertThat(browse(QUEUE, "tenant = '" + tenant + "'")).hasSize(1);
        assertThat(browse("erp.enriched.visma-net.customer", "tenant = '" + tenant + "'")).hasSize(1);
    }

    @Test
    void whatTheVendorReturnsNeverReachesAQueueNameALogLineOrASelectorUnescaped(
            org.springframework.boot.test.system.CapturedOutput output) throws Exception {
        String tenant = "t-hostile";
        String quoted = "Q'uote" + newId().substring(0, 6);
        Instant now = changedNow();
        stubPages(tenant, List.of(
                List.of(customer(quoted, now),
                        "{\"number\":\"bad\\r\\nFORGED log line\",\"lastModifiedDateTime\":\"2026-01-01T00:00:00\"}"),
                List.of("{\"number\":\"" + "x".repeat(5000) + "\",\"lastModifiedDateTime\":\"2026-01-01T00:00:00\"}",
                        "{\"number\":{\"entity\":\"../../etc\"},\"lastModifiedDateTime\":\"2026-01-01T00:00:00\"}"),
                List.of("{\"number\":\"nodate\",\"lastModifiedDateTime\":\"\\u0000\"}")));
        assertThat(postVisma(customerUpdated(quoted, tenant)).statusCode()).isEqualTo(202);

        JsonNode summary = reconcile("{\"tenant\":\"" + tenant + "\"}");

        // the key with a quote is matched against its webhook in the broker's selector, escaped
        assertThat(summary.path("covered").asInt()).isEqualTo(1);
        assertThat(summary.path("rejected").asInt()).isEqualTo(4);
        assertThat(summary.path("published").asInt()).isZero();
        assertThat(output.getAll()).doesNotContain("FORGED").doesNotContain("xxxxxxxxxx");
    }

    // ---- failures ---------------------------------------------------------------------------------------------------

    @Test
    void a429IsWaitedForAsItsRetryAfterSays() throws Exception {
        String tenant = "t-busy";
        String id = "Q" + newId().substring(0, 8);
        VENDOR.stubFor(get(urlPathEqualTo("/v1/customer")).withHeader("Authorization", equalTo("Bearer tok-" + tenant))
                .inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("free"));
        VENDOR.stubFor(get(urlPathEqualTo("/v1/customer")).withHeader("Authorization", equalTo("Bearer tok-" + tenant))
                .inScenario("busy").whenScenarioStateIs("free")
                .willReturn(okJson("[" + customer(id, changedNow()) + "]")));

        long started = System.nanoTime();
        JsonNode summary = reconcile("{\"tenant\":\"" + tenant + "\"}");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(summary.path("published").asInt()).isEqualTo(1);
        assertThat(summary.path("failures")).isEmpty();
        assertThat(VENDOR.findAll(getRequestedFor(urlPathEqualTo("/v1/customer")).withHeader("Authorization", equalTo("Bearer tok-" + tenant)))).hasSize(2);
        assertThat(subjects(browse(QUEUE, "tenant = '" + tenant + "'"))).containsExactly(id);
    }

    @Test
    void aLongRetryAfterIsCappedAndTheRecordsAreReadByTheNextRun() throws Exception {
        String tenant = "t-capped";
        String id = "K" + newId().substring(0, 8);
        VENDOR.stubFor(get(urlPathEqualTo("/v1/customer")).withHeader("Authorization", equalTo("Bearer tok-" + tenant))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));

        long started = System.nanoTime();
        JsonNode summary = reconcile("{\"tenant\":\"" + tenant + "\"}");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        assertThat(summary.path("failures").get(0).path("kind").asText()).isEqualTo("unavailable");
        VENDOR.stubFor(get(urlPathEqualTo("/v1/customer")).withHeader("Authorization", equalTo("Bearer tok-" + tenant))
                .willReturn(okJson("[" + customer(id, changedNow()) + "]")));
        assertThat(reconcile("{\"tenant\":\"" + tenant + "\"}").path("published").asInt()).isEqualTo(1);
    }

    @Test
    void serverErrorsLeaveTheWatermarkForTheNextRun() throws Exception {
        String tenant = "t-down";
        String id = "S" + newId().substring(0, 8);
        VENDOR.stubFor(get(urlPathEqualTo("/v1/customer")).withHeader("Authorization", equalTo("Bearer tok-" + tenant))
                .willReturn(aResponse().withStatus(503).withBody("<html>down</html>")));
        JsonNode down = reconcile("{\"tenant\":\"" + tenant + "\"}");
        assertThat(down.path("failures").get(0).path("kind").asText()).isEqualTo("unavailable");
        assertThat(down.toString()).doesNotContain("html");

        VENDOR.stubFor(get(urlPathEqualTo("/v1/customer")).withHeader("Authorization", equalTo("Bearer tok-" + tenant))
                .willReturn(okJson("[" + customer(id, changedNow()) + "]")));
        assertThat(reconcile("{\"tenant\":\"" + tenant + "\"}").path("published").asInt()).isEqualTo(1);
        assertThat(subjects(browse(QUEUE, "tenant = '" + tenant + "'"))).containsExactly(id);
    }

    @Test
    void a401StopsThatTenantForTheRunOnlyAndItsWatermarkStays() throws Exception {
        String refusedRecord = "N" + newId().substring(0, 8);
        String fineRecord = "F" + newId().substring(0, 8);
        VENDOR.stubFor(get(urlPathEqualTo("/v1/customer")).withHeader("Authorization", equalTo("Bearer tok-t-refused"))
                .willReturn(aResponse().withStatus(401)));
        VENDOR.stubFor(get(urlPathEqualTo("/v1/customer")).withHeader("Authorization", equalTo("Bearer tok-t-fine"))
                .willReturn(okJson("[" + customer(fineRecord, changedNow()) + "]")));

        JsonNode run = reconcile("{\"tenant\":\"t-refused\"}");
        JsonNode other = reconcile("{\"tenant\":\"t-fine\"}");

        assertThat(run.path("failures")).hasSize(1);
        assertThat(run.path("failures").get(0).path("kind").asText()).isEqualTo("refused");
        assertThat(run.path("failures").get(0).path("tenant").asText()).isEqualTo("t-refused");
        // a fresh token was asked for once, then the tenant stopped
        assertThat(VENDOR.findAll(postRequestedFor(urlPathEqualTo("/connect/token")).withRequestBody(containing("tenant_id=t-refused")))).hasSize(2);
        assertThat(other.path("published").asInt()).isEqualTo(1);
        assertThat(scrapePrometheus()).containsPattern("gateway_reconciliation_failures_total\\{[^}]*reason=\"refused\"[^}]*\\} [1-9]");

        // the credentials are fixed: the next run reads from where the refused one would have
        VENDOR.stubFor(get(urlPathEqualTo("/v1/customer")).withHeader("Authorization", equalTo("Bearer tok-t-refused"))
                .willReturn(okJson("[" + customer(refusedRecord, changedNow()) + "]")));
        assertThat(reconcile("{\"tenant\":\"t-refused\"}").path("published").asInt()).isEqualTo(1);
        assertThat(subjects(browse(QUEUE, "tenant = 't-refused'"))).containsExactly(refusedRecord);
    }

    // ---- the endpoint -----------------------------------------------------------------------------------------------

    @Test
    void onlyTheAdminRunsItAndOnlyForWhatIsConfigured() throws Exception {
        assertThat(postManagement("/actuator/reconcile", null, "{}").statusCode()).isEqualTo(401);
        assertThat(postManagement("/actuator/reconcile", "test-viewer:viewer-password", "{}").statusCode()).isEqualTo(403);
        assertThat(postManagement("/actuator/reconcile", "test-manager:manager-password", "{}").statusCode()).isEqualTo(403);
        HttpResponse<String> unknown = postManagement("/actuator/reconcile", ADMIN, "{\"tenant\":\"nobody\\r\\nforged\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).doesNotContain("nobody");
        assertThat(postManagement("/actuator/reconcile", ADMIN, "{\"source\":\"venio\"}").statusCode()).isEqualTo(400);
    }

    @org.springframework.beans.factory.annotation.Autowired
    ReconcileJmx jmx;

    @Test
    void theJmxOperationRunsItForTheAdminOnly() throws Exception {
        String tenant = "t-jmx";
        String id = "J" + newId().substring(0, 8);
        stubPages(tenant, List.of(List.of(customer(id, changedNow()))));

        assertThat(jolokia("test-manager:manager-password", tenant).path("status").asInt()).isEqualTo(403);
        assertThat(browse(QUEUE, "tenant = '" + tenant + "'")).isEmpty();
        JsonNode admin = jolokia(ADMIN, tenant);

        assertThat(admin.path("status").asInt()).as(admin.toString()).isEqualTo(200);
        assertThat(admin.path("value").path("published").asInt()).isEqualTo(1);
        assertThat(subjects(browse(QUEUE, "tenant = '" + tenant + "'"))).containsExactly(id);
    }

    private JsonNode jolokia(String credentials, String tenant) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode request = JSON.createObjectNode().put("type", "exec")
                .put("mbean", jmx.objectName().toString()).put("operation", "reconcile");
        request.putArray("arguments").add("").add(tenant).add("");
        return json(postManagement("/actuator/jolokia", credentials, JSON.writeValueAsString(request)).body());
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private JsonNode reconcile(String body) throws Exception {
        HttpResponse<String> response = postManagement("/actuator/reconcile", ADMIN, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    private HttpResponse<String> postManagement(String path, String credentials, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The listing of a tenant's customers, page by page (page size 2); any page past the last is empty. */
    static void stubPages(String tenant, List<List<String>> pages) {
        VENDOR.stubFor(get(urlPathEqualTo("/v1/customer")).atPriority(9).withHeader("Authorization", equalTo("Bearer tok-" + tenant))
                .willReturn(okJson("[]")));
        for (int i = 0; i < pages.size(); i++) {
            VENDOR.stubFor(get(urlPathEqualTo("/v1/customer")).atPriority(1).withHeader("Authorization", equalTo("Bearer tok-" + tenant))
                    .withQueryParam("pageNumber", equalTo(Integer.toString(i + 1)))
                    .willReturn(okJson("[" + String.join(",", pages.get(i)) + "]")));
        }
    }

    /** A customer as the Visma.net ERP API lists it: lastModifiedDateTime without a zone (UTC). */
    static String customer(String number, Instant modified) {
        return "{\"internalId\":9223372036854775807,\"number\":\"" + number + "\",\"name\":\"Customer " + number
                + "\",\"balance\":12345678901234567.8901,\"lastModifiedDateTime\":\""
                + LocalDateTime.ofInstant(modified, ZoneOffset.UTC) + "\"}";
    }

    static String customerUpdated(String number, String tenant) {
        return "{\"event\":\"Customer_Updated\",\"notificationId\":\"" + newId() + "\",\"entityLocation\":\"api/v1/customer/"
                + number + "\",\"TenantId\":\"" + tenant + "\"}";
    }

    static Map<String, String> none() {
        return Map.of();
    }
}
