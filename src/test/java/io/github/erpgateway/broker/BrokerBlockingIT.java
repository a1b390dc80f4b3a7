package io.github.erpgateway.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.github.erpgateway.support.GatewayTestSupport;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * gateway.broker.send-timeout: a broker that blocks producers (here the supplier address has address-full-policy BLOCK
 * and a 20 KB limit, as an operator may configure on an external broker; an external broker past its disk limit does
 * the same to every address) withholds the client's producer credits, and the Artemis client waits for them without
 * a timeout. The webhook must still be answered 503 within the send timeout, readiness must be DOWN, and both recover
 * once consumers make room.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = "gateway.broker.send-timeout=2s")
class BrokerBlockingIT extends GatewayTestSupport {

    private static final String PADDING = "x".repeat(1000);

    @LocalServerPort
    int managementPort;

    @TestConfiguration
    static class BlockingSupplierQueue {
        @Bean
        ArtemisConfigurationCustomizer blockSupplierQueue() {
            return configuration -> configuration.addAddressSetting("erp.visma-net.supplier", new AddressSettings()
                    .setAddressFullMessagePolicy(AddressFullMessagePolicy.BLOCK)
                    .setMaxSizeBytes(20_000));
        }
    }

    @Test
    void aBlockingBrokerAnswers503WithinTheSendTimeoutAndReadinessIsDownUntilItTakesMessagesAgain() throws Exception {
        // the client's credits (its producer window) still pass, then it waits for more that do not come
        String refused = null;
        HttpResponse<String> refusal = null;
        long refusalMillis = 0;
        for (int i = 0; i < 500 && refused == null; i++) {
            String id = newId();
            long start = System.nanoTime();
            HttpResponse<String> response = postVisma(event(id));
            if (response.statusCode() != 202) {
                refusalMillis = (System.nanoTime() - start) / 1_000_000;
                refused = id;
                refusal = response;
            }
        }

        assertThat(refused).as("a refusal once the producer's credits are used up").isNotNull();
        assertThat(refusal.statusCode()).isEqualTo(503);
        assertThat(refusalMillis).as("answered within send-timeout, plus a margin").isBetween(1_900L, 5_000L);
        assertThat(json(refusal.body()).get("error").asText()).isNotBlank();
        assertThat(refusal.body()).doesNotContain("Exception").doesNotContain("artemis");
        assertThat(readiness()).isEqualTo("DOWN");

        // consumers make room
        while (receive("erp.visma-net.supplier", null, 1000) != null) {
            // drained
        }

        int status = 0;
        for (int attempt = 0; attempt < 20 && status != 202; attempt++) {
            status = postVisma(event(refused)).statusCode();
        }
        assertThat(status).isEqualTo(202);
        assertThat(readiness()).isEqualTo("UP");
        assertThat(count("erp.visma-net.supplier", "ce_id = '" + refused + "'")).isEqualTo(1);
    }

    private String readiness() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
        return json(response.body()).get("status").asText();
    }

    private static String event(String id) {
        return "{\"event\":\"Supplier_Created\",\"notificationId\":\"" + id + "\",\"entityLocation\":\"api/v1/supplier/9\","
                + "\"TenantId\":\"t\",\"padding\":\"" + PADDING + "\"}";
    }
}
