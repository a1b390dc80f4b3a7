package io.github.erpgateway.venio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.erpgateway.support.GatewayTestSupport;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every Venio topic and event of seed 004 (and its examples), HMAC-verified with a custom header. */
class VenioEventsIT extends GatewayTestSupport {

    static final String VENIO_HEADER = "X-Venio-Signature";

    private HttpResponse<String> postVenio(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post("/webhooks/venio", bytes, Map.of(VENIO_HEADER, sign(VENIO_SECRET, bytes)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "Customer  | Create         | {\"Owners\":[\"EMP001\"],\"customerName\":\"Acme\",\"CustomerCode\":\"C-0001\",\"CreatedBy\":\"EMP001\"} | customer    | created         | C-0001",
            "Customer  | Edit           | {\"Owners\":[\"EMP001\"],\"CustomerCode\":\"C-0001\",\"CreatedBy\":\"EMP001\"}                           | customer    | updated         | C-0001",
            "Customer  | Merge          | {\"FromCustomerCode\":\"C-0002\",\"FromCustomerName\":\"Old\",\"ToCustomerCode\":\"C-0001\",\"ToCustomerName\":\"Acme\"} | customer | merged | C-0001",
            "Customer  | Convert        | {\"customerName\":\"Lead Co\",\"customercode\":\"C-0003\",\"CreatedBy\":\"EMP001\"}                       | customer    | converted       | C-0003",
            "Quotation | Create         | {\"Owners\":[\"EMP001\"],\"QuotationNo\":\"QT-2025-0001\",\"CreatedBy\":\"EMP001\"}                       | quotation   | created         | QT-2025-0001",
            "Quotation | Revise         | {\"QuotationNo\":\"QT-2025-0001\",\"CreatedBy\":\"EMP001\"}                                                | quotation   | revised         | QT-2025-0001",
            "Quotation | Convert        | {\"QuotationNo\":\"QT-2025-0001\",\"CreatedBy\":\"EMP001\"}                                                | quotation   | converted       | QT-2025-0001",
            "SaleOrder | Create         | {\"SaleOrderNo\":\"SO-2025-0007\",\"CreatedBy\":\"EMP001\"}                                                | sale-order  | created         | SO-2025-0007",
            "SaleOrder | Edit           | {\"SaleOrderNo\":\"SO-2025-0007\",\"CreatedBy\":\"EMP001\"}                                                | sale-order  | updated         | SO-2025-0007",
            "SaleOrder | Completed      | {\"SaleOrderNo\":\"SO-2025-0007\",\"CreatedBy\":\"EMP001\"}                                                | sale-order  | completed       | SO-2025-0007",
            "Expense   | Paid           | {\"ExpenseNo\":\"EX-0042\",\"CreatedBy\":\"EMP001\"}                                                        | expense     | paid            | EX-0042",
            "Expense   | PendingSummary | {\"ExpenseNo\":\"EX-0043\",\"CreatedBy\":\"EMP001\"}                                                        | expense     | pending-summary | EX-0043",
            "User      | Inactive       | {\"CompanyName\":\"Acme\",\"EmployeeRefId\":\"E-0099\",\"CreatedBy\":\"EMP001\"}                            | user        | inactivated     | E-0099",
            "Payroll   | Paid           | {\"CompanyName\":\"Acme\",\"PeriodCalculateNo\":12,\"Year\":2025,\"IsExtendPeriod\":false}                  | payroll     | paid            | 2025-12",
            "Case      | Create         | {\"Owners\":[\"EMP001\"],\"CaseNo\":\"CS-0005\",\"CreatedBy\":\"EMP001\"}                                    | case        | created         | CS-0005",
            "Case      | Edit           | {\"CaseNo\":\"CS-0005\",\"CreatedBy\":\"EMP001\"}                                                            | case        | updated         | CS-0005",
            "Case      | Completed      | {\"CaseNo\":\"CS-0005\",\"CreatedBy\":\"EMP001\"}                                                            | case        | completed       | CS-0005",
            "Asset     | Edit           | {\"AssetCode\":\"AS-0001\",\"CreatedBy\":\"EMP001\"}                                                         | asset       | updated         | AS-0001",
            "Asset     | Transfer       | {\"AssetCode\":\"AS-0001\",\"CreatedBy\":\"EMP001\"}                                                         | asset       | transferred     | AS-0001",
    })
    void routesEveryTopicAndEvent(String topic, String event, String data, String entity, String action, String subject) throws Exception {
        String webhookName = "crm-" + newId();
        String body = "{\"modifiedBy\":\"EMP001\",\"webhookName\":\"" + webhookName + "\",\"topic\":\"" + topic
                + "\",\"event\":\"" + event + "\",\"data\":" + data + "}";
        Instant before = Instant.now();

        HttpResponse<String> response = postVenio(body);

        assertThat(response.statusCode()).isEqualTo(202);
        String id = json(response.body()).get("id").asText();
        Message message = receiveEvent("erp.venio." + entity, id);
        JsonNode cloudEvent = json(text(message));
        assertThat(cloudEvent.get("type").asText()).isEqualTo("erp.venio." + entity + "." + action);
        assertThat(cloudEvent.get("source").asText()).isEqualTo("/venio/" + webhookName);
        assertThat(cloudEvent.get("tenant").asText()).isEqualTo(webhookName);
        assertThat(cloudEvent.get("subject").asText()).isEqualTo(subject);
        assertThat(cloudEvent.get("vendorevent").asText()).isEqualTo(event);
        assertThat(Instant.parse(cloudEvent.get("time").asText())).isBetween(before.minusSeconds(1), Instant.now());
        assertThat(cloudEvent.get("data")).isEqualTo(json(body));
        assertThat(message.getStringProperty("action")).isEqualTo(action);
        assertCanonicalProperties(message, cloudEvent, "venio");
        assertThat(message.getStringProperty("JMSXGroupID")).isEqualTo("venio|" + webhookName + "|" + entity + "|" + subject);
    }

    /** Issue 10 point 7: the queue name must not depend on the sender's letter case or separators. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"SALEORDER", "saleorder", "Sale_Order", "SaleOrder"})
    void mapsATopicInAnyLetterCaseToItsDocumentedEntity(String topic) throws Exception {
        String number = newId();
        String body = "{\"modifiedBy\":\"EMP001\",\"webhookName\":\"crm\",\"topic\":\"" + topic
                + "\",\"event\":\"COMPLETED\",\"data\":{\"SaleOrderNo\":\"" + number + "\"}}";

        HttpResponse<String> response = postVenio(body);

        assertThat(json(response.body()).get("status").asText()).isEqualTo("accepted");
        Message message = receiveEvent("erp.venio.sale-order", json(response.body()).get("id").asText());
        assertThat(message.getStringProperty("ce_type")).isEqualTo("erp.venio.sale-order.completed");
        assertThat(message.getStringProperty("ce_subject")).isEqualTo(number);
    }

    @Test
    void sendsAnUnknownTopicToUnrouted() throws Exception {
        String body = "{\"modifiedBy\":\"EMP001\",\"webhookName\":\"crm\",\"topic\":\"Deal\",\"event\":\"Create\",\"data\":{\"x\":\"" + newId() + "\"}}";

        HttpResponse<String> response = postVenio(body);

        assertThat(json(response.body()).get("status").asText()).isEqualTo("unrouted");
        assertThat(text(receiveEvent("erp.unrouted", json(response.body()).get("id").asText()))).isEqualTo(body);
    }

    @Test
    void rejectsTheDefaultHeaderWhenACustomOneIsConfigured() {
        byte[] body = "{\"topic\":\"Customer\",\"event\":\"Create\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);

        assertThat(post("/webhooks/venio", body, Map.of(SIGNATURE_HEADER, sign(VENIO_SECRET, body))).statusCode()).isEqualTo(401);
        assertThat(post("/webhooks/venio", body, Map.of(VENIO_HEADER, sign("wrong", body))).statusCode()).isEqualTo(401);
    }
}
