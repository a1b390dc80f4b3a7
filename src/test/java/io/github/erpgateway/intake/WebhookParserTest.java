package io.github.erpgateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.github.erpgateway.support.PipelineParts;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/** The parser alone: the id rule and the duplicate key, routing keys, and what it parks instead of failing. */
class WebhookParserTest {

    private final WebhookParser parser = new PipelineParts().parser();

    private Exchange parse(String body, Map<String, String> headers) {
        Exchange exchange = PipelineParts.webhook("business-nxt", "event", body.getBytes(), headers);
        parser.process(exchange);
        return exchange;
    }

    @Test
    void takesThePayloadsIdForBothIdAndDuplicateKey() {
        Exchange exchange = PipelineParts.webhook("visma-net", "event",
                "{\"event\":\"Customer_Updated\",\"notificationId\":\"n-1\"}".getBytes(), Map.of("x-vwd-notification-id", "h-1"));
        parser.process(exchange);
        assertThat(exchange.getProperty(WebhookProperties.EVENT_ID)).isEqualTo("n-1");
        assertThat(exchange.getProperty(WebhookProperties.DUPLICATE_KEY)).isEqualTo("n-1");
        assertThat(exchange.getProperty(WebhookProperties.EVENT_KEY)).isEqualTo("customerupdated");
    }

    @Test
    void theRouteFilesEventIdFieldsNameTheIdTheFirstPresentWins() {
        Map<String, Object> payload = new java.util.LinkedHashMap<>();
        payload.put("id", Map.of("nested", "x")); // not a value: skipped
        payload.put("eventId", " e-7 ");
        payload.put("NotificationId", "n-1");
        assertThat(WebhookParser.payloadId(payload, "id, eventId,NotificationId")).isEqualTo("e-7");
        assertThat(WebhookParser.payloadId(payload, "NotificationId")).isEqualTo("n-1");
        assertThat(WebhookParser.payloadId(payload, "notificationId")).isNull(); // field names are exact
        assertThat(WebhookParser.payloadId(payload, " ")).isNull();
        assertThat(WebhookParser.payloadId(payload, null)).isNull();
    }

    @Test
    void theUnsignedHeaderNamesTheEventButTheBodyDecidesDuplicates() {
        String body = "{\"event\":\"UPDATE\",\"tableIdentifier\":\"Order\"}";
        Exchange first = parse(body, Map.of("x-vwd-notification-id", "h-1"));
        Exchange replayed = parse(body, Map.of("x-vwd-notification-id", "h-2"));
        assertThat(first.getProperty(WebhookProperties.EVENT_ID)).isEqualTo("h-1");
        assertThat(first.getProperty(WebhookProperties.DUPLICATE_KEY)).isEqualTo(replayed.getProperty(WebhookProperties.DUPLICATE_KEY))
                .asString().hasSize(64);
        Exchange unsafeHeader = parse(body, Map.of("x-vwd-notification-id", "a\r\nb"));
        assertThat(unsafeHeader.getProperty(WebhookProperties.EVENT_ID)).isEqualTo(first.getProperty(WebhookProperties.DUPLICATE_KEY));
    }

    @Test
    void parksWhatIsNotABoundedJsonObject() {
        assertThat(parse("not json", Map.of()).getProperty(WebhookProperties.PARSE_ERROR, String.class)).startsWith("body is not valid JSON");
        assertThat(parse("[1]", Map.of()).getProperty(WebhookProperties.PARSE_ERROR, String.class)).contains("not an object");
        assertThat(parse("{\"event\":\"x\",\"n\":1e999999999}", Map.of()).getProperty(WebhookProperties.PARSE_ERROR, String.class))
                .contains("max-number-length");
        assertThat(parse("{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}", Map.of()).getProperty(WebhookProperties.PARSE_ERROR))
                .isNotNull();
        assertThat(parse("{\"event\":\"x\"} trailing", Map.of()).getProperty(WebhookProperties.PARSE_ERROR)).isNotNull();
    }

    @Test
    void keepsNumbersExact() {
        Exchange exchange = parse("{\"event\":\"x\",\"amount\":1234.50,\"big\":9223372036854775807}", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = exchange.getIn().getBody(Map.class);
        assertThat(payload.get("amount").toString()).isEqualTo("1234.50");
        assertThat(payload.get("big").toString()).isEqualTo("9223372036854775807");
    }

    @Test
    void normalisesEventStringsToOneRoutingKey() {
        assertThat(WebhookParser.routingKey("Customer_Updated")).isEqualTo("customerupdated");
        assertThat(WebhookParser.routingKey("CUSTOMER-UPDATED")).isEqualTo("customerupdated");
        assertThat(WebhookParser.routingKey("SaleOrder.PendingSummary")).isEqualTo("saleorder.pendingsummary");
    }
}
