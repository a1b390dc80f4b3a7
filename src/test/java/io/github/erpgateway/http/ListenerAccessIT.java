package io.github.erpgateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.erpgateway.support.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Who may connect: the cap on open connections, and the per-source address allowlists behind a trusted proxy. */
@TestPropertySource(properties = {
        "gateway.http.idle-timeout=1s",
        "gateway.http.max-connections=8",
        "gateway.http.trusted-proxies=127.0.0.1",
        "gateway.sources.visma-net.allowed-ips=10.0.0.0/8, 18.202.121.26",
        "gateway.sources.business-nxt.allowed-ips=127.0.0.0/8",
})
class ListenerAccessIT extends GatewayTestSupport {

    private static String event() {
        return "{\"event\":\"Customer_Created\",\"notificationId\":\"" + newId()
                + "\",\"entityLocation\":\"api/v1/customer/1\",\"TenantId\":\"t\"}";
    }

    private HttpResponse<String> postVismaFrom(String forwardedFor) {
        byte[] body = event().getBytes(StandardCharsets.UTF_8);
        return post("/webhooks/visma-net", body, Map.of(SIGNATURE_HEADER, sign(VISMA_SECRET, body), "X-Forwarded-For", forwardedFor));
    }

    @Test
    void refusesASenderOutsideTheSourcesAllowlist() {
        HttpResponse<String> direct = postVisma(event());
        assertThat(direct.statusCode()).isEqualTo(403);
        assertThat(json(direct.body()).get("error").asText()).isEqualTo("sender address not allowed");
    }

    @Test
    void believesXForwardedForOnlyPastTheTrustedProxies() {
        assertThat(postVismaFrom("10.1.2.3").statusCode()).isEqualTo(202);
        assertThat(postVismaFrom("18.202.121.26, 127.0.0.1").statusCode()).isEqualTo(202);
        // the client wrote an allowed address first; the proxy appended the real one
        assertThat(postVismaFrom("10.1.2.3, 192.168.7.7").statusCode()).isEqualTo(403);
        assertThat(postVismaFrom("not-an-address").statusCode()).isEqualTo(403);
    }

    @Test
    void aSourceWithoutAnAllowlistOrWithTheSendersAddressIsReachable() {
        byte[] body = ("{\"tableIdentifier\":\"Order\",\"companyNo\":1,\"event\":\"INSERT\",\"primaryKeys\":[{\"OrderNo\":"
                + System.nanoTime() + "}]}").getBytes(StandardCharsets.UTF_8);
        assertThat(post("/webhooks/business-nxt", body, Map.of(SIGNATURE_HEADER, sign(BNXT_SECRET, body))).statusCode())
                .isEqualTo(202);
    }

    @Test
    void closesConnectionsPastTheCap() throws Exception {
        Thread.sleep(1500); // the test client's pooled keep-alive connections are closed by the idle timeout
        List<RawConnection> open = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                open.add(new RawConnection(WebhookHttpServer.actualPort(camelContext)));
            }
            Thread.sleep(200);
            try (RawConnection extra = new RawConnection(WebhookHttpServer.actualPort(camelContext))) {
                assertThat(extra.closedWithin(500)).as("the ninth connection is closed at once").isTrue();
            }
            assertThat(open.get(0).closedWithin(200)).as("the first eight stay open").isFalse();
        } finally {
            for (RawConnection connection : open) {
                connection.close();
            }
        }
    }
}
