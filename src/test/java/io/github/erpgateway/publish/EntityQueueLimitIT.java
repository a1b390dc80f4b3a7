package io.github.erpgateway.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.github.erpgateway.config.GatewayProperties;
import io.github.erpgateway.intake.PayloadLimits;
import io.github.erpgateway.support.GatewayTestSupport;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** Issue 10 point 7: table names chosen by the sender cannot make the gateway create entity queues without bound. */
@TestPropertySource(properties = "gateway.limits.max-entity-queues=3")
class EntityQueueLimitIT extends GatewayTestSupport {

    @Autowired
    private PayloadLimits limits;

    @Autowired
    private ObjectProvider<EmbeddedActiveMQ> broker;

    private HttpResponse<String> rowChange(String table) {
        byte[] body = ("{\"tableIdentifier\":\"" + table + "\",\"customerNo\":1,\"companyNo\":5199768,\"event\":\"INSERT\","
                + "\"primaryKeys\":[{\"No\":\"" + newId() + "\"}]}").getBytes(StandardCharsets.UTF_8);
        return post("/webhooks/business-nxt", body, Map.of(SIGNATURE_HEADER, sign(BNXT_SECRET, body)));
    }

    @Test
    void unroutesEventsForNewEntitiesPastTheLimitAndKeepsServingKnownOnes() throws Exception {
        for (String table : new String[] {"TableOne", "TableTwo", "TableThree"}) {
            assertThat(json(rowChange(table).body()).get("status").asText()).isEqualTo("accepted");
        }

        HttpResponse<String> fourth = rowChange("TableFour");
        HttpResponse<String> known = rowChange("TableTwo");

        assertThat(fourth.statusCode()).isEqualTo(202);
        assertThat(json(fourth.body()).get("status").asText()).isEqualTo("unrouted");
        assertThat(receiveEvent("erp.unrouted", json(fourth.body()).get("id").asText()).getStringProperty("reason"))
                .contains("gateway.limits.max-entity-queues");
        assertThat(json(known.body()).get("status").asText()).isEqualTo("accepted");

        // a gateway started on this broker counts the queues already in its journal
        GatewayProperties properties = gatewayProperties;
        assertThat(new EntityQueues(limits, properties, broker).count()).isEqualTo(3);
    }
}
