package io.github.erpgateway.enrich;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
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
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.erpgateway.support.GatewayTestSupport;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Enrichment end to end: signed webhooks in, WireMock standing in for Visma Connect, the Visma.net ERP API, Business
 * NXT's GraphQL API and Venio over real HTTP, and the enriched events and dead letters read from the broker over TCP.
 */
@ExtendWith(OutputCaptureExtension.class)
class EnrichmentIT extends GatewayTestSupport {

    @LocalServerPort
    int managementPort;

    static final WireMockServer VENDOR = started();
    static final WireMockServer ELSEWHERE = started();

    private static WireMockServer started() {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return server;
    }

    @DynamicPropertySource
    static void vendors(DynamicPropertyRegistry registry) {
        String base = "http://127.0.0.1:" + VENDOR.port();
        registry.add("gateway.enrichment.visma-net.api-base", () -> base);
        registry.add("gateway.enrichment.visma-net.token-url", () -> base + "/connect/token");
        registry.add("gateway.enrichment.visma-net.client-id", () -> "visma-client");
        registry.add("gateway.enrichment.visma-net.client-secret", () -> "visma-client-secret");
        registry.add("gateway.enrichment.visma-net.scope", () -> "vismanet_erp_service_api:read");
        registry.add("gateway.enrichment.business-nxt.graphql-url", () -> base + "/graphql");
        registry.add("gateway.enrichment.business-nxt.token-url", () -> base + "/bnxt/token");
        registry.add("gateway.enrichment.business-nxt.client-id", () -> "bnxt-client");
        registry.add("gateway.enrichment.business-nxt.client-secret", () -> "bnxt-client-secret");
        registry.add("gateway.enrichment.venio.api-base", () -> base + "/venio");
        registry.add("gateway.enrichment.venio.token-url", () -> base + "/venio/token");
        registry.add("gateway.enrichment.venio.client-id", () -> "venio-client");
        registry.add("gateway.enrichment.venio.client-secret", () -> "venio-client-secret");
        registry.add("gateway.enrichment.venio.subscription-key", () -> "venio-subscription-key");
        registry.add("gateway.enrichment.retry.initial-delay", () -> "200ms");
        registry.add("gateway.enrichment.retry.max-retries", () -> "3");
        registry.add("gateway.enrichment.retry.jitter", () -> "0");
        registry.add("gateway.enrichment.retry.max-retry-after", () -> "3s");
        // the circuit breaker has its own test; here it must not open while failures are provoked one after another
        registry.add("gateway.enrichment.circuit-breaker.minimum-number-of-calls", () -> "1000");
        registry.add("gateway.enrichment.circuit-breaker.sliding-window-size", () -> "1000");
    }

    @AfterAll
    static void stopVendors() {
        VENDOR.stop();
        ELSEWHERE.stop();
    }

    @BeforeEach
    void tokenEndpoints() {
        VENDOR.stubFor(WireMock.post("/connect/token").atPriority(10).willReturn(okJson("{\"access_token\":\"visma-token\",\"expires_in\":3600}")));
        VENDOR.stubFor(WireMock.post("/bnxt/token").willReturn(okJson("{\"access_token\":\"bnxt-token\",\"expires_in\":3600}")));
        VENDOR.stubFor(WireMock.post("/venio/token").willReturn(okJson("{\"access_token\":\"venio-token\",\"expires_in\":3600}")));
    }

    // ---- Visma.net ERP ----------------------------------------------------------------------------------------

    @Test
    void aVismaNetCustomerIsPublishedWithItsRecordAndTheWebhookReplyIsUnchanged() throws Exception {
        String id = newId();
        VENDOR.stubFor(get("/v1/customer/" + id).withHeader("Authorization", equalTo("Bearer visma-token"))
                .willReturn(okJson("{\"number\":\"" + id + "\",\"balance\":12345678901234567.8901,\"internalId\":9223372036854775807,\"rate\":1.50}")));

        HttpResponse<String> reply = postVisma(customerChanged(id, "tenant-success", "https://api.finance.visma.net/v1/customer/" + id));

        assertThat(reply.statusCode()).isEqualTo(202);
        assertThat(reply.body()).isEqualTo("{\"id\":\"" + id + "\",\"status\":\"accepted\"}");
        Message canonical = receiveEvent("erp.visma-net.customer", id);
        Message enriched = awaitEvent("erp.enriched.visma-net.customer", id);
        String text = text(enriched);
        JsonNode event = json(text);
        assertThat(event.path("type").asText()).isEqualTo("erp.visma-net.customer.updated");
        assertThat(event.path("data").path("event")).isEqualTo(json(text(canonical)).path("data"));
        assertThat(text).contains("12345678901234567.8901").contains("9223372036854775807").contains("1.50");
        for (String property : List.of("ce_id", "ce_type", "ce_source", "ce_subject", "ce_time", "tenant", "entity", "action", "JMSXGroupID")) {
            assertThat(enriched.getStringProperty(property)).as(property).isEqualTo(canonical.getStringProperty(property));
        }
        assertThat(enriched.getObjectProperty("enrich")).isNull();
        assertThat(text).doesNotContain("visma-token").doesNotContain("visma-client-secret");
    }

    @Test
    void aRedeliveredWebhookIsEnrichedOnce() throws Exception {
        String id = newId();
        VENDOR.stubFor(get("/v1/customer/" + id).willReturn(okJson("{\"number\":\"" + id + "\"}")));
        String body = customerChanged(id, "tenant-twice", "v1/customer/" + id);

        assertThat(postVisma(body).statusCode()).isEqualTo(202);
        assertThat(postVisma(body).statusCode()).isEqualTo(202);

        awaitEvent("erp.enriched.visma-net.customer", id);
        Thread.sleep(1000);
        assertThat(count("erp.enriched.visma-net.customer", "ce_id = '" + id + "'")).isZero();
        assertThat(VENDOR.findAll(getRequestedFor(urlEqualTo("/v1/customer/" + id)))).hasSize(1);
    }

    @Test
    void tokensAreCachedPerTenantWithTheTenantInTheTokenRequest() throws Exception {
        String[] ids = {newId(), newId(), newId()};
        String[] tenants = {"tenant-a-" + ids[0], "tenant-a-" + ids[0], "tenant-b-" + ids[0]};
        for (int i = 0; i < 3; i++) {
            VENDOR.stubFor(get("/v1/customer/" + ids[i]).willReturn(okJson("{\"number\":\"" + ids[i] + "\"}")));
            assertThat(postVisma(customerChanged(ids[i], tenants[i], "v1/customer/" + ids[i])).statusCode()).isEqualTo(202);
            awaitEvent("erp.enriched.visma-net.customer", ids[i]);
        }

        List<LoggedRequest> tokenRequests = VENDOR.findAll(postRequestedFor(urlEqualTo("/connect/token"))
                .withRequestBody(containing("tenant_id=tenant-")).withRequestBody(containing(ids[0])));
        assertThat(tokenRequests).hasSize(2);
        assertThat(tokenRequests).extracting(LoggedRequest::getBodyAsString)
                .allSatisfy(body -> assertThat(body).contains("grant_type=client_credentials", "client_id=visma-client",
                        "client_secret=visma-client-secret", "scope=vismanet_erp_service_api%3Aread"))
                .anySatisfy(body -> assertThat(body).contains("tenant_id=tenant-a-" + ids[0]))
                .anySatisfy(body -> assertThat(body).contains("tenant_id=tenant-b-" + ids[0]));
    }

    @Test
    void aTokenTheApiRefusesIsFetchedAgainOnce() throws Exception {
        String id = newId();
        String tenant = "tenant-401-" + id;
        VENDOR.stubFor(WireMock.post("/connect/token").withRequestBody(containing(tenant)).inScenario(id)
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("second")
                .willReturn(okJson("{\"access_token\":\"revoked-token\",\"expires_in\":3600}")));
        VENDOR.stubFor(WireMock.post("/connect/token").withRequestBody(containing(tenant)).inScenario(id)
                .whenScenarioStateIs("second").willReturn(okJson("{\"access_token\":\"fresh-token\",\"expires_in\":3600}")));
        VENDOR.stubFor(get("/v1/customer/" + id).withHeader("Authorization", equalTo("Bearer revoked-token"))
                .willReturn(aResponse().withStatus(401)));
        VENDOR.stubFor(get("/v1/customer/" + id).withHeader("Authorization", equalTo("Bearer fresh-token"))
                .willReturn(okJson("{\"number\":\"" + id + "\"}")));

        postVisma(customerChanged(id, tenant, "api/v1/customer/" + id));

        assertThat(json(text(awaitEvent("erp.enriched.visma-net.customer", id))).path("data").path("record").path("number").asText()).isEqualTo(id);
        assertThat(VENDOR.findAll(postRequestedFor(urlEqualTo("/connect/token")).withRequestBody(containing(tenant)))).hasSize(2);
        assertThat(VENDOR.findAll(getRequestedFor(urlEqualTo("/v1/customer/" + id)))).hasSize(2);
    }

    @Test
    void aRecordTheApiDoesNotHaveIsNull() throws Exception {
        String id = newId();
        VENDOR.stubFor(get("/v1/customer/" + id).willReturn(aResponse().withStatus(404)));

        postVisma(customerChanged(id, "tenant-404", "v1/customer/" + id));

        JsonNode data = json(text(awaitEvent("erp.enriched.visma-net.customer", id))).path("data");
        assertThat(data.path("record").isNull()).isTrue();
        assertThat(data.path("event").path("resourceId").asText()).isEqualTo(id);
    }

    @Test
    void a429IsTriedAgainAfterRetryAfter() throws Exception {
        String id = newId();
        VENDOR.stubFor(get("/v1/customer/" + id).inScenario(id).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ok")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")));
        VENDOR.stubFor(get("/v1/customer/" + id).inScenario(id).whenScenarioStateIs("ok").willReturn(okJson("{\"number\":\"" + id + "\"}")));

        postVisma(customerChanged(id, "tenant-429", "v1/customer/" + id));

        assertThat(json(text(awaitEvent("erp.enriched.visma-net.customer", id))).at("/data/record/number").asText()).isEqualTo(id);
        List<LoggedRequest> calls = VENDOR.findAll(getRequestedFor(urlEqualTo("/v1/customer/" + id)));
        assertThat(calls).hasSize(2);
        // the configured first wait is 200 ms; Retry-After asked for 2 s
        assertThat(calls.get(1).getLoggedDate().getTime() - calls.get(0).getLoggedDate().getTime()).isGreaterThanOrEqualTo(1900);
    }

    @Test
    void aRetryAfterOfADayIsCappedAtMaxRetryAfter() throws Exception {
        String id = newId();
        VENDOR.stubFor(get("/v1/customer/" + id).inScenario(id).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ok")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "86400")));
        VENDOR.stubFor(get("/v1/customer/" + id).inScenario(id).whenScenarioStateIs("ok").willReturn(okJson("{\"number\":\"" + id + "\"}")));

        postVisma(customerChanged(id, "tenant-429-day", "v1/customer/" + id));

        assertThat(json(text(awaitEvent("erp.enriched.visma-net.customer", id))).at("/data/record/number").asText()).isEqualTo(id);
        List<LoggedRequest> calls = VENDOR.findAll(getRequestedFor(urlEqualTo("/v1/customer/" + id)));
        assertThat(calls).hasSize(2);
        // gateway.enrichment.retry.max-retry-after is 3 s here
        assertThat(calls.get(1).getLoggedDate().getTime() - calls.get(0).getLoggedDate().getTime()).isBetween(2900L, 10_000L);
    }

    @Test
    void serverErrorsAreTriedAgainUntilTheRecordComes() throws Exception {
        String id = newId();
        VENDOR.stubFor(get("/v1/customer/" + id).inScenario(id).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("still")
                .willReturn(aResponse().withStatus(503)));
        VENDOR.stubFor(get("/v1/customer/" + id).inScenario(id).whenScenarioStateIs("still").willSetStateTo("ok")
                .willReturn(aResponse().withStatus(502)));
        VENDOR.stubFor(get("/v1/customer/" + id).inScenario(id).whenScenarioStateIs("ok").willReturn(okJson("{\"number\":\"" + id + "\"}")));

        postVisma(customerChanged(id, "tenant-5xx", "v1/customer/" + id));

        assertThat(json(text(awaitEvent("erp.enriched.visma-net.customer", id))).at("/data/record/number").asText()).isEqualTo(id);
        assertThat(VENDOR.findAll(getRequestedFor(urlEqualTo("/v1/customer/" + id)))).hasSize(3);
        assertThat(count("erp.dlq", "ce_id = '" + id + "'")).isZero();
    }

    @Test
    void aVendorThatKeepsFailingSendsTheEventToTheDeadLetterQueueWithTheReasonAndTheWebhookIsStillAccepted() throws Exception {
        String id = newId();
        VENDOR.stubFor(get("/v1/customer/" + id).willReturn(aResponse().withStatus(500)));

        HttpResponse<String> reply = postVisma(customerChanged(id, "tenant-down", "v1/customer/" + id));

        assertThat(reply.statusCode()).isEqualTo(202);
        assertThat(reply.body()).isEqualTo("{\"id\":\"" + id + "\",\"status\":\"accepted\"}");
        Message dead = awaitEvent("erp.dlq", id);
        assertThat(dead.getStringProperty("reason")).isEqualTo("visma-net API answered 500");
        assertThat(dead.getIntProperty("status")).isEqualTo(500);
        assertThat(dead.getStringProperty("stage")).isEqualTo("enrichment");
        assertThat(json(text(dead)).path("id").asText()).isEqualTo(id);
        assertThat(VENDOR.findAll(getRequestedFor(urlEqualTo("/v1/customer/" + id)))).hasSize(4); // 1 + max-retries 3
        assertThat(count("erp.enriched.visma-net.customer", "ce_id = '" + id + "'")).isZero();
    }

    @Test
    void anEventWhoseEnrichmentFailedIsReplayedFromTheDeadLetterQueueOnceTheVendorIsBack() throws Exception {
        String id = newId();
        VENDOR.stubFor(get("/v1/customer/" + id).atPriority(1).willReturn(aResponse().withStatus(500)));
        assertThat(postVisma(customerChanged(id, "tenant-replay", "v1/customer/" + id)).statusCode()).isEqualTo(202);
        Message canonical = receiveEvent("erp.visma-net.customer", id);
        String selector = "ce_id = '" + id + "'";
        for (int i = 0; i < 200 && count("erp.dlq", selector) == 0; i++) {
            Thread.sleep(100);
        }
        assertThat(count("erp.dlq", selector)).isEqualTo(1);

        VENDOR.stubFor(get("/v1/customer/" + id).atPriority(0).willReturn(okJson("{\"number\":\"" + id + "\"}")));
        String request = "{\"queue\":\"erp.dlq\",\"selector\":\"" + selector + "\"}";
        for (int replay = 0; replay < 2; replay++) {
            HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + managementPort + "/actuator/replay"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("test-admin:admin-password".getBytes()))
                    .POST(HttpRequest.BodyPublishers.ofString(request)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
            assertThat(json(reply.body()).get("moved").asInt()).isEqualTo(replay == 0 ? 1 : 0);
        }

        Message enriched = awaitEvent("erp.enriched.visma-net.customer", id);
        assertThat(json(text(enriched)).path("data").path("record").path("number").asText()).isEqualTo(id);
        assertThat(enriched.getStringProperty("JMSXGroupID")).isEqualTo(canonical.getStringProperty("JMSXGroupID"));
        assertThat(enriched.getObjectProperty("reason")).isNull();
        assertThat(count("erp.dlq", selector)).isZero();
    }

    @Test
    void aResourceUriNamingAnotherHostOnlyGivesItsPathToTheConfiguredApi() throws Exception {
        String id = newId();
        VENDOR.stubFor(get("/v1/customer/" + id).willReturn(okJson("{\"number\":\"" + id + "\"}")));
        ELSEWHERE.stubFor(get(anyUrl()).willReturn(okJson("{\"stolen\":true}")));

        postVisma(customerChanged(id, "tenant-host", "http://127.0.0.1:" + ELSEWHERE.port() + "/v1/customer/" + id));

        assertThat(json(text(awaitEvent("erp.enriched.visma-net.customer", id))).at("/data/record/number").asText()).isEqualTo(id);
        assertThat(ELSEWHERE.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aPathNotOfTheApisShapeIsNeverCalled() throws Exception {
        String id = newId();
        VENDOR.stubFor(get(anyUrl()).atPriority(20).willReturn(okJson("{\"internal\":true}")));

        postVisma(customerChanged(id, "tenant-path", "https://api.finance.visma.net/v1/customer/..%2F..%2Fadmin"));

        Message dead = awaitEvent("erp.dlq", id);
        assertThat(dead.getStringProperty("reason")).contains("not of the Visma.net ERP API's shape");
        assertThat(VENDOR.findAll(getRequestedFor(anyUrl())).stream().map(LoggedRequest::getUrl)).noneMatch(url -> url.contains("admin"));
    }

    @Test
    void anEntityNotDeclaredForEnrichmentIsOnlyQueued() throws Exception {
        String id = newId();
        String body = "{\"event\":\"Account_Updated\",\"notificationId\":\"" + id + "\",\"entityLocation\":\"api/v1/account/" + id
                + "\",\"TenantId\":\"tenant-account\",\"timeStamp\":\"638974335577900000\"}";

        assertThat(postVisma(body).statusCode()).isEqualTo(202);

        assertThat(receiveEvent("erp.visma-net.account", id).getObjectProperty("enrich")).isNull();
        Thread.sleep(500);
        assertThat(VENDOR.findAll(getRequestedFor(urlEqualTo("/v1/account/" + id)))).isEmpty();
    }

    @Test
    void aSalesOrderServiceEventUsesItsConfiguredPath() throws Exception {
        String id = newId();
        String order = "SO-" + id;
        VENDOR.stubFor(get("/v3/salesorders/" + order).willReturn(okJson("{\"orderNo\":\"" + order + "\"}")));
        String body = "{\"event\":\"SALESORDER_CREATED\",\"notificationId\":\"" + id + "\",\"entityLocation\":\"api/v3/salesorders/"
                + order + "\",\"timeStamp\":\"638974335577900000\",\"TenantId\":\"tenant-so\"}";

        assertThat(postVisma(body).statusCode()).isEqualTo(202);

        assertThat(json(text(awaitEvent("erp.enriched.visma-net.sales-order", id))).at("/data/record/orderNo").asText()).isEqualTo(order);
    }

    @Test
    void secretsAndTokensAppearInNoLogLineAndNoMetric(CapturedOutput output) throws Exception {
        String id = newId();
        String tenant = "tenant-secrets-" + id;
        VENDOR.stubFor(WireMock.post("/connect/token").withRequestBody(containing(tenant))
                .willReturn(okJson("{\"access_token\":\"secret-token-value\",\"expires_in\":3600}")));
        VENDOR.stubFor(get("/v1/customer/" + id).willReturn(aResponse().withStatus(401)));

        postVisma(customerChanged(id, tenant, "v1/customer/" + id));

        assertThat(awaitEvent("erp.dlq", id).getStringProperty("reason")).isEqualTo("visma-net API refused the token (401)");
        String prometheus = new String(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8);
        assertThat(prometheus).contains("gateway_enrichment_calls_total{outcome=\"unauthorized\",vendor=\"visma-net\"}")
                .contains("gateway_enrichment_dead_lettered_total{vendor=\"visma-net\"}");
        for (String secret : List.of("secret-token-value", "visma-client-secret", "bnxt-client-secret", "venio-client-secret", "venio-subscription-key")) {
            assertThat(output.getAll()).as("log").doesNotContain(secret);
            assertThat(prometheus).as("metrics").doesNotContain(secret);
        }
    }

    // ---- Business NXT -----------------------------------------------------------------------------------------

    @Test
    void aBusinessNxtRowIsReadWithOneGraphqlQueryByItsPrimaryKeys() throws Exception {
        String id = newId();
        int orderNo = Math.abs(id.hashCode() % 1_000_000);
        VENDOR.stubFor(WireMock.post("/graphql").withRequestBody(containing("orderNo: {_eq: " + orderNo + "}"))
                .willReturn(okJson("{\"data\":{\"useCompany\":{\"orderLine\":{\"items\":[{\"orderNo\":" + orderNo
                        + ",\"lineNo\":1,\"description\":\"Hello again\",\"price\":12345678901234.5678}]}}}}")));

        postBnxt(orderLine("UPDATE", orderNo), id);

        String text = text(awaitEvent("erp.enriched.business-nxt.order-line", id));
        assertThat(json(text).at("/data/record/description").asText()).isEqualTo("Hello again");
        assertThat(text).contains("12345678901234.5678");
        LoggedRequest query = VENDOR.findAll(postRequestedFor(urlEqualTo("/graphql")).withRequestBody(containing("orderNo: {_eq: " + orderNo + "}"))).get(0);
        assertThat(query.getHeader("Authorization")).isEqualTo("Bearer bnxt-token");
        assertThat(json(query.getBodyAsString()).path("query").asText()).isEqualTo("query { useCompany(no: 5199768) { orderLine(filter: {_and: ["
                + "{orderNo: {_eq: " + orderNo + "}}, {lineNo: {_eq: 1}}]}) { items { orderNo lineNo description changedDate } } } }");
    }

    @Test
    void graphqlErrorsAreAFailure() throws Exception {
        String id = newId();
        int orderNo = Math.abs(id.hashCode() % 1_000_000) + 1_000_000;
        VENDOR.stubFor(WireMock.post("/graphql").withRequestBody(containing("orderNo: {_eq: " + orderNo + "}"))
                .willReturn(okJson("{\"errors\":[{\"message\":\"Field 'changedDate' is not defined\"}],\"data\":null}")));

        postBnxt(orderLine("UPDATE", orderNo), id);

        Message dead = awaitEvent("erp.dlq", id);
        assertThat(dead.getStringProperty("reason")).isEqualTo("Business NXT GraphQL errors: Field 'changedDate' is not defined");
        assertThat(count("erp.enriched.business-nxt.order-line", "ce_id = '" + id + "'")).isZero();
    }

    @Test
    void aDeletedRowIsNotFetched() throws Exception {
        String id = newId();
        int orderNo = Math.abs(id.hashCode() % 1_000_000) + 2_000_000;

        postBnxt(orderLine("DELETE", orderNo), id);

        assertThat(json(text(awaitEvent("erp.enriched.business-nxt.order-line", id))).path("data").path("record").isNull()).isTrue();
        assertThat(VENDOR.findAll(postRequestedFor(urlEqualTo("/graphql")).withRequestBody(containing("_eq: " + orderNo + "}")))).isEmpty();
    }

    // ---- Venio ------------------------------------------------------------------------------------------------

    @Test
    void aVenioQuotationIsFetchedByNumberAndUnwrapped() throws Exception {
        String number = "QT-" + newId();
        VENDOR.stubFor(get("/venio/v1/quotation/" + number)
                .withHeader("Authorization", equalTo("Bearer venio-token"))
                .withHeader("Ocp-Apim-Subscription-Key", equalTo("venio-subscription-key"))
                .willReturn(okJson("{\"status\":{\"code\":\"1000\"},\"data\":{\"QuotationNo\":\"" + number + "\",\"NetAmount\":1234567.10}}")));
        byte[] body = ("{\"modifiedBy\":\"EMP001\",\"webhookName\":\"crm-test\",\"topic\":\"Quotation\",\"event\":\"Create\","
                + "\"data\":{\"QuotationNo\":\"" + number + "\"}}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> reply = post("/webhooks/venio", body, Map.of("X-Venio-Signature", sign(VENIO_SECRET, body)));

        String id = json(reply.body()).path("id").asText();
        String text = text(awaitEvent("erp.enriched.venio.quotation", id));
        assertThat(json(text).at("/data/record/QuotationNo").asText()).isEqualTo(number);
        assertThat(text).contains("1234567.10").doesNotContain("\"status\"");
    }

    @Test
    void aSubjectOfDotSegmentsIsNeverCalledAsAnotherPath() throws Exception {
        VENDOR.stubFor(get(WireMock.urlMatching("/venio/.*")).atPriority(30)
                .willReturn(okJson("{\"status\":{\"code\":\"1000\"},\"data\":{\"other\":true}}")));
        int before = VENDOR.findAll(getRequestedFor(WireMock.urlMatching("/venio/.*"))).size();
        for (String number : List.of("..", ".")) {
            byte[] body = ("{\"modifiedBy\":\"EMP001\",\"webhookName\":\"crm-dots-" + newId() + "\",\"topic\":\"Quotation\","
                    + "\"event\":\"Create\",\"data\":{\"QuotationNo\":\"" + number + "\"}}").getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> reply = post("/webhooks/venio", body, Map.of("X-Venio-Signature", sign(VENIO_SECRET, body)));
            String id = json(reply.body()).path("id").asText();

            Message dead = awaitEvent("erp.dlq", id);
            assertThat(dead.getStringProperty("reason")).as(number).contains("subject");
            assertThat(count("erp.enriched.venio.quotation", "ce_id = '" + id + "'")).isZero();
        }
        List<String> paths = VENDOR.findAll(getRequestedFor(WireMock.urlMatching("/venio/.*"))).stream().skip(before)
                .map(LoggedRequest::getUrl).toList();
        assertThat(paths).as("only record paths are requested").allMatch(path -> path.matches("/venio/v1/quotation/[^/.][^/]*"));
    }

    @Test
    void theEnrichedDuplicateIdComesFromTheSignedPayloadNotTheUnsignedIdHeader() throws Exception {
        String id = newId();
        int[] orders = {Math.abs(id.hashCode() % 1_000_000) + 3_000_000, Math.abs(id.hashCode() % 1_000_000) + 4_000_000};
        for (int orderNo : orders) {
            VENDOR.stubFor(WireMock.post("/graphql").withRequestBody(containing("orderNo: {_eq: " + orderNo + "}"))
                    .willReturn(okJson("{\"data\":{\"useCompany\":{\"orderLine\":{\"items\":[{\"orderNo\":" + orderNo + ",\"lineNo\":1}]}}}}")));
        }

        // two different signed bodies, the same unsigned x-vwd-notification-id: two events, both enriched
        postBnxt(orderLine("UPDATE", orders[0]), id);
        postBnxt(orderLine("UPDATE", orders[1]), id);

        java.util.Set<Long> enrichedOrders = new java.util.HashSet<>();
        for (int i = 0; i < 2; i++) {
            Message canonical = receiveEvent("erp.business-nxt.order-line", id);
            Message enriched = awaitEvent("erp.enriched.business-nxt.order-line", id);
            enrichedOrders.add(json(text(enriched)).at("/data/record/orderNo").asLong());
            assertThat(canonical.getStringProperty("_AMQ_DUPL_ID")).isNotEqualTo(id);
            assertThat(enriched.getStringProperty("_AMQ_DUPL_ID")).isNotEqualTo(id).isNotBlank();
        }
        assertThat(enrichedOrders).containsExactlyInAnyOrder((long) orders[0], (long) orders[1]);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private Message awaitEvent(String queue, String id) throws Exception {
        Message message = receive(queue, "ce_id = '" + id + "'", 20_000);
        if (message == null) {
            throw new AssertionError("no message with ce_id " + id + " on " + queue);
        }
        return message;
    }

    static String customerChanged(String id, String tenant, String resourceUri) {
        return "{\"NotificationId\":\"" + id + "\",\"contextId\":\"5123456\",\"event\":\"customer_changed\",\"action\":\"UPDATED\","
                + "\"resourceId\":\"" + id + "\",\"resourceUri\":\"" + resourceUri + "\",\"timeStamp\":638974335577900000,"
                + "\"TenantId\":\"" + tenant + "\"}";
    }

    private static String orderLine(String event, int orderNo) {
        return "{\"tableIdentifier\":\"OrderLine\",\"customerNo\":4801958,\"companyNo\":5199768,\"event\":\"" + event + "\","
                + "\"primaryKeys\":[{\"OrderNo\":" + orderNo + "},{\"LineNo\":1}],\"timestamp\":\"2025-02-06T21:15:28.3971469Z\","
                + "\"changedColumns\":[{\"Description\":\"Hello again\"},{\"ChangedDate\":20250206}]}";
    }

    private void postBnxt(String body, String id) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertThat(post("/webhooks/business-nxt", bytes, Map.of(SIGNATURE_HEADER, sign(BNXT_SECRET, bytes),
                "x-vwd-notification-id", id, "x-vwd-tenant-id", "5199768")).statusCode()).isEqualTo(202);
    }
}
