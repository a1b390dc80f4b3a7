package io.github.erpgateway.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.erpgateway.support.GatewayTestSupport;
import io.github.erpgateway.support.RoutesCopy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Route files and mapping files edited while the gateway runs: good edits go live, broken ones are rejected. */
@ExtendWith(OutputCaptureExtension.class)
class LiveEditIT extends GatewayTestSupport {


    private static RoutesCopy copy;

    @DynamicPropertySource
    static void editableRoutes(DynamicPropertyRegistry registry) throws IOException {
        copy = RoutesCopy.create("routes-live-edit");
        copy.register(registry);
        registry.add("gateway.mappings.reload-check-interval", () -> "100ms");
        registry.add("gateway.routes.reload.check-interval", () -> "300ms");
    }

    @Test
    void aRouteFileEditGoesLiveAndABrokenOneLeavesTheRunningRoutes(CapturedOutput output) throws Exception {
        Path route = copy.routes.resolve("visma-net.camel.yaml");
        String original = Files.readString(route);
        assertThat(statusOf("Widget_Exploded")).isEqualTo("unrouted");

        Files.writeString(route, original.replace("regex 'background(api)?(operation)?responseready'",
                "regex 'background(api)?(operation)?responseready|widgetexploded'"));
        awaitStatus(() -> statusOf("Widget_Exploded"), "accepted");

        Files.writeString(route, original.replace("- setProperty:", "- setPropertyy:"));
        awaitLog(output, "Rejected the edit of route file visma-net.camel.yaml");
        Thread.sleep(1000);
        assertThat(statusOf("Widget_Exploded")).isEqualTo("accepted");
        assertThat(statusOf("Customer_Updated")).isEqualTo("accepted");
    }

    @Test
    void anEditOfASourcesTemplatedRouteGoesLive() throws Exception {
        Path route = copy.routes.resolve("venio.camel.yaml");
        String original = Files.readString(route);
        assertThat(venioStatus()).isEqualTo("accepted");

        // routed on `event` alone, Asset + Transfer is "transfer": no `when` knows it
        Files.writeString(route, original.replace("value: topic,event", "value: event"));
        awaitStatus(this::venioStatus, "unrouted");

        Files.writeString(route, original);
        awaitStatus(this::venioStatus, "accepted");
    }

    @Test
    void aMappingEditGoesLiveAndABrokenOneKeepsThePreviousVersion(CapturedOutput output) throws Exception {
        Path mapping = copy.mappings.resolve("visma-net-financial-changed.jsonata");
        String original = Files.readString(mapping);

        Files.writeString(mapping, original.replace("\"vendorevent\": $vendorEvent", "\"vendorevent\": \"edited:\" & $vendorEvent"));
        awaitCloudEvent(ce -> ce.get("vendorevent").asText().equals("edited:supplier_changed"));

        Files.writeString(mapping, original.replace("$entities := {", "$entities := {{ this does not compile"));
        awaitLog(output, "Rejected the edit of mapping visma-net-financial-changed.jsonata");
        JsonNode cloudEvent = awaitCloudEvent(ce -> true);
        assertThat(cloudEvent.get("vendorevent").asText()).isEqualTo("edited:supplier_changed");
    }

    private String statusOf(String event) {
        String body = "{\"event\":\"" + event + "\",\"notificationId\":\"" + newId() + "\",\"entityLocation\":\"api/v1/x/1\",\"TenantId\":\"t\"}";
        java.net.http.HttpResponse<String> reply = postVisma(body);
        return json(reply.body()).path("status").asText(reply.statusCode() + " " + reply.body());
    }

    private String venioStatus() {
        java.net.http.HttpResponse<String> reply = postSigned("venio", "{\"topic\":\"Asset\",\"event\":\"Transfer\",\"data\":"
                + "{\"AssetCode\":\"" + newId() + "\"}}");
        return json(reply.body()).path("status").asText(reply.statusCode() + " " + reply.body());
    }

    private static void awaitStatus(java.util.function.Supplier<String> status, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (status.get().equals(expected)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("never " + expected + " after the edit: " + status.get());
    }

    private JsonNode awaitCloudEvent(Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            String id = newId();
            byte[] body = ("{\"NotificationId\":\"" + id + "\",\"event\":\"supplier_changed\",\"resourceId\":\"7\",\"TenantId\":\"t\"}")
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(postVisma(body).statusCode()).isEqualTo(202);
            last = json(text(receiveEvent("erp.visma-net.supplier", id)));
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the edit did not show in " + last);
    }

    private static void awaitLog(CapturedOutput output, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (output.getAll().contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no log line mentions " + text);
    }
}
