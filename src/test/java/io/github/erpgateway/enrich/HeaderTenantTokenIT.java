package io.github.erpgateway.enrich;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.github.erpgateway.support.GatewayTestSupport;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 19 point 5: a Visma.net event whose tenant the mapping took from the unsigned x-vwd-tenant-id header is stored,
 * but enrichment never asks Visma Connect for a token of that tenant (nor reads its record): whoever replays a signed
 * body could otherwise name any tenant. WireMock stands in for Visma Connect and the API.
 */
class HeaderTenantTokenIT extends GatewayTestSupport {

    static final WireMockServer VENDOR = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    static {
        VENDOR.start();
    }

    @DynamicPropertySource
    static void vendor(DynamicPropertyRegistry registry) {
        String base = "http://127.0.0.1:" + VENDOR.port();
        registry.add("gateway.enrichment.visma-net.api-base", () -> base);
        registry.add("gateway.enrichment.visma-net.token-url", () -> base + "/connect/token");
        registry.add("gateway.enrichment.visma-net.client-id", () -> "visma-client");
        registry.add("gateway.enrichment.visma-net.client-secret", () -> "visma-client-secret");
    }

    @AfterAll
    static void stopVendor() {
        VENDOR.stop();
    }

    @Test
    void noTokenIsFetchedForATenantTakenFromTheUnsignedHeader() throws Exception {
        VENDOR.stubFor(WireMock.post("/connect/token").willReturn(okJson("{\"access_token\":\"visma-token\",\"expires_in\":3600}")));
        String id = newId();
        VENDOR.stubFor(get("/v1/customer/" + id).willReturn(okJson("{\"number\":\"" + id + "\"}")));
        // a signed body without TenantId, replayed with a header that names another company's tenant
        byte[] body = ("{\"NotificationId\":\"" + id + "\",\"event\":\"customer_changed\",\"action\":\"UPDATED\",\"resourceId\":\""
                + id + "\",\"resourceUri\":\"v1/customer/" + id + "\",\"timeStamp\":638974335577900000}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> reply = post("/webhooks/visma-net", body,
                Map.of(SIGNATURE_HEADER, sign(VISMA_SECRET, body), "x-vwd-tenant-id", "someone-elses-tenant"));

        assertThat(reply.statusCode()).isEqualTo(202);
        assertThat(receiveEvent("erp.visma-net.customer", id).getStringProperty("tenantsource")).isEqualTo("header");
        Message dead = receive("erp.dlq", "ce_id = '" + id + "'", 20_000);
        assertThat(dead).as("the enrichment's dead letter").isNotNull();
        assertThat(dead.getStringProperty("reason")).contains("unsigned x-vwd-tenant-id header");
        assertThat(VENDOR.findAll(postRequestedFor(urlEqualTo("/connect/token")).withRequestBody(containing("someone-elses-tenant"))))
                .isEmpty();
        assertThat(VENDOR.findAll(anyRequestedFor(anyUrl()).withUrl("/v1/customer/" + id))).isEmpty();
        assertThat(count("erp.enriched.visma-net.customer", "ce_id = '" + id + "'")).isZero();
    }
}
