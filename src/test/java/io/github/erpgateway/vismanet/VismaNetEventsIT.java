package io.github.erpgateway.vismanet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.erpgateway.support.GatewayTestSupport;
import io.github.erpgateway.support.SourceEventsRoutes;
import jakarta.jms.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every event routes/visma-net.camel.yaml routes, through HTTP to its queue, with its CloudEvent checked. */
class VismaNetEventsIT extends GatewayTestSupport {

    static final String TENANT = "f6cd9a1b2c3d4e5f6a7b6183";
    static final long TICKS = 638974335577900000L;
    static final String TIME = "2025-10-30T15:05:57.79Z";

    enum Shape { CHANGED, ENTITY, SALES_ORDER_SERVICE, JOURNAL, BACKGROUND }

    /** The payload format of each `when` of routes/visma-net.camel.yaml, by its id. */
    static final Map<String, Shape> SHAPES = Map.of(
            "visma-net-financial-changed", Shape.CHANGED,
            "visma-net-financial-entity", Shape.ENTITY,
            "visma-net-sales-order-service", Shape.SALES_ORDER_SERVICE,
            "visma-net-journal-transaction", Shape.JOURNAL,
            "visma-net-background-operation", Shape.BACKGROUND);

    /**
     * Every routing key that routes/visma-net.camel.yaml accepts, each in the payload format of its `when`: an event
     * added to a regex is posted here without a change to this class. A `when` of a new format has no shape here; its
     * samples (samples/visma-net) cover it, in SampleGoldenTest and SamplesIT.
     */
    static Stream<Arguments> routedEvents() throws Exception {
        try (SourceEventsRoutes routes = new SourceEventsRoutes(Path.of("routes"), List.of("visma-net"))) {
            List<Arguments> events = new ArrayList<>();
            for (SourceEventsRoutes.When when : routes.whens("visma-net")) {
                Shape shape = SHAPES.get(when.id());
                for (String key : shape == null ? List.<String>of() : when.routingKeys().orElseThrow()) {
                    // where the route file and mapping send it (VismaNetSeedEventsTest checks those against the
                    // vendor's list); here it must get there over HTTP and the broker
                    VismaNetSeedEventsTest.Mapped expected = VismaNetSeedEventsTest.map(routes, payload(key, shape, "n-1"));
                    events.add(Arguments.of(key, shape, expected.queue(), expected.cloudEvent().get("entity").asText(),
                            expected.cloudEvent().get("action").asText()));
                }
            }
            assertThat(events).as("routes/visma-net.camel.yaml routes no event in a known format").isNotEmpty();
            return events.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routedEvents")
    void routesEveryEventOfTheRouteFileToItsQueueAsACloudEvent(String event, Shape shape, String queue, String entity,
            String action) throws Exception {
        String id = newId();
        String body = payload(event, shape, id);

        HttpResponse<String> response = postVisma(body);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response.body())).isEqualTo(json("{\"id\":\"" + id + "\",\"status\":\"accepted\"}"));
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));

        assertThat(queue).isEqualTo("erp.visma-net." + entity);
        Message message = receiveEvent(queue, id);
        JsonNode event0 = json(text(message));
        assertThat(action).matches("[a-z0-9]+(-[a-z0-9]+)*");
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

    static String expectedSubject(Shape shape) {
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
