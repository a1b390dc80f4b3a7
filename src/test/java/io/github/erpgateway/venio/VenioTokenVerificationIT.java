package io.github.erpgateway.venio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.github.erpgateway.support.GatewayTestSupport;
import io.github.erpgateway.support.RoutesCopy;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** verification: token in routes/venio.camel.yaml: a shared token header compared in constant time. */
@TestPropertySource(properties = "gateway.sources.venio.secrets=old-token,new-token")
class VenioTokenVerificationIT extends GatewayTestSupport {

    @DynamicPropertySource
    static void venioSignsWithAToken(DynamicPropertyRegistry registry) throws IOException {
        RoutesCopy.create("venio-token").withTemplateParameter("venio", "verification", "token")
                .withTemplateParameter("venio", "signatureHeader", "X-Venio-Token").register(registry);
    }

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
