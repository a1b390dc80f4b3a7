package io.github.erpgateway.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.erpgateway.support.GatewayTestSupport;
import io.github.erpgateway.support.RoutesCopy;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 10 points 5 and 9: token mode with an empty element in the secrets list, and which request headers reach a
 * stored message. The token header here starts with X-VWD-, as an operator might choose.
 */
@TestPropertySource(properties = "gateway.sources.venio.secrets=" + DispatcherHeadersIT.TOKEN + ",")
class DispatcherHeadersIT extends GatewayTestSupport {

    @DynamicPropertySource
    static void venioSignsWithAToken(DynamicPropertyRegistry registry) throws IOException {
        RoutesCopy.create("venio-vwd-token").withTemplateParameter("venio", "verification", "token")
                .withTemplateParameter("venio", "signatureHeader", "X-VWD-Token").register(registry);
    }

    static final String TOKEN = "venio-token-1";

    private static byte[] caseCreated() {
        return ("{\"modifiedBy\":\"EMP001\",\"webhookName\":\"crm\",\"topic\":\"Case\",\"event\":\"Create\","
                + "\"data\":{\"CaseNo\":\"" + newId() + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void refusesAnEmptyTokenWhenTheSecretsListHasAnEmptyElement() {
        assertThat(post("/webhooks/venio", caseCreated(), Map.of("X-VWD-Token", "")).statusCode()).isEqualTo(401);
        assertThat(post("/webhooks/venio", caseCreated(), Map.of("X-VWD-Token", " ")).statusCode()).isEqualTo(401);
        assertThat(post("/webhooks/venio", caseCreated(), Map.of()).statusCode()).isEqualTo(401);
        assertThat(post("/webhooks/venio", caseCreated(), Map.of("X-VWD-Token", TOKEN)).statusCode()).isEqualTo(202);
    }

    @Test
    void keepsOnlyTheTrustedDispatcherHeadersAndNeverATokenOrSecret() throws Exception {
        String id = newId();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-VWD-Token", TOKEN);
        headers.put("x-vwd-notification-id", id);
        headers.put("x-vwd-tenant-id", "tenant-7");
        headers.put("x-vwd-notification-timestamp", "1761836757790");
        headers.put("x-vwd-webhook-timestamp", "not-a-number");
        headers.put("x-vwd-subscription-id", TOKEN); // a secret's value under a trusted name
        headers.put("x-vwd-event-id", "e".repeat(129)); // past gateway.limits.max-id-length
        headers.put("x-vwd-anything", "free text");

        HttpResponse<String> response = post("/webhooks/venio", caseCreated(), headers);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).doesNotContain(TOKEN);
        Message message = receiveEvent("erp.venio.case", id);
        Map<String, String> vwd = new LinkedHashMap<>();
        for (Object name : Collections.list(message.getPropertyNames())) {
            String property = name.toString();
            assertThat(String.valueOf(message.getObjectProperty(property))).as(property).doesNotContain(TOKEN);
            if (property.startsWith("vwd_")) {
                vwd.put(property, message.getStringProperty(property));
            }
        }
        assertThat(vwd).containsOnly(Map.entry("vwd_notification_id", id), Map.entry("vwd_tenant_id", "tenant-7"),
                Map.entry("vwd_notification_timestamp", "1761836757790"));
        assertThat(text(message)).doesNotContain(TOKEN);
    }

    @Test
    void neverUsesASecretAsTheEventId() throws Exception {
        HttpResponse<String> response = post("/webhooks/venio", caseCreated(),
                Map.of("X-VWD-Token", TOKEN, "x-vwd-notification-id", TOKEN));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).doesNotContain(TOKEN);
        assertThat(count("erp.venio.case", "ce_id = '" + TOKEN + "'")).isZero();
    }
}
