package io.github.erpgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.erpgateway.support.GatewayTestSupport;
import io.github.erpgateway.support.RoutesCopy;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The README's "Adding a source" walk-through, done for real: the product's routes and mappings plus the example's
 * route file (docs/examples/adding-a-source) in a fresh routes directory, one secret in the configuration, no Java.
 */
class AddingASourceIT extends GatewayTestSupport {

    private static final Path EXAMPLE = Path.of("docs/examples/adding-a-source");

    @DynamicPropertySource
    static void routesWithTheNewSource(DynamicPropertyRegistry registry) throws IOException {
        RoutesCopy copy = RoutesCopy.create("routes-with-acme");
        Files.copy(EXAMPLE.resolve("acme.camel.yaml"), copy.routes.resolve("acme.camel.yaml"));
        Files.copy(EXAMPLE.resolve("acme-order.jsonata"), copy.mappings.resolve("acme-order.jsonata"));
        copy.register(registry);
        registry.add("gateway.sources.acme.secrets", () -> "acme-secret");
    }

    @Test
    void aNewSourceIsARouteFileAMappingAndASecret() throws Exception {
        String id = "evt-" + newId();
        byte[] body = ("{\"id\":\"" + id + "\",\"type\":\"order.shipped\",\"account\":\"acme-eu\",\"order\":{\"number\":\"A-100\"},"
                + "\"occurredAt\":\"2025-11-01T10:00:00+01:00\"}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = post("/webhooks/acme", body, Map.of(SIGNATURE_HEADER, sign("acme-secret", body)));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response.body()).get("id").asText()).isEqualTo(id);
        JsonNode cloudEvent = json(text(receiveEvent("erp.acme.order", id)));
        assertThat(cloudEvent.get("type").asText()).isEqualTo("erp.acme.order.shipped");
        assertThat(cloudEvent.get("source").asText()).isEqualTo("/acme/acme-eu");
        assertThat(cloudEvent.get("subject").asText()).isEqualTo("A-100");
        assertThat(cloudEvent.get("time").asText()).isEqualTo("2025-11-01T09:00:00Z");
        assertThat(post("/webhooks/acme", body, Map.of(SIGNATURE_HEADER, sign("other", body))).statusCode()).isEqualTo(401);
        // the product's own sources still route and store beside it
        String vismaId = newId();
        HttpResponse<String> visma = postSigned("visma-net", "{\"event\":\"Customer_Created\",\"notificationId\":\"" + vismaId
                + "\",\"entityLocation\":\"api/v1/customer/7\",\"TenantId\":\"t\"}");
        assertThat(json(visma.body()).get("status").asText()).isEqualTo("accepted");
        assertThat(json(text(receiveEvent("erp.visma-net.customer", vismaId))).get("type").asText()).isEqualTo("erp.visma-net.customer.created");
    }
}
