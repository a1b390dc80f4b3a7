package io.github.erpgateway.enrich;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.github.erpgateway.support.GatewayProcess;
import io.github.erpgateway.support.GatewayTestSupport;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway is killed (SIGKILL) while an enrichment waits between tries: after the restart every event is enriched
 * exactly once, the one enriched before the kill included, and none is lost or dead-lettered.
 */
class KillDuringRetryIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final WireMockServer vendor = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    @TempDir
    Path dataDir;

    @AfterEach
    void stopVendor() {
        vendor.stop();
    }

    @Test
    void nothingIsLostAndNothingPublishedTwice() throws Exception {
        vendor.start();
        vendor.stubFor(WireMock.post("/connect/token").willReturn(okJson("{\"access_token\":\"t\",\"expires_in\":3600}")));
        int brokerPort = GatewayProcess.freePort();
        String done = newId();
        List<String> failing = List.of(newId(), newId(), newId());
        vendor.stubFor(get("/v1/customer/" + done).willReturn(okJson("{\"number\":\"" + done + "\"}")));
        for (String id : failing) {
            vendor.stubFor(get("/v1/customer/" + id).willReturn(aResponse().withStatus(503)));
        }

        try (GatewayProcess gateway = start("killed", brokerPort)) { // close(): SIGKILL
            gateway.awaitReady(Duration.ofSeconds(90));
            assertThat(postCustomer(gateway, done)).isEqualTo(202);
            awaitCalls("/v1/customer/" + done, 1);
            for (String id : failing) {
                assertThat(postCustomer(gateway, id)).isEqualTo(202);
            }
            awaitCalls("/v1/customer/" + failing.get(0), 2); // the first failing event is between tries
        }

        for (String id : failing) {
            vendor.stubFor(get("/v1/customer/" + id).willReturn(okJson("{\"number\":\"" + id + "\"}")));
        }
        try (GatewayProcess restarted = start("restarted", brokerPort)) {
            restarted.awaitReady(Duration.ofSeconds(90));
            List<String> enriched = drain(brokerPort, "erp.enriched.visma-net.customer", 4);
            assertThat(enriched).containsExactlyInAnyOrder(done, failing.get(0), failing.get(1), failing.get(2));
            assertThat(drain(brokerPort, "erp.dlq", 0)).isEmpty();
        }
    }

    /** Reads every message on the queue until none came for 3 s after at least {@code expected} arrived. */
    private static List<String> drain(int brokerPort, String queue, int expected) throws Exception {
        List<String> ids = new ArrayList<>();
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < deadline) {
                    Message message = consumer.receive(ids.size() >= expected ? 3000 : 1000);
                    if (message == null && ids.size() >= expected) {
                        break;
                    }
                    if (message != null) {
                        ids.add(message.getStringProperty("ce_id"));
                    }
                }
            }
        }
        return ids;
    }

    private void awaitCalls(String path, int calls) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (vendor.findAll(getRequestedFor(urlEqualTo(path))).size() < calls) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(path + " was not called " + calls + " times");
            }
            Thread.sleep(50);
        }
    }

    private static int postCustomer(GatewayProcess gateway, String id) throws Exception {
        byte[] body = EnrichmentIT.customerChanged(id, "kill-tenant", "v1/customer/" + id).getBytes(StandardCharsets.UTF_8);
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway.webhookUrl()))
                .header("Content-Type", "application/json")
                .header(GatewayTestSupport.SIGNATURE_HEADER, GatewayTestSupport.sign(GatewayProcess.SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private GatewayProcess start(String name, int brokerPort) throws IOException {
        String base = "http://127.0.0.1:" + vendor.port();
        return GatewayProcess.startEmbedded(name, brokerPort, dataDir.resolve("artemis"), dataDir,
                "--gateway.enrichment.visma-net.api-base=" + base,
                "--gateway.enrichment.visma-net.token-url=" + base + "/connect/token",
                "--gateway.enrichment.visma-net.client-id=kill-client",
                "--gateway.enrichment.retry.max-retries=50",
                "--gateway.enrichment.retry.initial-delay=300ms",
                "--gateway.enrichment.retry.max-delay=600ms",
                "--gateway.enrichment.circuit-breaker.minimum-number-of-calls=1000");
    }

    private static String newId() {
        return java.util.UUID.randomUUID().toString().replace("-", "");
    }
}
