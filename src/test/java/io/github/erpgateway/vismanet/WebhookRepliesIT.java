package io.github.erpgateway.vismanet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.erpgateway.support.GatewayTestSupport;
import jakarta.jms.BytesMessage;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;

/** The replies of SPEC section 2 for Visma.net, and what is (and is not) stored with each. */
class WebhookRepliesIT extends GatewayTestSupport {

    private static String customerUpdated(String id) {
        return "{\"event\":\"Customer_Updated\",\"notificationId\":\"" + id + "\",\"entityLocation\":\"api/v1/customer/10001\","
                + "\"timeStamp\":\"638974335577900000\",\"TenantId\":\"tenant-a\"}";
    }

    @Test
    void acceptsASignatureMadeWithARotatedSecret() throws Exception {
        String id = newId();
        byte[] body = customerUpdated(id).getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = post("/webhooks/visma-net", body, Map.of(SIGNATURE_HEADER, sign(VISMA_ROTATED_SECRET, body)));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(receiveEvent("erp.visma-net.customer", id)).isNotNull();
    }

    @Test
    void matchesTheSignatureHeaderInAnyCase() throws Exception {
        String id = newId();
        byte[] body = customerUpdated(id).getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = post("/webhooks/visma-net", body, Map.of("x-vwd-signature-v1", sign(VISMA_SECRET, body)));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(receiveEvent("erp.visma-net.customer", id)).isNotNull();
    }

    @Test
    void verifiesTheExactBytesOfAPrettyPrintedCrlfBodyAndKeepsThemAsData() throws Exception {
        String id = newId();
        String body = "{\r\n    \"NotificationId\" : \"" + id + "\",\r\n    \"event\": \"CUSTOMER_changed\",\r\n"
                + "    \"resourceId\": \"55555\",\r\n    \"amount\": 1234.50,\r\n    \"big\": 9223372036854775807,\r\n"
                + "    \"timeStamp\": 638974335577900000,\r\n    \"TenantId\": \"tenant-b\"\r\n}\r\n";

        HttpResponse<String> response = postVisma(body);

        assertThat(response.statusCode()).isEqualTo(202);
        String cloudEvent = text(receiveEvent("erp.visma-net.customer", id));
        assertThat(cloudEvent).contains(body.strip());
        JsonNode data = json(cloudEvent).get("data");
        assertThat(data.get("amount").decimalValue().toPlainString()).isEqualTo("1234.50");
        assertThat(data.get("big").bigIntegerValue().toString()).isEqualTo("9223372036854775807");
        assertThat(data.get("timeStamp").bigIntegerValue().toString()).isEqualTo("638974335577900000");
        assertThat(json(cloudEvent).get("time").asText()).isEqualTo("2025-10-30T15:05:57.79Z");
        assertThat(json(cloudEvent).get("type").asText()).isEqualTo("erp.visma-net.customer.changed");
    }

    @Test
    void rejectsATamperedBodyWith401AndStoresNothing() throws Exception {
        String id = newId();
        byte[] signed = customerUpdated(id).getBytes(StandardCharsets.UTF_8);
        byte[] tampered = customerUpdated(id).replace("10001", "10002").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = post("/webhooks/visma-net", tampered, Map.of(SIGNATURE_HEADER, sign(VISMA_SECRET, signed)));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response.body())).isEqualTo(json("{\"error\":\"invalid signature\"}"));
        assertThat(count("erp.visma-net.customer", "ce_id = '" + id + "'")).isZero();
    }

    @Test
    void rejectsAMissingOrMalformedSignatureWith401() {
        byte[] body = customerUpdated(newId()).getBytes(StandardCharsets.UTF_8);

        assertThat(post("/webhooks/visma-net", body, Map.of()).statusCode()).isEqualTo(401);
        assertThat(post("/webhooks/visma-net", body, Map.of(SIGNATURE_HEADER, "not base64 !")).statusCode()).isEqualTo(401);
        assertThat(post("/webhooks/visma-net", body, Map.of(SIGNATURE_HEADER, sign("some other secret", body))).statusCode()).isEqualTo(401);
    }

    @Test
    void echoesNoRequestHeaderAndLeaksNoInternals() {
        byte[] body = customerUpdated(newId()).getBytes(StandardCharsets.UTF_8);
        String signature = sign("wrong", body);

        HttpResponse<String> response = post("/webhooks/visma-net", body, Map.of(SIGNATURE_HEADER, signature, "X-Trace", "abc"));

        assertThat(response.headers().map().keySet()).noneMatch(name -> name.equalsIgnoreCase(SIGNATURE_HEADER)
                || name.equalsIgnoreCase("X-Trace"));
        assertThat(response.body()).doesNotContain(signature).doesNotContain("Exception").doesNotContain("io.github");
    }

    @Test
    void storesARedeliveredEventOnce() throws Exception {
        String id = newId();

        HttpResponse<String> first = postVisma(customerUpdated(id));
        HttpResponse<String> second = postVisma(customerUpdated(id));

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(count("erp.visma-net.customer", "ce_id = '" + id + "'")).isEqualTo(1);
    }

    @Test
    void takesTheIdFromTheDispatcherHeaderOrTheBodyHash() throws Exception {
        String headerId = newId();
        String body = "{\"event\":\"Customer_Created\",\"entityLocation\":\"api/v1/customer/7\",\"TenantId\":\"t1\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> withHeader = post("/webhooks/visma-net", bytes,
                Map.of(SIGNATURE_HEADER, sign(VISMA_SECRET, bytes), "x-vwd-notification-id", headerId,
                        "x-vwd-subscription-id", "sub-42", "x-vwd-tenant-id", "t1"));
        assertThat(json(withHeader.body()).get("id").asText()).isEqualTo(headerId);
        Message message = receiveEvent("erp.visma-net.customer", headerId);
        assertThat(message.getStringProperty("vwd_subscription_id")).isEqualTo("sub-42");
        assertThat(message.getStringProperty("vwd_notification_id")).isEqualTo(headerId);
        assertThat(message.getStringProperty("vwd_signature_v1")).isNull();

        String unique = body.replace("t1", "t-" + newId());
        HttpResponse<String> withoutHeader = postVisma(unique);
        // no id anywhere: the body's key (its SHA-256 within gateway.duplicates.body-hash-window)
        String bodyKey = json(withoutHeader.body()).get("id").asText();
        assertThat(bodyKey).matches("[0-9a-f]{64}");
        assertThat(receiveEvent("erp.visma-net.customer", bodyKey)).isNotNull();
    }

    @Test
    void sendsAValidlySignedUnknownEventToUnrouted() throws Exception {
        String id = newId();
        String body = "{\"event\":\"Widget_Exploded\",\"notificationId\":\"" + id + "\"}";

        HttpResponse<String> response = postVisma(body);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response.body())).isEqualTo(json("{\"id\":\"" + id + "\",\"status\":\"unrouted\"}"));
        Message message = receiveEvent("erp.unrouted", id);
        assertThat(text(message)).isEqualTo(body);
        assertThat(message.getStringProperty("source")).isEqualTo("visma-net");
        assertThat(message.getStringProperty("vendorevent")).isEqualTo("Widget_Exploded");
    }

    @Test
    void parksAValidlySignedBodyThatIsNotJsonWithItsExactBytes() throws Exception {
        byte[] body = {'n', 'o', 't', ' ', 'j', 's', 'o', 'n', ' ', (byte) 0xC3, (byte) 0x28, '\r', '\n'};

        HttpResponse<String> response = post("/webhooks/visma-net", body,
                Map.of(SIGNATURE_HEADER, sign(VISMA_SECRET, body), "Content-Type", "text/plain"));

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode reply = json(response.body());
        assertThat(reply.get("status").asText()).isEqualTo("parked");
        Message message = receiveEvent("erp.parked", reply.get("id").asText());
        assertThat(message).isInstanceOf(BytesMessage.class);
        assertThat(bytes(message)).isEqualTo(body);
        assertThat(message.getStringProperty("reason")).contains("not valid JSON");
    }

    @Test
    void refusesABodyOverTheLimitWith413() {
        byte[] body = new byte[70_000];
        java.util.Arrays.fill(body, (byte) ' ');

        HttpResponse<String> response = post("/webhooks/visma-net", body, Map.of(SIGNATURE_HEADER, sign(VISMA_SECRET, body)));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response.body()).get("error").asText()).isNotBlank();
    }

    @Test
    void answersUnknownPathsWith404AndOtherMethodsWith405() throws Exception {
        HttpResponse<String> unknown = post("/webhooks/sap", "{}".getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown.body()).get("error").asText()).isNotBlank();

        java.net.http.HttpResponse<String> get = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(webhookUrl("/webhooks/visma-net"))).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(json(get.body()).get("error").asText()).isNotBlank();
    }

    @Test
    void deadLettersAnEventItsMappingCannotMapWithTheReason() throws Exception {
        String id = newId();
        String body = "{\"event\":\"Customer_Created\",\"notificationId\":\"" + id + "\",\"entityLocation\":\"api/v1/customer/1\","
                + "\"timeStamp\":\"yesterday\",\"TenantId\":\"t\"}";

        HttpResponse<String> response = postVisma(body);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response.body())).isEqualTo(json("{\"id\":\"" + id + "\",\"status\":\"dead-lettered\"}"));
        Message message = receiveEvent("erp.dlq", id);
        assertThat(bytes(message)).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
        assertThat(message.getStringProperty("reason")).contains("visma-net-financial-entity.jsonata");
        assertThat(count("erp.visma-net.customer", "ce_id = '" + id + "'")).isZero();
    }
}
