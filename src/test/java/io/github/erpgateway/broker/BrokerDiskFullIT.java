package io.github.erpgateway.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.github.erpgateway.support.GatewayTestSupport;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.server.files.FileStoreMonitor;
import org.apache.activemq.artemis.core.server.impl.ActiveMQServerImpl;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * gateway.broker.max-disk-usage: with the data directory's disk over it (0 % here, so any disk is), the broker takes
 * no messages; webhooks get 503 at once instead of hanging, readiness is DOWN, and both recover with the disk.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = "gateway.broker.max-disk-usage=0")
class BrokerDiskFullIT extends GatewayTestSupport {

    @Autowired
    EmbeddedActiveMQ broker;

    @LocalServerPort
    int managementPort;

    @Test
    void aFullDiskAnswers503AtOnceAndReadinessIsDownUntilItRecovers() throws Exception {
        // the broker scans its disk every few seconds
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!"DOWN".equals(readiness()) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(readiness()).isEqualTo("DOWN");

        String id = newId();
        long start = System.nanoTime();
        HttpResponse<String> response = postVisma(event(id));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(millis).as("answered well within gateway.broker.send-timeout").isLessThan(5_000);
        assertThat(json(response.body()).get("error").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("artemis").doesNotContain("disk");

        // the disk has room again: the operator raised the limit through the broker's API
        FileStoreMonitor disk = ((ActiveMQServerImpl) broker.getActiveMQServer()).getMonitor();
        disk.setMaxUsage(1.0);
        disk.tick();

        assertThat(readiness()).isEqualTo("UP");
        assertThat(postVisma(event(id)).statusCode()).isEqualTo(202);
        assertThat(count("erp.visma-net.supplier", "ce_id = '" + id + "'")).isEqualTo(1);
    }

    private String readiness() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
        return json(response.body()).get("status").asText();
    }

    static String event(String id) {
        return "{\"event\":\"Supplier_Created\",\"notificationId\":\"" + id + "\",\"entityLocation\":\"api/v1/supplier/9\",\"TenantId\":\"t\"}";
    }
}
