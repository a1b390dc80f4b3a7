package io.github.erpgateway.vismanet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.github.erpgateway.support.GatewayTestSupport;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/** With the broker down, nothing is acknowledged: the sender gets 503 and retries later. */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class BrokerUnavailableIT extends GatewayTestSupport {

    @Autowired
    EmbeddedActiveMQ broker;

    @LocalServerPort
    int managementPort;

    @Test
    void answers503WhileTheBrokerIsDownAndStoresNothing() throws Exception {
        String warmUp = newId();
        assertThat(postVisma(event(warmUp)).statusCode()).isEqualTo(202);

        broker.stop();
        String id = newId();
        HttpResponse<String> response;
        HttpResponse<String> readiness;
        try {
            response = postVisma(event(id));
            readiness = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } finally {
            broker.start();
        }

        // a load balancer watching readiness stops sending webhooks while the broker is down
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(json(readiness.body()).get("status").asText()).isEqualTo("DOWN");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response.body()).get("error").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("jakarta").doesNotContain("artemis");
        assertThat(count("erp.visma-net.supplier", "ce_id = '" + warmUp + "'")).isEqualTo(1);
        assertThat(count("erp.visma-net.supplier", "ce_id = '" + id + "'")).isZero();
    }

    private static String event(String id) {
        return "{\"event\":\"Supplier_Created\",\"notificationId\":\"" + id + "\",\"entityLocation\":\"api/v1/supplier/9\",\"TenantId\":\"t\"}";
    }
}
