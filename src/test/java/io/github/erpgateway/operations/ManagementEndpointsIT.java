package io.github.erpgateway.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.erpgateway.support.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What operators read on the management port: Prometheus metrics, health (details with a login), and a Jolokia
 * that needs a login. Per-role rules and what needs a login: ManagementSecurityIT.
 */
class ManagementEndpointsIT extends GatewayTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int managementPort;

    @Test
    void countsEveryOutcomePerSourceAndExportsRouteTimingsAndQueueDepths() throws Exception {
        String before = get("/actuator/prometheus", null).body();
        String id = newId();
        String event = "{\"event\":\"Customer_Created\",\"notificationId\":\"" + id + "\",\"entityLocation\":\"api/v1/customer/1\",\"TenantId\":\"t\"}";
        postVisma(event);
        postVisma(event);
        postVisma("{\"event\":\"Nope\",\"notificationId\":\"" + newId() + "\"}");
        postVisma("not json " + newId());
        byte[] body = event.getBytes(StandardCharsets.UTF_8);
        post("/webhooks/visma-net", body, Map.of(SIGNATURE_HEADER, sign("wrong", body)));
        post("/webhooks/visma-net", new byte[70_000], Map.of(SIGNATURE_HEADER, "x"));

        String after = get("/actuator/prometheus", null).body();

        for (String outcome : new String[] {"accepted", "duplicate", "unrouted", "parked", "rejected-signature", "too-large"}) {
            String counter = "gateway_webhooks_total{outcome=\"" + outcome + "\",source=\"visma-net\"}";
            assertThat(value(after, counter) - value(before, counter)).as(counter).isEqualTo(1.0);
        }
        assertThat(value(after, "gateway_webhook_duration_seconds_count{source=\"visma-net\"}")).isGreaterThan(0);
        assertThat(after).containsPattern("camel_route_policy_seconds_count\\{[^}]*routeId=\"visma-net-webhook\"");
        assertThat(after).containsPattern("camel_route_policy_seconds_count\\{[^}]*routeId=\"publish-cloudevent\"");
        // the pass-through routes are timed inside their webhook route only (camel.metrics.route-policy-exclude-pattern)
        assertThat(after).doesNotContainPattern("camel_route_policy_seconds_count\\{[^}]*routeId=\"(receive-webhook|parse-event|visma-net-events)\"");
        assertThat(value(after, "artemis_message_count{address=\"erp.visma-net.customer\",broker=\"localhost\",queue=\"erp.visma-net.customer\"}"))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void healthShowsCamelAndTheBrokerToALoggedInUserAndReadinessIsUp() throws Exception {
        assertThat(json(get("/actuator/health", null).body()).get("status").asText()).isEqualTo("UP");
        JsonNode health = json(get("/actuator/health", "operator:test-password").body());
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/camelHealth/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/jms/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/camelHealth/details").toString()).contains("visma-net-webhook");

        HttpResponse<String> readiness = get("/actuator/health/readiness", null);
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(json(readiness.body()).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void jolokiaNeedsALoginWithAHawtioRoleAndRefusesDiagnosticCommands() throws Exception {
        assertThat(get("/actuator/jolokia/version", null).statusCode()).isIn(401, 403);
        assertThat(get("/actuator/jolokia/version", "intruder:intruder-password").statusCode()).isIn(401, 403);
        assertThat(get("/actuator/jolokia/version", "operator:wrong").statusCode()).isIn(401, 403);

        HttpResponse<String> version = get("/actuator/jolokia/version", "operator:test-password");
        assertThat(version.statusCode()).isEqualTo(200);
        assertThat(json(version.body()).get("status").asInt()).isEqualTo(200);

        HttpResponse<String> routes = get("/actuator/jolokia/search/org.apache.camel:type=routes,*", "operator:test-password");
        assertThat(routes.body()).contains("visma-net-webhook");

        HttpResponse<String> diagnostic = get("/actuator/jolokia/exec/com.sun.management:type=DiagnosticCommand/vmSystemProperties()",
                "operator:test-password");
        assertThat(json(diagnostic.body()).get("status").asInt()).isEqualTo(403);
    }

    private HttpResponse<String> get(String path, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).GET();
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double value(String prometheus, String series) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(prometheus);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0.0;
    }
}
