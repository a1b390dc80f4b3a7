package io.github.erpgateway.vismanet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.erpgateway.intake.WebhookProperties;
import io.github.erpgateway.support.GatewayTestSupport;
import io.github.erpgateway.support.PipelineParts;
import io.github.erpgateway.support.SourceEventsRoutes;
import io.github.erpgateway.vismanet.VismaNetEventsIT.Shape;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conformance with the vendor's list (seed 000), in the unit phase: every documented Visma.net ERP event, in the
 * spelling of the documentation, through the real routes/visma-net.camel.yaml and its mapping, to the entity and action
 * it stands for. This list is the vendor's, kept here on purpose; the route file's own list is derived
 * (VismaNetEventsIT, docs/canonical-event.md).
 */
class VismaNetSeedEventsTest {

    private static final PipelineParts PARTS = new PipelineParts();
    private static SourceEventsRoutes routes;

    /** What the pipeline made of one payload: the `when` that matched and the CloudEvent's queue and attributes. */
    record Mapped(String when, String queue, JsonNode cloudEvent) {
    }

    @BeforeAll
    static void loadRoutes() throws Exception {
        routes = new SourceEventsRoutes(Path.of("routes"), List.of("visma-net"));
    }

    @AfterAll
    static void closeRoutes() {
        routes.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seedEvents")
    void everyDocumentedEventIsRoutedToItsEntityAndAction(String event, Shape shape, String entity, String action)
            throws Exception {
        Mapped mapped = map(routes, VismaNetEventsIT.payload(event, shape, "n-1"));

        assertThat(mapped.when()).as("the when of %s", event).isEqualTo(whenOf(shape));
        assertThat(mapped.queue()).isEqualTo("erp.visma-net." + entity);
        assertThat(mapped.cloudEvent().get("type").asText()).isEqualTo("erp.visma-net." + entity + "." + action);
        assertThat(mapped.cloudEvent().get("entity").asText()).isEqualTo(entity);
        assertThat(mapped.cloudEvent().get("action").asText()).isEqualTo(action);
    }

    /** Parses, routes and maps a Visma.net payload as the gateway does, without a broker; fails when it is unrouted. */
    static Mapped map(SourceEventsRoutes routes, String body) throws Exception {
        Exchange exchange = PipelineParts.webhook("visma-net", "event", body.getBytes(StandardCharsets.UTF_8), Map.of());
        PARTS.parser().process(exchange);
        Exchange routed = new DefaultExchange(routes.camelContext());
        routed.getProperties().putAll(exchange.getProperties());
        routed.getIn().setBody(exchange.getIn().getBody());
        SourceEventsRoutes.Choice choice = routes.choose(routed).orElseThrow(() -> new AssertionError(
                "routes/visma-net.camel.yaml routes no event " + exchange.getProperty(WebhookProperties.EVENT_KEY)));
        exchange.setProperty(WebhookProperties.MAPPING, choice.mapping());
        PARTS.writer().process(exchange);
        return new Mapped(choice.whenId(), exchange.getProperty(WebhookProperties.QUEUE, String.class),
                GatewayTestSupport.JSON.readTree(exchange.getIn().getBody(String.class)));
    }

    static String whenOf(Shape shape) {
        return VismaNetEventsIT.SHAPES.entrySet().stream().filter(e -> e.getValue() == shape).findFirst().orElseThrow().getKey();
    }

    /** Every event of seed 000, as the vendor documents it: the wire spelling, its format, entity and action. */
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


    private static Arguments changed(String event, String entity) {
        return Arguments.of(event, Shape.CHANGED, entity, "changed");
    }

    private static Arguments entity(String event, String entity, String action) {
        return Arguments.of(event, Shape.ENTITY, entity, action);
    }

    private static Arguments journal(String event, String action) {
        return Arguments.of(event, Shape.JOURNAL, "voucher", action);
    }
}
