package io.github.erpgateway.vismanet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.erpgateway.support.GatewayTestSupport;
import jakarta.jms.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Visma.net ERP event of seed 000, through HTTP to its queue, with its CloudEvent checked. */
class VismaNetEventsIT extends GatewayTestSupport {

    private static final String TENANT = "f6cd9a1b2c3d4e5f6a7b6183";
    private static final long TICKS = 638974335577900000L;
    private static final String TIME = "2025-10-30T15:05:57.79Z";

    enum Shape { CHANGED, ENTITY, SALES_ORDER_SERVICE, JOURNAL, BACKGROUND }

    static Stream<Arguments> seedEvents() {
        return Stream.of(
                // Visma Net Financial, "Changed" shape (<entity>_changed, resourceUri)
                changed("account_changed", "account"),
                changed("arinvoice_changed", "ar-invoice"),
                changed("customer_changed", "customer"),
                changed("dimension_changed", "dimension"),
                changed("employee_changed", "employee"),
                changed("inventoryitem_changed", "inventory-item"),
                changed("project_changed", "project"),
                changed("purchaseorder_changed", "purchase-order"),
                changed("salesorder_changed", "sales-order"),
                changed("segment_changed", "segment"),
                changed("shipment_changed", "shipment"),
                changed("supplier_changed", "supplier"),
                // Visma Net Financial, "Created/Updated/Deleted" shape (<Entity>_<Event>, entityLocation)
                entity("Account_Created", "account", "created"),
                entity("Account_Deleted", "account", "deleted"),
                entity("Account_IdentityChanged", "account", "identity-changed"),
                entity("Account_Updated", "account", "updated"),
                entity("APInvoice_StatusChanged", "ap-invoice", "status-changed"),
                entity("ARInvoice_ActionTriggered", "ar-invoice", "action-triggered"),
                entity("ARInvoice_StatusChanged", "ar-invoice", "status-changed"),
                entity("Customer_ActionTriggered", "customer", "action-triggered"),
                entity("Customer_Created", "customer", "created"),
                entity("Customer_Updated", "customer", "updated"),
                entity("EPEmployee_Created", "ep-employee", "created"),
                entity("EPEmployee_Updated", "ep-employee", "updated"),
                entity("FirstTimeStartup_Completed", "first-time-startup", "completed"),
                entity("InventoryItem_ActionTriggered", "inventory-item", "action-triggered"),
                entity("InventoryItem_Created", "inventory-item", "created"),
                entity("InventoryItem_Updated", "inventory-item", "updated"),
                entity("PMProject_ActionTriggered", "pm-project", "action-triggered"),
                entity("PMProject_Created", "pm-project", "created"),
                entity("PMProject_PMTaskUpdated", "pm-project", "task-updated"),
                entity("PMProject_Updated", "pm-project", "updated"),
                entity("PurchaseOrder_ActionTriggered", "purchase-order", "action-triggered"),
                entity("PurchaseOrder_StatusChanged", "purchase-order", "status-changed"),
                entity("SalesOrder_ActionTriggered", "sales-order", "action-triggered"),
                entity("SalesOrder_StatusChanged", "sales-order", "status-changed"),
                entity("Segment_ValueChanged", "segment", "value-changed"),
                entity("Shipment_ActionTriggered", "shipment", "action-triggered"),
                entity("Shipment_Deleted", "shipment", "deleted"),
                entity("Shipment_StatusChanged", "shipment", "status-changed"),
                entity("Supplier_ActionTriggered", "supplier", "action-triggered"),
                entity("Supplier_Created", "supplier", "created"),
                entity("Supplier_Updated", "supplier", "updated"),
                // Visma Net ERP SalesOrderService
                Arguments.of("SALESORDER_CREATED", Shape.SALES_ORDER_SERVICE, "sales-order", "created"),
                Arguments.of("SALESORDER_UPDATED", Shape.SALES_ORDER_SERVICE, "sales-order", "updated"),
                Arguments.of("SALESORDER_DELETED", Shape.SALES_ORDER_SERVICE, "sales-order", "deleted"),
                Arguments.of("SALESORDER_UI_CUSTOMACTION", Shape.SALES_ORDER_SERVICE, "sales-order", "action-triggered"),
                // Visma Net Journal Transaction
                journal("IMPORT_VOUCHER_FAILED", "import-failed"),
                journal("IMPORT_VOUCHER_SUCCESSFUL", "import-started"),
                journal("VOUCHER_DOCUMENT_SYNCHRONIZATION_FAILED", "document-synchronization-failed"),
                journal("VOUCHER_DOCUMENT_SYNCHRONIZED", "document-synchronized"),
                journal("VOUCHER_PROCESSED", "processed"),
                journal("VOUCHER_PROCESSING_FAILED", "processing-failed"),
                journal("VOUCHER_RECEIVED", "received"),
                journal("VOUCHER_SYNCHRONIZATION_FAILED", "synchronization-failed"),
                journal("VOUCHER_SYNCHRONIZATION_STARTED", "synchronization-started"),
                journal("VOUCHER_SYNCHRONIZED", "synchronized"),
                // Background API Operation
                Arguments.of("BackgroundApiOperation_ResponseReady", Shape.BACKGROUND, "background-operation", "response-ready"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seedEvents")
    void routesEverySeedEventToItsQueueAsACloudEvent(String event, Shape shape, String entity, String action) throws Exception {
        String id = newId();
        String body = payload(event, shape, id);

        HttpResponse<String> response = postVisma(body);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response.body())).isEqualTo(json("{\"id\":\"" + id + "\",\"status\":\"accepted\"}"));
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));

        Message message = receiveEvent("erp.visma-net." + entity, id);
        JsonNode event0 = json(text(message));
        assertThat(event0.get("specversion").asText()).isEqualTo("1.0");
        assertThat(event0.get("id").asText()).isEqualTo(id);
        assertThat(event0.get("source").asText()).isEqualTo("/visma-net/" + TENANT);
        assertThat(event0.get("type").asText()).isEqualTo("erp.visma-net." + entity + "." + action);
        assertThat(event0.get("subject").asText()).isEqualTo(expectedSubject(shape));
        assertThat(event0.get("time").asText()).isEqualTo(TIME);
        assertThat(event0.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(event0.get("tenant").asText()).isEqualTo(TENANT);
        assertThat(event0.get("entity").asText()).isEqualTo(entity);
        assertThat(event0.get("action").asText()).isEqualTo(action);
        assertThat(event0.get("vendorevent").asText()).isEqualTo(event);
        assertThat(event0.get("receivedat").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(event0.get("data")).isEqualTo(json(body));
        assertThat(text(message)).contains(body);

        assertThat(message.getStringProperty("ce_id")).isEqualTo(id);
        assertThat(message.getStringProperty("ce_type")).isEqualTo("erp.visma-net." + entity + "." + action);
        assertThat(message.getStringProperty("ce_source")).isEqualTo("/visma-net/" + TENANT);
        assertThat(message.getStringProperty("ce_subject")).isEqualTo(expectedSubject(shape));
        assertThat(message.getStringProperty("ce_time")).isEqualTo(TIME);
        assertThat(message.getStringProperty("tenant")).isEqualTo(TENANT);
        assertThat(message.getStringProperty("entity")).isEqualTo(entity);
        assertThat(message.getStringProperty("action")).isEqualTo(action);
        assertThat(message.getStringProperty("JMSXGroupID"))
                .isEqualTo("visma-net|" + TENANT + "|" + entity + "|" + expectedSubject(shape));
        assertThat(message.getStringProperty("_AMQ_DUPL_ID")).isEqualTo(id);
        assertThat(message.getJMSDeliveryMode()).isEqualTo(jakarta.jms.DeliveryMode.PERSISTENT);
    }

    private static Arguments changed(String event, String entity) {
        return Arguments.of(event, Shape.CHANGED, entity, "changed");
    }

    private static Arguments entity(String event, String entity, String action) {
        return Arguments.of(event, Shape.ENTITY, entity, action);
    }

    private static Arguments journal(String event, String action) {
        return Arguments.of(event, Shape.JOURNAL, "voucher", action);
    }

    private static String expectedSubject(Shape shape) {
        return switch (shape) {
            case CHANGED, ENTITY -> "55555";
            case SALES_ORDER_SERVICE -> "SO-000123";
            case JOURNAL -> "V-2024-0042";
            case BACKGROUND -> "op-7f1c";
        };
    }

    static String payload(String event, Shape shape, String id) {
        return switch (shape) {
            case CHANGED -> """
                    {
                        "NotificationId": "%s",
                        "contextId": "5123456",
                        "event": "%s",
                        "resourceId": "55555",
                        "resourceUri": "https://api.finance.visma.net/v1/x/55555",
                        "relativeResourceUri": "v1/x/55555",
                        "timeStamp": %d,
                        "ApiClientId": null,
                        "TenantId": "%s",
                        "IsScheduler": false,
                        "ConnectId": "18eb1a2b3c4d5e6f7a840666"
                    }""".formatted(id, event, TICKS, TENANT);
            case ENTITY -> """
                    {
                        "event": "%s",
                        "companyId": "5123456",
                        "entityId": "567a1b2c3d4e5f6a7b8c9d0e1f2a3ff2",
                        "notificationId": "%s",
                        "entityLocation": "api/v1/x/55555",
                        "erpEvent": "1",
                        "erpDocumentStatus": null,
                        "documentStatus": null,
                        "UserId": "3363881",
                        "timeStamp": "%d",
                        "apiClientId": null,
                        "TenantId": "%s",
                        "ConnectId": "18eb1a2b3c4d5e6f7a840666",
                        "ischeduler": false
                    }""".formatted(event, id, TICKS, TENANT);
            case SALES_ORDER_SERVICE -> """
                    {"event": "%s", "notificationId": "%s", "TenantId": "%s",
                     "entityLocation": "api/v3/salesorders/SO-000123", "timeStamp": "%d"}"""
                    .formatted(event, id, TENANT, TICKS);
            case JOURNAL -> """
                    {"event": "%s", "notificationId": "%s", "TenantId": "%s", "voucherId": "V-2024-0042",
                     "timeStamp": %d}""".formatted(event, id, TENANT, TICKS);
            case BACKGROUND -> """
                    {"event": "%s", "notificationId": "%s", "TenantId": "%s", "operationId": "op-7f1c",
                     "resourceUri": "https://api.finance.visma.net/v1/background/op-7f1c", "timeStamp": %d}"""
                    .formatted(event, id, TENANT, TICKS);
        };
    }

    static Map<String, String> noHeaders() {
        return Map.of();
    }
}
