package io.github.erpgateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.erpgateway.support.GatewayTestSupport;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10 points 6 and 7: what a validly signed payload can make the gateway compute, name and remember is bounded
 * (gateway.limits defaults). Past a bound the webhook is parked or unrouted with a reason and answered 202 at once.
 */
class PayloadLimitsIT extends GatewayTestSupport {

    private static final String HUGE = "1e999999999";

    private HttpResponse<String> postBnxt(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post("/webhooks/business-nxt", bytes, Map.of(SIGNATURE_HEADER, sign(BNXT_SECRET, bytes)));
    }

    private HttpResponse<String> postVenio(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post("/webhooks/venio", bytes, Map.of("X-Venio-Signature", sign(VENIO_SECRET, bytes)));
    }

    private static String orderLine(String companyNo, String orderNo, String table) {
        return "{\"tableIdentifier\":\"" + table + "\",\"customerNo\":4801958,\"companyNo\":" + companyNo
                + ",\"event\":\"UPDATE\",\"primaryKeys\":[{\"OrderNo\":" + orderNo + "},{\"LineNo\":1}],"
                + "\"timestamp\":\"2025-02-06T21:15:28.3971469Z\",\"changedByUser\":\"" + newId() + "\"}";
    }

    private static String venio(String webhookName, String caseNo) {
        return "{\"modifiedBy\":\"" + newId() + "\",\"webhookName\":" + webhookName
                + ",\"topic\":\"Case\",\"event\":\"Create\",\"data\":{\"CaseNo\":" + caseNo + "}}";
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"visma-resourceId", "visma-notificationId", "bnxt-companyNo", "bnxt-key", "venio-webhookName",
            "venio-caseNo", "nested-deep-inside", "negative-exponent"})
    void parksAHugeExponentAtOnce(String where) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = switch (where) {
            case "visma-resourceId" -> postVisma("{\"NotificationId\":\"" + newId() + "\",\"event\":\"customer_changed\","
                    + "\"resourceId\":" + HUGE + ",\"timeStamp\":638974335577900000,\"TenantId\":\"t1\"}");
            case "visma-notificationId" -> postVisma("{\"notificationId\":" + HUGE + ",\"event\":\"Customer_Created\","
                    + "\"entityLocation\":\"api/v1/customer/" + newId() + "\",\"TenantId\":\"t1\"}");
            case "bnxt-companyNo" -> postBnxt(orderLine(HUGE, "3", "OrderLine"));
            case "bnxt-key" -> postBnxt(orderLine("5199768", HUGE, "OrderLine"));
            case "venio-webhookName" -> postVenio(venio(HUGE, "\"CS-1\""));
            case "venio-caseNo" -> postVenio(venio("\"crm\"", HUGE));
            case "nested-deep-inside" -> postVenio(venio("\"crm\"", "{\"a\":[1,2,{\"b\":" + HUGE + "}]}"));
            default -> postVenio(venio("\"crm\"", "1e-999999999"));
        };
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode reply = json(response.body());
        assertThat(reply.get("status").asText()).isEqualTo("parked");
        assertThat(took).isLessThan(Duration.ofSeconds(3));
        Message parked = receiveEvent("erp.parked", reply.get("id").asText());
        assertThat(parked.getStringProperty("reason")).contains("gateway.limits.max-number-length");
    }

    @Test
    void keepsTheHeapFlatUnderHundredsOfHugeExponents() throws Exception {
        for (int i = 0; i < 20; i++) { // warm-up: compiled code, pooled buffers, the parked queue's first pages
            postBnxt(orderLine(HUGE, Integer.toString(i), "OrderLine"));
        }
        long before = usedHeapAfterGc();
        for (int i = 0; i < 300; i++) {
            HttpResponse<String> response = i % 2 == 0
                    ? postBnxt(orderLine(HUGE, Integer.toString(i), "OrderLine"))
                    : postVenio(venio("\"crm\"", HUGE.replace("999", Integer.toString(100 + i))));
            assertThat(response.statusCode()).isEqualTo(202);
        }
        long after = usedHeapAfterGc();

        assertThat(after - before).as("heap growth in bytes").isLessThan(8L * 1024 * 1024);
    }

    @Test
    void keepsNumbersOfOrdinarySizeExact() throws Exception {
        String id = newId();
        HttpResponse<String> response = postVisma("{\"NotificationId\":\"" + id + "\",\"event\":\"customer_changed\","
                + "\"resourceId\":12345678901234567890123,\"amount\":1.5e3,\"timeStamp\":638974335577900000,\"TenantId\":\"t1\"}");

        assertThat(json(response.body()).get("status").asText()).isEqualTo("accepted");
        assertThat(receiveEvent("erp.visma-net.customer", id).getStringProperty("ce_subject")).isEqualTo("12345678901234567890123");
    }

    @Test
    void parksTooDeeplyNestedJson() throws Exception {
        String body = "{\"event\":\"Customer_Created\",\"deep\":" + "[".repeat(300) + "]".repeat(300) + "}";

        HttpResponse<String> response = postVisma(body);

        assertThat(json(response.body()).get("status").asText()).isEqualTo("parked");
        assertThat(receiveEvent("erp.parked", json(response.body()).get("id").asText()).getStringProperty("reason"))
                .contains("nesting depth");
    }

    @Test
    void parksAPayloadNotificationIdPastTheLimit() throws Exception {
        String longId = "n".repeat(20_000);
        String body = "{\"notificationId\":\"" + longId + "\",\"event\":\"Customer_Created\","
                + "\"entityLocation\":\"api/v1/customer/7\",\"TenantId\":\"t1\"}";

        HttpResponse<String> response = postVisma(body);

        JsonNode reply = json(response.body());
        assertThat(reply.get("status").asText()).isEqualTo("parked");
        assertThat(reply.get("id").asText()).hasSize(64); // the body's SHA-256, not the 20 KB id
        assertThat(receiveEvent("erp.parked", reply.get("id").asText()).getStringProperty("reason"))
                .contains("gateway.limits.max-id-length");
    }

    @Test
    void unroutesAnEntityNamePastTheLimit() throws Exception {
        String table = "Order" + "x".repeat(100);

        HttpResponse<String> response = postBnxt(orderLine("5199768", "3", table));

        JsonNode reply = json(response.body());
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(reply.get("status").asText()).isEqualTo("unrouted");
        Message message = receiveEvent("erp.unrouted", reply.get("id").asText());
        assertThat(message.getStringProperty("reason")).contains("entity").contains("gateway.limits.max-name-length");
        assertThat(message.getStringProperty("source")).isEqualTo("business-nxt");
    }

    @Test
    void unroutesATenantOrSubjectPastTheLimit() throws Exception {
        HttpResponse<String> longTenant = postVenio(venio("\"" + "w".repeat(200) + "\"", "\"CS-1\""));
        HttpResponse<String> longSubject = postBnxt(orderLine("5199768", "\"" + "k".repeat(300) + "\"", "OrderLine"));

        assertThat(json(longTenant.body()).get("status").asText()).isEqualTo("unrouted");
        assertThat(receiveEvent("erp.unrouted", json(longTenant.body()).get("id").asText()).getStringProperty("reason"))
                .contains("gateway.limits.max-tenant-length");
        assertThat(json(longSubject.body()).get("status").asText()).isEqualTo("unrouted");
        assertThat(receiveEvent("erp.unrouted", json(longSubject.body()).get("id").asText()).getStringProperty("reason"))
                .contains("gateway.limits.max-subject-length");
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
            least = Math.min(least, runtime.totalMemory() - runtime.freeMemory());
        }
        return least;
    }
}
