package io.github.erpgateway.enrich;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.github.erpgateway.support.GatewayTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Visma.net circuit breaker opens when the API keeps failing, holds events back (rolled back to the broker, no
 * call) while open, and closes again once a trial call succeeds; the webhooks and the readiness never notice.
 */
class CircuitBreakerIT extends GatewayTestSupport {

    static final WireMockServer VENDOR = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    @Autowired
    MeterRegistry registry;

    @LocalServerPort
    int managementPort;

    @DynamicPropertySource
    static void vendor(DynamicPropertyRegistry registry) {
        VENDOR.start();
        String base = "http://127.0.0.1:" + VENDOR.port();
        registry.add("gateway.enrichment.visma-net.api-base", () -> base);
        registry.add("gateway.enrichment.visma-net.token-url", () -> base + "/connect/token");
        registry.add("gateway.enrichment.visma-net.client-id", () -> "visma-client");
        registry.add("gateway.enrichment.retry.max-retries", () -> "0");
        registry.add("gateway.enrichment.circuit-breaker.minimum-number-of-calls", () -> "2");
        registry.add("gateway.enrichment.circuit-breaker.sliding-window-size", () -> "2");
        registry.add("gateway.enrichment.circuit-breaker.wait-in-open-state", () -> "3s");
        registry.add("gateway.enrichment.circuit-breaker.permitted-calls-in-half-open-state", () -> "1");
    }

    @AfterAll
    static void stopVendor() {
        VENDOR.stop();
    }

    @Test
    void opensWhileTheApiFailsHoldsEventsBackAndClosesAgain() throws Exception {
        VENDOR.stubFor(WireMock.post("/connect/token").willReturn(okJson("{\"access_token\":\"t\",\"expires_in\":3600}")));
        String[] failing = {newId(), newId()};
        for (String id : failing) {
            VENDOR.stubFor(get("/v1/customer/" + id).willReturn(aResponse().withStatus(503)));
            assertThat(postVisma(EnrichmentIT.customerChanged(id, "tenant-cb", "v1/customer/" + id)).statusCode()).isEqualTo(202);
            assertThat(await("erp.dlq", id).getStringProperty("reason")).isEqualTo("visma-net API answered 503");
        }
        assertThat(circuitState()).isEqualTo(1.0); // open

        List<String> held = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String id = newId();
            held.add(id);
            VENDOR.stubFor(get("/v1/customer/" + id).willReturn(okJson("{\"number\":\"" + id + "\"}")));
            assertThat(postVisma(EnrichmentIT.customerChanged(id, "tenant-cb", "v1/customer/" + id)).statusCode()).isEqualTo(202);
        }
        Thread.sleep(700);
        // held back without a call, and not taken and rolled back one after another while the circuit stays open
        for (String id : held) {
            assertThat(VENDOR.findAll(getRequestedFor(urlEqualTo("/v1/customer/" + id)))).isEmpty();
        }
        assertThat(registry.find("gateway.enrichment.calls").tag("vendor", "visma-net").tag("outcome", "circuit-open").counter().count())
                .isBetween(1.0, 2.0);
        // and the gateway stays ready
        HttpResponse<String> readiness = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(readiness.statusCode()).isEqualTo(200);
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/health"))
                // health details need a login (docs/security/management.md)
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("test-viewer:viewer-password".getBytes()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.body()).contains("visma-net-webhook").doesNotContain("visma-net-enrichment");

        // the broker offers them again (after 5 s); by then the breaker lets a trial call through, which succeeds
        for (String id : held) {
            Message enriched = receive("erp.enriched.visma-net.customer", "ce_id = '" + id + "'", 30_000);
            assertThat(enriched).as("a held-back event, enriched after the circuit closed").isNotNull();
            assertThat(VENDOR.findAll(getRequestedFor(urlEqualTo("/v1/customer/" + id)))).hasSize(1);
            assertThat(count("erp.dlq", "ce_id = '" + id + "'")).isZero();
        }
        assertThat(circuitState()).isEqualTo(0.0); // closed
    }

    private double circuitState() {
        return registry.find("gateway.enrichment.circuit.state").tag("vendor", "visma-net").gauge().value();
    }

    private Message await(String queue, String id) throws Exception {
        Message message = receive(queue, "ce_id = '" + id + "'", 20_000);
        assertThat(message).as(id + " on " + queue).isNotNull();
        return message;
    }
}
