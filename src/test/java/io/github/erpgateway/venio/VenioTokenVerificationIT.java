package io.github.erpgateway.venio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.github.erpgateway.support.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** gateway.sources.venio.verification=token: a shared token header compared in constant time. */
@TestPropertySource(properties = {
        "gateway.sources.venio.verification=token",
        "gateway.sources.venio.token-header=X-Venio-Token",
        "gateway.sources.venio.secrets=old-token,new-token",
})
class VenioTokenVerificationIT extends GatewayTestSupport {

    private static final byte[] BODY = "{\"modifiedBy\":\"EMP001\",\"webhookName\":\"crm\",\"topic\":\"Case\",\"event\":\"Create\",\"data\":{\"CaseNo\":\"CS-1\"}}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void acceptsAnyConfiguredToken() {
        assertThat(post("/webhooks/venio", BODY, Map.of("X-Venio-Token", "old-token")).statusCode()).isEqualTo(202);
        assertThat(post("/webhooks/venio", BODY, Map.of("x-venio-token", "new-token")).statusCode()).isEqualTo(202);
    }

    @Test
    void rejectsAWrongOrMissingToken() {
        assertThat(post("/webhooks/venio", BODY, Map.of("X-Venio-Token", "new-token-")).statusCode()).isEqualTo(401);
        assertThat(post("/webhooks/venio", BODY, Map.of("X-Venio-Token", "")).statusCode()).isEqualTo(401);
        assertThat(post("/webhooks/venio", BODY, Map.of()).statusCode()).isEqualTo(401);
    }
}
