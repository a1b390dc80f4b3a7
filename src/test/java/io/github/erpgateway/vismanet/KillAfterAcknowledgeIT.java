package io.github.erpgateway.vismanet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.erpgateway.support.GatewayProcess;
import io.github.erpgateway.support.GatewayTestSupport;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise behind every 202: the gateway runs as its own process, acknowledges webhooks, is killed with SIGKILL
 * right after the last reply, and every acknowledged event is on its queue when it comes back.
 */
class KillAfterAcknowledgeIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedWebhookSurvivesAKill() throws Exception {
        int brokerPort = GatewayProcess.freePort();
        List<String> acknowledged = new ArrayList<>();

        try (GatewayProcess gateway = start("killed", brokerPort)) { // close(): SIGKILL, no shutdown hook, no flush
            gateway.awaitReady(Duration.ofSeconds(90));
            for (int i = 0; i < 25; i++) {
                String id = UUID.randomUUID().toString();
                byte[] body = ("{\"event\":\"Account_Created\",\"notificationId\":\"" + id
                        + "\",\"entityLocation\":\"api/v1/account/" + i + "\",\"TenantId\":\"kill-test\"}").getBytes(StandardCharsets.UTF_8);
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.webhookUrl()))
                        .header("Content-Type", "application/json")
                        .header(GatewayTestSupport.SIGNATURE_HEADER, GatewayTestSupport.sign(GatewayProcess.SECRET, body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    acknowledged.add(id);
                }
            }
        }
        assertThat(acknowledged).hasSize(25);
        assertOneJsonLogLinePerWebhook(acknowledged);

        try (GatewayProcess restarted = start("restarted", brokerPort)) {
            restarted.awaitReady(Duration.ofSeconds(90));
            List<String> stored = new ArrayList<>();
            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
            try (Connection connection = factory.createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                try (MessageConsumer consumer = session.createConsumer(session.createQueue("erp.visma-net.account"))) {
                    Message message;
                    while ((message = consumer.receive(2000)) != null) {
                        stored.add(message.getStringProperty("ce_id"));
                    }
                }
            }
            assertThat(stored).containsExactlyInAnyOrderElementsOf(acknowledged);
        }
    }

    /** Each acknowledged webhook has its JSON log line with the event id and outcome as fields, and no body or secret. */
    private void assertOneJsonLogLinePerWebhook(List<String> ids) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        try (var files = Files.list(dataDir)) {
            for (Path log : files.filter(f -> f.getFileName().toString().startsWith("gateway-")).toList()) {
                for (String line : Files.readAllLines(log)) {
                    if (line.startsWith("{")) {
                        lines.add(GatewayTestSupport.JSON.readTree(line));
                    }
                }
            }
        }
        for (String id : ids) {
            assertThat(lines).filteredOn(line -> id.equals(line.path("eventId").asText()))
                    .singleElement()
                    .satisfies(line -> {
                        assertThat(line.path("outcome").asText()).isEqualTo("accepted");
                        assertThat(line.path("source").asText()).isEqualTo("visma-net");
                        assertThat(line.toString()).doesNotContain(GatewayProcess.SECRET).doesNotContain("entityLocation");
                    });
        }
    }

    private GatewayProcess start(String name, int brokerPort) throws IOException {
        return GatewayProcess.startEmbedded(name, brokerPort, dataDir.resolve("artemis"), dataDir,
                // one setting switches the logs to JSON (Elastic Common Schema); the per-webhook line stays on
                "--logging.structured.format.console=ecs",
                "--logging.level.gateway.webhooks=INFO");
    }
}
