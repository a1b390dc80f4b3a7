package io.github.erpgateway.venio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.github.erpgateway.support.GatewayTestSupport;
import io.github.erpgateway.support.RoutesCopy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** verification: none must be written in the route file, and is warned about when the route starts. */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "gateway.sources.venio.secrets=")
class VenioNoVerificationIT extends GatewayTestSupport {

    @DynamicPropertySource
    static void venioUnverified(DynamicPropertyRegistry registry) throws IOException {
        RoutesCopy.create("venio-none").withTemplateParameter("venio", "verification", "none").register(registry);
    }

    @Test
    void acceptsUnsignedWebhooksOnlyForTheSourceSwitchedToNone() throws Exception {
        byte[] body = ("{\"modifiedBy\":\"EMP001\",\"webhookName\":\"crm\",\"topic\":\"Expense\",\"event\":\"Paid\",\"data\":{\"ExpenseNo\":\"EX-"
                + newId() + "\"}}").getBytes(StandardCharsets.UTF_8);

        assertThat(post("/webhooks/venio", body, Map.of()).statusCode()).isEqualTo(202);
        assertThat(post("/webhooks/visma-net", body, Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void warnsThatTheSourceIsUnverifiedWhenItsRouteStarts(CapturedOutput output) {
        assertThat(output.getAll()).contains("Source 'venio' accepts webhooks WITHOUT verification (verification: none "
                + "in routes/venio.camel.yaml)");
    }
}
