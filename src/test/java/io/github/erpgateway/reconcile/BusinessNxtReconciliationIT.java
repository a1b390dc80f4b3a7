package io.github.erpgateway.reconcile;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
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
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.erpgateway.support.GatewayTestSupport;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Business NXT reconciliation end to end: WireMock stands in for Visma Connect (the service token) and the Business NXT
 * GraphQL API (one query per table filtered by changedTimestamp, cursor paging, per companyNo), row-change webhooks are
 * posted signed for some of the changed rows, the run is started with POST /actuator/reconcile as the admin, and the
 * queues are read by a separate JMS client over TCP. Each test has its own company, so its watermark is its own.
 */
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class BusinessNxtReconciliationIT extends GatewayTestSupport {

    static final WireMockServer VENDOR = started();
    private static final String ADMIN = "test-admin:admin-password";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String QUEUE = "erp.business-nxt.order-line";
    private static final String ENRICHED = "erp.enriched.business-nxt.order-line";
    private static final DateTimeFormatter VENDOR_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");
    /** Order numbers past what a double holds exactly: the published data must keep every digit. */
    private static final AtomicLong ORDERS = new AtomicLong(9_007_199_254_740_993L);

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
        registry.add("gateway.enrichment.business-nxt.graphql-url", () -> base + "/graphql");
        registry.add("gateway.enrichment.business-nxt.token-url", () -> base + "/connect/token");
        registry.add("gateway.enrichment.business-nxt.client-id", () -> "bnxt-client");
        registry.add("gateway.enrichment.business-nxt.client-secret", () -> "bnxt-client-secret");
        registry.add("gateway.reconciliation.business-nxt.enabled", () -> "true");
        registry.add("gateway.reconciliation.business-nxt.tenants", () -> "1001,1002,1003,1004,1005");
        registry.add("gateway.reconciliation.business-nxt.entities", () -> "order-line");
        registry.add("gateway.reconciliation.business-nxt.page-size", () -> "2");
        registry.add("gateway.reconciliation.business-nxt.interval", () -> "1h");
        registry.add("gateway.reconciliation.max-retry-after", () -> "2s");
        // the main test's first run stops after two pages: the second continues the pass from its cursor
        registry.add("gateway.reconciliation.max-records-per-run", () -> "4");
    }

    @AfterAll
    static void stopVendor() {
        VENDOR.stop();
    }

    @BeforeEach
    void tokenAndEnrichment() {
        VENDOR.stubFor(WireMock.post("/connect/token").willReturn(okJson("{\"access_token\":\"tok-bnxt\",\"expires_in\":3600}")));
        // the enrichment of the webhook events reads their row by its primary keys
        VENDOR.stubFor(WireMock.post(urlPathEqualTo("/graphql")).atPriority(10).withRequestBody(containing("_and"))
                .willReturn(okJson("{\"data\":{\"useCompany\":{\"orderLine\":{\"items\":[]}}}}")));
    }

    @Test
    void exactlyTheRowsNoWebhookCoveredArePublishedOnceAndAChangeAfterItsWebhookOnceMore() throws Exception {
        String company = "1001";
        Instant modified = changedNow();
        long a = ORDERS.incrementAndGet();
        long b = ORDERS.incrementAndGet();
        long c = ORDERS.incrementAndGet();
        long d = ORDERS.incrementAndGet();
        long e = ORDERS.incrementAndGet();
        stubPages(company, List.of(List.of(row(a, modified), row(b, modified)), List.of(row(c, modified), row(d, modified)),
                List.of(row(e, modified))));
        assertThat(postSigned("business-nxt", rowUpdated(b, company, modified)).statusCode()).isEqualTo(202);
        assertThat(postSigned("business-nxt", rowUpdated(d, company, modified)).statusCode()).isEqualTo(202);

        JsonNode first = reconcile("{\"source\":\"business-nxt\",\"tenant\":\"" + company + "\"}");
        // max-records-per-run (4) ends the run after two pages; the next continues from the last stored page's cursor
        JsonNode continued = reconcile("{\"source\":\"business-nxt\",\"tenant\":\"" + company + "\"}");

        assertThat(first.path("checked").asInt()).as(first.toString()).isEqualTo(4);
        assertThat(first.path("complete").asBoolean()).isFalse();
        assertThat(continued.path("complete").asBoolean()).as(continued.toString()).isTrue();
        assertThat(continued.path("alreadyReconciled").asInt()).isEqualTo(2); // the second page, read again
        assertThat(first.path("covered").asInt() + continued.path("covered").asInt()).isEqualTo(2);
        assertThat(first.path("published").asInt() + continued.path("published").asInt()).isEqualTo(3);
        assertThat(first.path("extra").asInt() + continued.path("extra").asInt()).isZero();
        List<Message> events = browse(QUEUE, "tenant = '" + company + "' AND action = 'reconciled'");
        assertThat(subjects(events)).containsExactlyInAnyOrder(subject(a), subject(c), subject(e));
        for (Message message : events) {
            JsonNode event = json(text(message));
            assertThat(event.path("type").asText()).isEqualTo("erp.business-nxt.order-line.reconciled");
            assertThat(event.path("source").asText()).isEqualTo("/business-nxt/" + company);
            assertThat(event.path("time").asText()).isEqualTo(modified.toString());
            assertThat(event.path("subject").asText()).isEqualTo("OrderNo=" + event.path("data").path("orderNo").bigIntegerValue() + ",LineNo=1");
            assertThat(text(message)).contains("\"orderNo\":900719925474").contains("12345678901234567.8901");
            assertCanonicalProperties(message, event, "business-nxt");
        }
        // order-line is enriched (routes/business-nxt.camel.yaml): the enriched queue gets the row too, not fetched again
        List<Message> enriched = browse(ENRICHED, "tenant = '" + company + "' AND action = 'reconciled'");
        assertThat(subjects(enriched)).containsExactlyInAnyOrder(subject(a), subject(c), subject(e));
        JsonNode enrichedEvent = json(text(enriched.get(0)));
        assertThat(enrichedEvent.path("data").path("record")).isEqualTo(enrichedEvent.path("data").path("event"));

        // one query text for every page; the company, the time, the page size and the cursor are variables
        List<LoggedRequest> calls = reconcileCalls(company);
        assertThat(calls).hasSize(4).allSatisfy(call -> assertThat(call.getHeader("Authorization")).isEqualTo("Bearer tok-bnxt"));
        assertThat(calls.stream().map(call -> json(call.getBodyAsString()).path("query").asText()).distinct()).singleElement()
                .satisfies(query -> assertThat(query).contains("useCompany(no: $companyNo)")
                        .contains("orderLine(first: $first, after: $after, filter: {changedTimestamp: {_gte: $since}})")
                        .contains("pageInfo { hasNextPage endCursor }").doesNotContain(company));
        JsonNode variables = json(calls.get(0).getBodyAsString()).path("variables");
        assertThat(variables.path("companyNo").asInt()).isEqualTo(1001);
        assertThat(variables.path("first").asInt()).isEqualTo(2);
        assertThat(variables.path("since").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
        assertThat(calls.stream().map(call -> json(call.getBodyAsString()).path("variables").path("after").asText(null)).toList())
                .containsExactlyInAnyOrder(null, "cursor-1", "cursor-1", "cursor-2");

        int[] second = reconcilePass("{\"source\":\"business-nxt\",\"tenant\":\"" + company + "\"}");
        assertThat(second[0]).isZero();
        assertThat(second[1]).isZero();
        assertThat(browse(QUEUE, "tenant = '" + company + "' AND action = 'reconciled'")).hasSize(3);

        // b changes again, well after its webhook: that version no webhook covered
        Instant again = Instant.now().plus(Duration.ofMinutes(3)).truncatedTo(ChronoUnit.MILLIS);
        stubPages(company, List.of(List.of(row(a, modified), row(b, again)), List.of(row(c, modified), row(d, modified)),
                List.of(row(e, modified))));
        assertThat(reconcilePass("{\"source\":\"business-nxt\",\"tenant\":\"" + company + "\"}")[0]).isEqualTo(1);
        assertThat(browse(QUEUE, "tenant = '" + company + "' AND action = 'reconciled'")).hasSize(4);
        assertThat(browse(QUEUE, "tenant = '" + company + "' AND action = 'reconciled' AND ce_subject = '" + subject(b) + "'"))
                .singleElement().satisfies(m -> assertThat(m.getStringProperty("ce_time")).isEqualTo(again.toString()));

        String scrape = scrapePrometheus();
        assertThat(scrape).containsPattern("gateway_reconciliation_records_total\\{[^}]*outcome=\"published\"[^}]*source=\"business-nxt\"[^}]*\\} [1-9]");
        assertThat(scrape).containsPattern("gateway_reconciliation_last_success_seconds\\{[^}]*source=\"business-nxt\",tenant=\"1001\"[^}]*\\} [1-9]");
    }

    @Test
    void a401StopsThatCompanyForTheRunOnlyAndItsWatermarkStays() throws Exception {
        long refusedRow = ORDERS.incrementAndGet();
        long fineRow = ORDERS.incrementAndGet();
        var refused = VENDOR.stubFor(WireMock.post(urlPathEqualTo("/graphql")).atPriority(1).withRequestBody(matchingJsonPath("$.variables.companyNo", equalTo("1002")))
                .willReturn(aResponse().withStatus(401).withBody("<html><body>401 Authorization Required</body></html>")));
        stubPages("1003", List.of(List.of(row(fineRow, changedNow()))));
        JsonNode other = reconcile("{\"source\":\"business-nxt\",\"tenant\":\"1003\"}"); // the token is cached now
        int tokensBefore = VENDOR.findAll(postRequestedFor(urlPathEqualTo("/connect/token"))).size();

        JsonNode run = reconcile("{\"source\":\"business-nxt\",\"tenant\":\"1002\"}");

        assertThat(run.path("failures")).hasSize(1);
        assertThat(run.path("failures").get(0).path("kind").asText()).isEqualTo("refused");
        assertThat(run.path("failures").get(0).path("tenant").asText()).isEqualTo("1002");
        assertThat(run.toString()).doesNotContain("html");
        // a fresh token was asked for once, then the company stopped
        assertThat(VENDOR.findAll(postRequestedFor(urlPathEqualTo("/connect/token"))).size() - tokensBefore).isEqualTo(1);
        assertThat(other.path("published").asInt()).as(other.toString()).isEqualTo(1);
        assertThat(scrapePrometheus()).containsPattern(
                "gateway_reconciliation_failures_total\\{[^}]*reason=\"refused\",source=\"business-nxt\"[^}]*\\} [1-9]");

        // the credentials are fixed: the next run reads from where the refused one would have
        VENDOR.removeStub(refused);
        stubPages("1002", List.of(List.of(row(refusedRow, changedNow()))));
        assertThat(reconcile("{\"source\":\"business-nxt\",\"tenant\":\"1002\"}").path("published").asInt()).isEqualTo(1);
        assertThat(subjects(browse(QUEUE, "tenant = '1002'"))).containsExactly(subject(refusedRow));
    }

    @Test
    void a429IsWaitedForAsItsRetryAfterSays() throws Exception {
        String company = "1004";
        long id = ORDERS.incrementAndGet();
        VENDOR.stubFor(WireMock.post(urlPathEqualTo("/graphql")).atPriority(1).withRequestBody(matchingJsonPath("$.variables.companyNo", equalTo(company)))
                .inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("free"));
        VENDOR.stubFor(WireMock.post(urlPathEqualTo("/graphql")).atPriority(1).withRequestBody(matchingJsonPath("$.variables.companyNo", equalTo(company)))
                .inScenario("busy").whenScenarioStateIs("free")
                .willReturn(okJson(page(List.of(row(id, changedNow())), null))));

        long started = System.nanoTime();
        JsonNode summary = reconcile("{\"source\":\"business-nxt\",\"tenant\":\"" + company + "\"}");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(summary.path("published").asInt()).as(summary.toString()).isEqualTo(1);
        assertThat(summary.path("failures")).isEmpty();
        assertThat(reconcileCalls(company)).hasSize(2);
        assertThat(subjects(browse(QUEUE, "tenant = '" + company + "'"))).containsExactly(subject(id));
    }

    @Test
    void graphQlErrorsInA200AnswerLeaveTheCompanyForTheNextRunAndAreNotQuoted(
            org.springframework.boot.test.system.CapturedOutput output) throws Exception {
        String company = "1005";
        long id = ORDERS.incrementAndGet();
        var errors = VENDOR.stubFor(WireMock.post(urlPathEqualTo("/graphql")).atPriority(1).withRequestBody(matchingJsonPath("$.variables.companyNo", equalTo(company)))
                .willReturn(okJson("{\"errors\":[{\"message\":\"FORGED\\r\\nline: no access to company\"}],\"data\":null}")));

        JsonNode failed = reconcile("{\"source\":\"business-nxt\",\"tenant\":\"" + company + "\"}");

        assertThat(failed.path("failures").get(0).path("kind").asText()).isEqualTo("unavailable");
        assertThat(failed.toString()).doesNotContain("FORGED");
        assertThat(output.getAll()).doesNotContain("FORGED");
        VENDOR.removeStub(errors);
        stubPages(company, List.of(List.of(row(id, changedNow()))));
        assertThat(reconcile("{\"source\":\"business-nxt\",\"tenant\":\"" + company + "\"}").path("published").asInt()).isEqualTo(1);
    }

    @Test
    void aTenantOrSourceNotConfiguredIsRefused() throws Exception {
        assertThat(postManagement("{\"source\":\"business-nxt\",\"tenant\":\"9999\"}").statusCode()).isEqualTo(400);
        assertThat(postManagement("{\"source\":\"visma-net\"}").statusCode()).isEqualTo(400);
        assertThat(postManagement("{\"source\":\"business-nxt\",\"entity\":\"customer\"}").statusCode()).isEqualTo(400);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private JsonNode reconcile(String body) throws Exception {
        HttpResponse<String> response = postManagement(body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    /** Runs until a run reads the pass to its end (the record bound cuts passes short); published and extra, summed. */
    private int[] reconcilePass(String body) throws Exception {
        int[] sums = new int[2];
        for (int run = 0; run < 5; run++) {
            JsonNode summary = reconcile(body);
            sums[0] += summary.path("published").asInt();
            sums[1] += summary.path("extra").asInt();
            if (summary.path("complete").asBoolean()) {
                return sums;
            }
        }
        throw new AssertionError("the pass did not end in 5 runs");
    }

    private HttpResponse<String> postManagement(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/reconcile"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(ADMIN.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The reconciliation's queries of a company (the enrichment's row reads filter by _and instead). */
    private static List<LoggedRequest> reconcileCalls(String company) {
        RequestPatternBuilder pattern = postRequestedFor(urlPathEqualTo("/graphql")).withRequestBody(containing("query Reconcile"))
                .withRequestBody(matchingJsonPath("$.variables.companyNo", equalTo(company)));
        return VENDOR.findAll(pattern);
    }

    /** A company's changed order lines, page by page (page size 2), linked by cursor-1, cursor-2, ... */
    static void stubPages(String company, List<List<String>> pages) {
        for (int i = 0; i < pages.size(); i++) {
            String next = i + 1 < pages.size() ? "cursor-" + (i + 1) : null;
            var request = WireMock.post(urlPathEqualTo("/graphql")).withRequestBody(containing("query Reconcile"))
                    .withRequestBody(matchingJsonPath("$.variables.companyNo", equalTo(company)));
            request = i == 0 ? request.atPriority(5)
                    : request.atPriority(2).withRequestBody(matchingJsonPath("$.variables.after", equalTo("cursor-" + i)));
            VENDOR.stubFor(request.willReturn(okJson(page(pages.get(i), next))));
        }
    }

    static String page(List<String> rows, String next) {
        return "{\"data\":{\"useCompany\":{\"orderLine\":{\"items\":[" + String.join(",", rows) + "],\"pageInfo\":{\"hasNextPage\":"
                + (next != null) + ",\"endCursor\":" + (next == null ? "null" : "\"" + next + "\"") + "}}}}}";
    }

    /** An order line as the GraphQL API returns it: changedTimestamp as the vendor documents it, no zone (UTC). */
    static String row(long orderNo, Instant modified) {
        return "{\"orderNo\":" + orderNo + ",\"lineNo\":1,\"description\":\"Line of " + orderNo
                + "\",\"amount\":12345678901234567.8901,\"changedTimestamp\":\""
                + VENDOR_TIME.format(LocalDateTime.ofInstant(modified, ZoneOffset.UTC)) + "\"}";
    }

    static String subject(long orderNo) {
        return "OrderNo=" + orderNo + ",LineNo=1";
    }

    /** The row-change webhook (seed 003) of an order line. */
    static String rowUpdated(long orderNo, String company, Instant modified) {
        return "{\"tableIdentifier\":\"OrderLine\",\"customerNo\":4801958,\"companyNo\":" + company + ",\"event\":\"UPDATE\","
                + "\"primaryKeys\":[{\"OrderNo\":" + orderNo + "},{\"LineNo\":1}],\"timestamp\":\"" + modified + "\","
                + "\"changedByUser\":\"ola.normann\",\"changedColumns\":[{\"Description\":\"changed\"},"
                + "{\"ChangedTimestamp\":" + COMPACT.format(LocalDateTime.ofInstant(modified, ZoneOffset.UTC)) + "}]}";
    }
}
