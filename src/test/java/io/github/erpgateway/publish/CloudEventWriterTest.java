package io.github.erpgateway.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.erpgateway.intake.WebhookProperties;
import io.github.erpgateway.mapping.MappingException;
import io.github.erpgateway.support.GatewayTestSupport;
import io.github.erpgateway.support.PipelineParts;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.junit.jupiter.api.Test;

/** The CloudEvent writer alone: the body byte for byte as data, the JMS properties, the queue, and mapping failures. */
class CloudEventWriterTest {

    private final PipelineParts parts = new PipelineParts();

    private Exchange written(String body, String mapping) throws Exception {
        Exchange exchange = PipelineParts.webhook("visma-net", "event", body.getBytes(StandardCharsets.UTF_8),
                Map.of("x-vwd-subscription-id", "sub-1", "X-VWD-Signature-V1", "c2ln"));
        parts.parser().process(exchange);
        exchange.setProperty(WebhookProperties.MAPPING, mapping);
        parts.writer().process(exchange);
        return exchange;
    }

    @Test
    void splicesTheBodyVerbatimAndSetsThePropertiesConsumersSelectOn() throws Exception {
        String body = "{ \"event\" : \"Customer_Updated\", \"notificationId\": \"n-7\", \"entityLocation\": \"api/v1/customer/42\","
                + " \"amount\": 1234.50, \"TenantId\": \"t-1\", \"timeStamp\": 638974335577900000 }";
        Exchange exchange = written(body, "visma-net-financial-entity.jsonata");

        String cloudEvent = exchange.getIn().getBody(String.class);
        assertThat(cloudEvent).contains("\"data\":" + body);
        JsonNode event = GatewayTestSupport.JSON.readTree(cloudEvent);
        assertThat(event.get("type").asText()).isEqualTo("erp.visma-net.customer.updated");
        assertThat(event.get("time").asText()).isEqualTo("2025-10-30T15:05:57.79Z");
        Message message = exchange.getIn();
        assertThat(message.getHeader("ce_id")).isEqualTo("n-7");
        assertThat(message.getHeader("ce_subject")).isEqualTo("42");
        assertThat(message.getHeader("JMSXGroupID")).isEqualTo("visma-net|t-1|customer|42");
        assertThat(message.getHeader("_AMQ_DUPL_ID")).isEqualTo("n-7");
        assertThat(message.getHeader("vwd_subscription_id")).isEqualTo("sub-1");
        assertThat(message.getHeaders().keySet()).noneMatch(name -> name.toLowerCase().contains("signature"));
        assertThat(exchange.getProperty(WebhookProperties.QUEUE)).isEqualTo("erp.visma-net.customer");
    }

    @Test
    void aMappingThatProducesNoEntityOrAMissingMappingIsAMappingFailure() {
        assertThatThrownBy(() -> written("{\"event\":\"Customer_Updated\",\"notificationId\":\"n\"}", "no-such-mapping.jsonata"))
                .isInstanceOf(MappingException.class);
        assertThatThrownBy(() -> written("{\"event\":\"Nothing\",\"notificationId\":\"n\"}", "visma-net-financial-entity.jsonata"))
                .isInstanceOf(MappingException.class);
    }
}
