package io.github.erpgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.github.erpgateway.support.GatewayTestSupport;
import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus/alerts.yaml and deploy/grafana/erp-webhook-gateway.json against the gateway: promtool accepts the
 * rules, and every metric they read, with every label they match on, is in a real scrape of /actuator/prometheus after
 * webhooks of each outcome went through.
 */
class MonitoringFilesIT extends GatewayTestSupport {

    static final Path ALERTS = Path.of("deploy/prometheus/alerts.yaml");
    static final Path DASHBOARD = Path.of("deploy/grafana/erp-webhook-gateway.json");

    /** Series that do not come from the gateway, and where they come from (docs/deploy.md). */
    static final Map<String, String> EXTERNAL = Map.of(
            "up", "Prometheus, per scrape target",
            "kube_pod_status_ready", "kube-state-metrics");
    /** Labels Prometheus adds to every series of a target. */
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job", "pod", "namespace");

    /** The reconciliation's series exist once a source is reconciled; nothing here calls the (unreachable) API. */
    @org.springframework.test.context.DynamicPropertySource
    static void reconciliation(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("gateway.enrichment.visma-net.enabled", () -> "false");
        registry.add("gateway.enrichment.visma-net.client-id", () -> "monitoring");
        registry.add("gateway.enrichment.visma-net.api-base", () -> "http://127.0.0.1:9");
        registry.add("gateway.reconciliation.visma-net.enabled", () -> "true");
        registry.add("gateway.reconciliation.visma-net.tenants", () -> "monitoring-tenant");
    }

    @Test
    void promtoolAcceptsTheAlertRules() throws Exception {
        Path promtool = Promtool.ensureInstalled();
        Promtool.Result result = Promtool.run(promtool, "check", "rules", ALERTS.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void everyMetricTheRulesAndTheDashboardReadIsInARealScrape() throws Exception {
        postOneOfEachOutcome();
        String scrape = scrapePrometheus();
        Set<String> names = metricNames(scrape);

        Map<String, List<String>> expressions = expressions();
        assertThat(expressions.values().stream().mapToInt(List::size).sum()).as("expressions in the alert rules and the dashboard")
                .isGreaterThan(15);
        List<String> problems = new ArrayList<>();
        expressions.forEach((where, exprs) -> exprs.forEach(expr -> PromQl.metrics(expr).forEach((metric, labels) -> {
            if (EXTERNAL.containsKey(metric)) {
                return;
            }
            if (!names.contains(metric)) {
                problems.add(where + ": " + metric + " is not in the scrape (" + expr + ")");
                return;
            }
            for (String label : labels) {
                if (!TARGET_LABELS.contains(label)
                        && !Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{[^}]*\\b" + label + "=").matcher(scrape).find()) {
                    problems.add(where + ": " + metric + " has no label " + label + " (" + expr + ")");
                }
            }
        })));
        assertThat(problems).as("metrics read by deploy/ files but missing from /actuator/prometheus").isEmpty();
    }

    @Test
    void theOutcomesAndQueuesTheRulesNameExist() throws Exception {
        postOneOfEachOutcome();
        String scrape = scrapePrometheus();
        for (String outcome : List.of("dead-lettered", "parked", "rejected-signature", "rejected-tenant", "broker-unavailable")) {
            assertThat(String.join("\n", expressions().get(ALERTS.toString()))).contains(outcome);
        }
        for (String outcome : List.of("accepted", "duplicate", "unrouted", "parked", "dead-lettered", "rejected-signature")) {
            assertThat(scrape).containsPattern("gateway_webhooks_total\\{[^}]*outcome=\"" + outcome + "\"");
        }
        for (String queue : List.of("erp.dlq", "erp.parked", "erp.unrouted", "erp.expired")) {
            assertThat(scrape).containsPattern("artemis_message_count\\{[^}]*queue=\"" + Pattern.quote(queue) + "\"");
        }
    }

    /** A webhook of each outcome the rules and the dashboard look at, so each series exists. */
    private void postOneOfEachOutcome() {
        String id = newId();
        String event = "{\"event\":\"Customer_Created\",\"notificationId\":\"" + id
                + "\",\"entityLocation\":\"api/v1/customer/1\",\"TenantId\":\"t\"}";
        assertThat(postVisma(event).statusCode()).isEqualTo(202);
        assertThat(postVisma(event).statusCode()).isEqualTo(202); // duplicate
        assertThat(postVisma("{\"event\":\"Nope\",\"notificationId\":\"" + newId() + "\"}").statusCode()).isEqualTo(202);
        assertThat(postVisma("not json " + newId()).statusCode()).isEqualTo(202);
        assertThat(postVisma("{\"event\":\"Customer_Created\",\"notificationId\":\"" + newId()
                + "\",\"timeStamp\":\"not a time\",\"entityLocation\":\"api/v1/customer/1\"}").statusCode()).isEqualTo(202);
        byte[] body = event.getBytes(StandardCharsets.UTF_8);
        assertThat(post("/webhooks/visma-net", body, Map.of(SIGNATURE_HEADER, sign("wrong", body))).statusCode()).isEqualTo(401);
    }

    /** Every PromQL expression of the alert rules and of the dashboard's panels and variables, by file. */
    static Map<String, List<String>> expressions() throws Exception {
        Map<String, List<String>> expressions = new LinkedHashMap<>();
        List<String> rules = new ArrayList<>();
        for (JsonNode group : new YAMLMapper().readTree(ALERTS.toFile()).get("groups")) {
            group.get("rules").forEach(rule -> rules.add(rule.get("expr").asText()));
        }
        expressions.put(ALERTS.toString(), rules);
        List<String> panels = new ArrayList<>();
        collect(new ObjectMapper().readTree(DASHBOARD.toFile()), panels);
        expressions.put(DASHBOARD.toString(), panels);
        return expressions;
    }

    private static void collect(JsonNode node, List<String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if ((field.getKey().equals("expr") || field.getKey().equals("definition")) && field.getValue().isTextual()) {
                    into.add(field.getValue().asText().replaceAll("label_values\\(([^,)]+)(,[^)]*)?\\)", "$1"));
                } else {
                    collect(field.getValue(), into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, into));
        }
    }
}
