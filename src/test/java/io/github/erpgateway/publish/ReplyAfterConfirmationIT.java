package io.github.erpgateway.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.erpgateway.support.GatewayTestSupport;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The 202 is sent only after the broker confirmed the persistent send: a broker plugin holds the broker's processing
 * of sends to erp.visma-net.supplier, so their confirmation does not come. No reply may arrive while the send is held;
 * once released the webhook is answered 202 and stored; held past send-timeout it is answered 503. Guards any
 * asynchronous send: with a JMS 2.0 CompletionListener and no confirmation window, the Artemis client calls the
 * listener before the broker stored anything, and this test failed that way (tuning log, bench/README.md).
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = "gateway.broker.send-timeout=3s")
class ReplyAfterConfirmationIT extends GatewayTestSupport {

    private static final String HELD_ADDRESS = "erp.visma-net.supplier";

    /** Sends to HELD_ADDRESS wait for this latch on the broker's side; open unless a test holds them. */
    private static volatile CountDownLatch held = new CountDownLatch(0);

    @TestConfiguration
    static class HeldSends {
        @Bean
        ArtemisConfigurationCustomizer holdSupplierSends() {
            return configuration -> configuration.registerBrokerPlugin(new ActiveMQServerMessagePlugin() {
                @Override
                public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
                        boolean noAutoCreateQueue) throws ActiveMQException {
                    if (HELD_ADDRESS.equals(message.getAddress())) {
                        try {
                            held.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            });
        }
    }

    @AfterEach
    void release() {
        held.countDown();
    }

    @Test
    void noReplyBeforeTheBrokerConfirmedTheSend() throws Exception {
        held = new CountDownLatch(1);
        String id = newId();
        CompletableFuture<HttpResponse<String>> reply = postAsync(event(id));

        Thread.sleep(1500); // half the send-timeout: the gateway's send call returned long ago, the confirmation did not come
        assertThat(reply).as("no reply while the broker has not confirmed the send").isNotDone();

        held.countDown();
        HttpResponse<String> response = reply.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response.body()).get("status").asText()).isEqualTo("accepted");
        assertThat(count(HELD_ADDRESS, "ce_id = '" + id + "'")).isEqualTo(1);
    }

    @Test
    void aSendNotConfirmedWithinTheSendTimeoutIsAnswered503() throws Exception {
        held = new CountDownLatch(1);
        long start = System.nanoTime();
        HttpResponse<String> response = postAsync(event(newId())).get(20, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(millis).as("answered at send-timeout, plus a margin").isBetween(2_900L, 6_000L);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("artemis");
    }

    private CompletableFuture<HttpResponse<String>> postAsync(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(webhookUrl("/webhooks/visma-net")))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header(SIGNATURE_HEADER, sign(VISMA_SECRET, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String event(String id) {
        return "{\"event\":\"Supplier_Created\",\"notificationId\":\"" + id + "\",\"entityLocation\":\"api/v1/supplier/9\","
                + "\"TenantId\":\"t\"}";
    }
}
