package io.github.erpgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    private static final String SOURCE = "example-vendor";
    private static final String HEADER = "X-Example-Signature";

    @DynamicPropertySource
    static void routesWithTheNewSource(DynamicPropertyRegistry registry) throws IOException {
        RoutesCopy copy = RoutesCopy.create("routes-with-example-vendor");
        // its own copy of routes/: a product source of the same name (there is none) would be replaced, never clash
        Files.copy(EXAMPLE.resolve(SOURCE + ".camel.yaml"), copy.routes.resolve(SOURCE + ".camel.yaml"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(EXAMPLE.resolve(SOURCE + "-order.jsonata"), copy.mappings.resolve(SOURCE + "-order.jsonata"),
                StandardCopyOption.REPLACE_EXISTING);
        copy.register(registry);
        registry.add("gateway.sources." + SOURCE + ".secrets", () -> "example-vendor-secret");
    }

    @Test
    void aNewSourceIsARouteFileAMappingAndASecret() throws Exception {
        String id = "evt-" + newId();
        byte[] body = ("{\"id\":\"" + id + "\",\"type\":\"order.shipped\",\"account\":\"shop-eu\",\"order\":{\"number\":\"A-100\"},"
                + "\"occurredAt\":\"2025-11-01T10:00:00+01:00\"}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = post("/webhooks/" + SOURCE, body, Map.of(HEADER, sign("example-vendor-secret", body)));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response.body()).get("id").asText()).isEqualTo(id);
        JsonNode cloudEvent = json(text(receiveEvent("erp.example-vendor.order", id)));
        assertThat(cloudEvent.get("type").asText()).isEqualTo("erp.example-vendor.order.shipped");
        assertThat(cloudEvent.get("source").asText()).isEqualTo("/example-vendor/shop-eu");
        assertThat(cloudEvent.get("subject").asText()).isEqualTo("A-100");
        assertThat(cloudEvent.get("time").asText()).isEqualTo("2025-11-01T09:00:00Z");
        // its id is the payload's (eventIdFields): another body with the same id is a redelivery, stored once
        byte[] redelivery = new String(body, StandardCharsets.UTF_8).replace("A-100", "A-101").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> again = post("/webhooks/" + SOURCE, redelivery, Map.of(HEADER, sign("example-vendor-secret", redelivery)));
        assertThat(json(again.body()).get("id").asText()).isEqualTo(id);
        assertThat(receive("erp.example-vendor.order", "ce_id = '" + id + "'", 1_000)).isNull();
        assertThat(post("/webhooks/" + SOURCE, body, Map.of(HEADER, sign("other", body))).statusCode()).isEqualTo(401);
        // signed with the right secret in the Visma header it names no signature of this source's
        assertThat(post("/webhooks/" + SOURCE, body, Map.of(SIGNATURE_HEADER, sign("example-vendor-secret", body))).statusCode())
                .isEqualTo(401);
        // the product's own sources still route and store beside it
        String vismaId = newId();
        HttpResponse<String> visma = postSigned("visma-net", "{\"event\":\"Customer_Created\",\"notificationId\":\"" + vismaId
                + "\",\"entityLocation\":\"api/v1/customer/7\",\"TenantId\":\"t\"}");
        assertThat(json(visma.body()).get("status").asText()).isEqualTo("accepted");
        assertThat(json(text(receiveEvent("erp.visma-net.customer", vismaId))).get("type").asText()).isEqualTo("erp.visma-net.customer.created");
    }
}
