package io.github.erpgateway.businessnxt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.erpgateway.support.GatewayTestSupport;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Business NXT table-row changes (seed 003) through HTTP to erp.business-nxt.<entity>. */
class BusinessNxtEventsIT extends GatewayTestSupport {

    private HttpResponse<String> postBnxt(String body, String notificationId) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post("/webhooks/business-nxt", bytes, Map.of(SIGNATURE_HEADER, sign(BNXT_SECRET, bytes),
                "x-vwd-notification-id", notificationId, "x-vwd-tenant-id", "5199768"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "INSERT, OrderLine, order-line, created",
            "UPDATE, OrderLine, order-line, updated",
            "update, Associate, associate, updated",
            "INSERT, Order, order, created",
            "UPDATE, Product, product, updated",
    })
    void routesInsertsAndUpdatesWithChangedTimestamp(String event, String table, String entity, String action) throws Exception {
        String id = newId();
        String body = """
                {
                    "tableIdentifier":"%s",
                    "customerNo":4801958,
                    "companyNo":5199768,
                    "event":"%s",
                    "primaryKeys": [
                        {"OrderNo":3},
                        {"LineNo":1}
                    ],
                    "timestamp":"2025-02-06T21:15:28.3971469Z",
                    "changedByUser":"ola.normann",
                    "changedColumns":[
                        {"Description":"Hello webhook"},
                        {"ChangedDate":20250206},
                        {"ChangedTime":2215},
                        {"ChangedByUser":"ola.normann"},
                        {"ChangeTimeInMs":80128366},
                        {"ChangedTimestamp":20250206211528366}
                    ]
                }""".formatted(table, event);

        HttpResponse<String> response = postBnxt(body, id);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response.body()).get("id").asText()).isEqualTo(id);
        Message message = receiveEvent("erp.business-nxt." + entity, id);
        JsonNode cloudEvent = json(text(message));
        assertThat(cloudEvent.get("type").asText()).isEqualTo("erp.business-nxt." + entity + "." + action);
        assertThat(cloudEvent.get("source").asText()).isEqualTo("/business-nxt/5199768");
        assertThat(cloudEvent.get("subject").asText()).isEqualTo("OrderNo=3,LineNo=1");
        assertThat(cloudEvent.get("time").asText()).isEqualTo("2025-02-06T21:15:28.366Z");
        assertThat(cloudEvent.get("tenant").asText()).isEqualTo("5199768");
        assertThat(cloudEvent.get("entity").asText()).isEqualTo(entity);
        assertThat(cloudEvent.get("action").asText()).isEqualTo(action);
        assertThat(cloudEvent.get("vendorevent").asText()).isEqualTo(event);
        assertThat(cloudEvent.get("data")).isEqualTo(json(body));
        assertThat(message.getStringProperty("JMSXGroupID")).isEqualTo("business-nxt|5199768|" + entity + "|OrderNo=3,LineNo=1");
        assertThat(message.getStringProperty("vwd_tenant_id")).isEqualTo("5199768");
    }

    @Test
    void routesADeleteWithoutChangedColumnsAndTakesItsTimestamp() throws Exception {
        String id = newId();
        String body = "{\"tableIdentifier\":\"OrderLine\",\"customerNo\":4801958,\"companyNo\":5199768,\"event\":\"DELETE\","
                + "\"primaryKeys\":[{\"OrderNo\":3},{\"LineNo\":2}],\"timestamp\":\"2025-02-06T21:15:28.3971469Z\",\"changedByUser\":\"ola.normann\"}";

        assertThat(postBnxt(body, id).statusCode()).isEqualTo(202);

        JsonNode cloudEvent = json(text(receiveEvent("erp.business-nxt.order-line", id)));
        assertThat(cloudEvent.get("type").asText()).isEqualTo("erp.business-nxt.order-line.deleted");
        assertThat(cloudEvent.get("time").asText()).isEqualTo("2025-02-06T21:15:28.3971469Z");
        assertThat(cloudEvent.get("subject").asText()).isEqualTo("OrderNo=3,LineNo=2");
    }

    @Test
    void keepsKeysAbove2Pow53ExactAndSingleKeysPlain() throws Exception {
        String id = newId();
        String body = "{\"tableIdentifier\":\"Voucher\",\"customerNo\":4801958,\"companyNo\":5199768,\"event\":\"UPDATE\","
                + "\"primaryKeys\":[{\"VoucherNo\":9007199254740993}],\"timestamp\":\"2025-02-06T21:15:28Z\","
                + "\"changedColumns\":[{\"Amount\":12345678901234567.10},{\"ChangedTimestamp\":20250206211528366}]}";

        assertThat(postBnxt(body, id).statusCode()).isEqualTo(202);

        String text = text(receiveEvent("erp.business-nxt.voucher", id));
        JsonNode cloudEvent = json(text);
        assertThat(cloudEvent.get("subject").asText()).isEqualTo("VoucherNo=9007199254740993");
        assertThat(text).contains("{\"VoucherNo\":9007199254740993}").contains("12345678901234567.10");
    }

    @Test
    void usesTheCustomerNumberForCustomerLevelTables() throws Exception {
        String id = newId();
        String body = "{\"tableIdentifier\":\"CompanyAccess\",\"customerNo\":4801958,\"companyNo\":0,\"event\":\"INSERT\","
                + "\"primaryKeys\":[{\"UserNo\":12},{\"CompanyNo\":5199768}],\"timestamp\":\"2025-02-06T21:15:28Z\","
                + "\"changedColumns\":[{\"ChangedTimestamp\":20250206211528366}]}";

        assertThat(postBnxt(body, id).statusCode()).isEqualTo(202);

        JsonNode cloudEvent = json(text(receiveEvent("erp.business-nxt.company-access", id)));
        assertThat(cloudEvent.get("tenant").asText()).isEqualTo("4801958");
        assertThat(cloudEvent.get("source").asText()).isEqualTo("/business-nxt/4801958");
        assertThat(cloudEvent.get("subject").asText()).isEqualTo("UserNo=12,CompanyNo=5199768");
    }

    @Test
    void sendsAnUnknownChangeKindToUnroutedAndChecksItsOwnSecret() throws Exception {
        String id = newId();
        String body = "{\"tableIdentifier\":\"OrderLine\",\"companyNo\":1,\"event\":\"TRUNCATE\",\"primaryKeys\":[]}";
        assertThat(json(postBnxt(body, id).body()).get("status").asText()).isEqualTo("unrouted");
        assertThat(receiveEvent("erp.unrouted", id).getStringProperty("source")).isEqualTo("business-nxt");

        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertThat(post("/webhooks/business-nxt", bytes, Map.of(SIGNATURE_HEADER, sign(VISMA_SECRET, bytes))).statusCode())
                .isEqualTo(401);
    }
}
