package io.github.erpgateway.venio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.github.erpgateway.config.GatewayProperties;
import io.github.erpgateway.intake.SignatureVerifier;
import io.github.erpgateway.support.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

/** gateway.sources.venio.verification=none must be asked for explicitly, and is warned about at start-up. */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {
        "gateway.sources.venio.verification=none",
        "gateway.sources.venio.secrets=",
})
class VenioNoVerificationIT extends GatewayTestSupport {

    @Test
    void acceptsUnsignedWebhooksOnlyForTheSourceSwitchedToNone() throws Exception {
        byte[] body = ("{\"modifiedBy\":\"EMP001\",\"webhookName\":\"crm\",\"topic\":\"Expense\",\"event\":\"Paid\",\"data\":{\"ExpenseNo\":\"EX-"
                + newId() + "\"}}").getBytes(StandardCharsets.UTF_8);

        assertThat(post("/webhooks/venio", body, Map.of()).statusCode()).isEqualTo(202);
        assertThat(post("/webhooks/visma-net", body, Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void warnsThatTheSourceIsUnverified(CapturedOutput output) {
        GatewayProperties properties = new GatewayProperties();
        GatewayProperties.Source venio = new GatewayProperties.Source();
        venio.setVerification(GatewayProperties.Verification.NONE);
        properties.getSources().put("venio", venio);

        new SignatureVerifier(properties);

        assertThat(output.getAll()).contains("Source 'venio' accepts webhooks WITHOUT verification");
    }
}
