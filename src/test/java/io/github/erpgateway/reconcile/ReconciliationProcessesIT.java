package io.github.erpgateway.reconcile;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.github.erpgateway.support.GatewayProcess;
import io.github.erpgateway.support.GatewayTestSupport;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciliation with gateways in their own JVMs (support/GatewayProcess), WireMock standing in for Visma Connect
 * and the Visma.net ERP API, and the queues read by a separate JMS client: a gateway killed with SIGKILL in the middle
 * of a run and started again publishes nothing twice; two gateways on one broker neither double the API calls nor the
 * events.
 */
class ReconciliationProcessesIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String ADMIN = "test-admin:admin-password";
    private static final String TENANT = "t-process";

    @TempDir
    Path dataDir;

    private WireMockServer vendor;

    @BeforeEach
    void vendor() {
        vendor = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        vendor.start();
        vendor.stubFor(WireMock.post("/connect/token").withRequestBody(containing("tenant_id=" + TENANT))
                .willReturn(okJson("{\"access_token\":\"tok-process\",\"expires_in\":3600}")));
        vendor.stubFor(get(urlPathMatching("/v1/customer/[^/]+")).willReturn(okJson("{\"number\":\"x\"}")));
    }

    @AfterEach
    void stopVendor() {
        vendor.stop();
    }

    @Test
    void aGatewayKilledInTheMiddleOfARunPublishesNothingTwiceAfterItsRestart() throws Exception {
        int brokerPort = GatewayProcess.freePort();
        Instant modified = Instant.now().plusSeconds(20); // after the gateway's start: its memory of webhooks is complete
        List<String> numbers = numbers(6);
        stubPage(1, List.of(numbers.get(0), numbers.get(1)), modified, 0);
        stubPage(2, List.of(numbers.get(2), numbers.get(3)), modified, 0);
        stubPage(3, List.of(numbers.get(4), numbers.get(5)), modified, 60_000); // the kill comes while this one is read
        stubPage(4, List.of(), modified, 0);

        try (GatewayProcess gateway = embedded("kill-1", brokerPort, "1h")) { // close(): SIGKILL
            gateway.awaitReady(Duration.ofSeconds(90));
            assertThat(webhook(gateway, numbers.get(1))).isEqualTo(202);
            CompletableFuture<HttpResponse<String>> run = reconcileAsync(gateway);
            awaitRequestOf(3);
            assertThat(run).isNotDone();
        }
        stubPage(3, List.of(numbers.get(4), numbers.get(5)), modified, 0);
        try (GatewayProcess restarted = embedded("kill-2", brokerPort, "1h")) {
            restarted.awaitReady(Duration.ofSeconds(90));
            // pages 1 and 2 were stored before the kill (uncovered: 0, 2, 3), and the journal kept them
            assertThat(reconciledSubjects(brokerPort)).containsExactlyInAnyOrder(numbers.get(0), numbers.get(2), numbers.get(3));
            HttpResponse<String> second = reconcileAsync(restarted).get();
            assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
            assertThat(GatewayTestSupport.JSON.readTree(second.body()).path("extra").asInt()).isZero();
            HttpResponse<String> third = reconcileAsync(restarted).get();
            assertThat(GatewayTestSupport.JSON.readTree(third.body()).path("published").asInt()).isZero();

            List<String> subjects = reconciledSubjects(brokerPort);
            assertThat(subjects).containsExactlyInAnyOrder(numbers.get(0), numbers.get(2), numbers.get(3), numbers.get(4), numbers.get(5));
        }
    }

    @Test
    void twoGatewaysOnOneBrokerCallTheApiAndPublishAsOneWould() throws Exception {
        int brokerPort = GatewayProcess.freePort();
        Instant modified = Instant.now().plusSeconds(20);
        List<String> numbers = numbers(4);
        stubPage(1, List.of(), modified, 300);

        // interval 6 s, each gateway checks every second: alone, one gateway reads the tenant every 6 s
        long since = System.nanoTime();
        try (GatewayProcess first = embedded("pair-1", brokerPort, "6s", "--gateway.reconciliation.tick=1s");
                GatewayProcess second = GatewayProcess.start("pair-2", "tcp://127.0.0.1:" + brokerPort, dataDir,
                        settings("6s", "--gateway.reconciliation.tick=1s"))) {
            first.awaitReady(Duration.ofSeconds(90));
            second.awaitReady(Duration.ofSeconds(90));
            // a webhook through each gateway: each covers its record for a run on either gateway
            assertThat(webhook(first, numbers.get(1))).isEqualTo(202);
            assertThat(webhook(second, numbers.get(2))).isEqualTo(202);
            // the records change after their webhooks (the vendor sends them after it saved)
            stubPage(1, List.of(numbers.get(0), numbers.get(1)), modified, 300);
            stubPage(2, List.of(numbers.get(2), numbers.get(3)), modified, 300);
            stubPage(3, List.of(), modified, 0);
            Thread.sleep(25_000);
            long seconds = Duration.ofNanos(System.nanoTime() - since).toSeconds();

            int firstPages = vendor.findAll(getRequestedFor(urlPathEqualTo("/v1/customer")).withQueryParam("pageNumber", equalTo("1"))).size();
            // at most one pass per interval since the gateways started, however many gateways tick
            assertThat(firstPages).isBetween(2, (int) (seconds / 6) + 2);
            assertThat(reconciledSubjects(brokerPort)).containsExactlyInAnyOrder(numbers.get(0), numbers.get(3));
        }
    }

    @Test
    void theRecordsReadPerRunAreBoundedAndTheNextRunContinues() throws Exception {
        int brokerPort = GatewayProcess.freePort();
        Instant modified = Instant.now().plusSeconds(20);
        List<String> numbers = numbers(6);
        stubPage(1, List.of(numbers.get(0), numbers.get(1)), modified, 0);
        stubPage(2, List.of(numbers.get(2), numbers.get(3)), modified, 0);
        stubPage(3, List.of(numbers.get(4), numbers.get(5)), modified, 0);
        stubPage(4, List.of(), modified, 0);

        try (GatewayProcess gateway = embedded("bounded", brokerPort, "1h", "--gateway.reconciliation.max-records-per-run=3")) {
            gateway.awaitReady(Duration.ofSeconds(90));
            com.fasterxml.jackson.databind.JsonNode first = GatewayTestSupport.JSON.readTree(reconcileAsync(gateway).get().body());
            // the bound is checked before each page: 2 + 2 records, then the run stops
            assertThat(first.path("checked").asInt()).isEqualTo(4);
            assertThat(first.path("complete").asBoolean()).isFalse();
            com.fasterxml.jackson.databind.JsonNode second = GatewayTestSupport.JSON.readTree(reconcileAsync(gateway).get().body());
            // one page back (2, already decided), then page 3: the bound stops it before the page that ends the pass
            assertThat(second.path("alreadyReconciled").asInt()).isEqualTo(2);
            assertThat(second.path("published").asInt()).isEqualTo(2);
            com.fasterxml.jackson.databind.JsonNode third = GatewayTestSupport.JSON.readTree(reconcileAsync(gateway).get().body());
            assertThat(third.path("published").asInt()).isZero();
            assertThat(third.path("complete").asBoolean()).isTrue();

            assertThat(reconciledSubjects(brokerPort)).containsExactlyInAnyOrderElementsOf(numbers);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private GatewayProcess embedded(String name, int brokerPort, String interval, String... extra) throws Exception {
        return GatewayProcess.startEmbedded(name, brokerPort, dataDir.resolve("broker"), dataDir, settings(interval, extra));
    }

    private String[] settings(String interval, String... extra) {
        String base = "http://127.0.0.1:" + vendor.port();
        List<String> settings = new ArrayList<>(List.of(
                "--gateway.management.jaas-config=src/test/resources/hawtio-login/hawtio-jaas.conf",
                "--gateway.enrichment.visma-net.api-base=" + base,
                "--gateway.enrichment.visma-net.token-url=" + base + "/connect/token",
                "--gateway.enrichment.visma-net.client-id=visma-client",
                "--gateway.enrichment.visma-net.client-secret=visma-client-secret",
                "--gateway.reconciliation.visma-net.enabled=true",
                "--gateway.reconciliation.visma-net.tenants=" + TENANT,
                "--gateway.reconciliation.visma-net.entities=customer",
                "--gateway.reconciliation.visma-net.page-size=2",
                "--gateway.reconciliation.visma-net.interval=" + interval));
        settings.addAll(List.of(extra));
        return settings.toArray(String[]::new);
    }

    private void stubPage(int page, List<String> numbers, Instant modified, int delayMillis) {
        List<String> records = new ArrayList<>();
        for (String number : numbers) {
            records.add(ReconciliationIT.customer(number, modified));
        }
        vendor.stubFor(get(urlPathEqualTo("/v1/customer")).withHeader("Authorization", equalTo("Bearer tok-process"))
                .withQueryParam("pageNumber", equalTo(Integer.toString(page)))
                .willReturn(okJson("[" + String.join(",", records) + "]").withFixedDelay(delayMillis)));
    }

    private void awaitRequestOf(int page) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (vendor.findAll(getRequestedFor(urlPathEqualTo("/v1/customer")).withQueryParam("pageNumber", equalTo(Integer.toString(page)))).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("page " + page + " was never asked for");
            }
            Thread.sleep(50);
        }
    }

    private static List<String> numbers(int count) {
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            numbers.add("P" + i + UUID.randomUUID().toString().substring(0, 6));
        }
        return numbers;
    }

    private static int webhook(GatewayProcess gateway, String number) throws Exception {
        byte[] body = ReconciliationIT.customerUpdated(number, TENANT).getBytes(StandardCharsets.UTF_8);
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway.webhookUrl())).header("Content-Type", "application/json")
                .header(GatewayTestSupport.SIGNATURE_HEADER, GatewayTestSupport.sign(GatewayProcess.SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static CompletableFuture<HttpResponse<String>> reconcileAsync(GatewayProcess gateway) {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(gateway.managementUrl("/actuator/reconcile")))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(ADMIN.getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The subjects of the reconciled events on erp.visma-net.customer, one entry per message. */
    private static List<String> reconciledSubjects(int brokerPort) throws Exception {
        try (Connection connection = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort).createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (QueueBrowser browser = session.createBrowser(session.createQueue("erp.visma-net.customer"),
                    "tenant = '" + TENANT + "' AND action = 'reconciled'")) {
                List<String> subjects = new ArrayList<>();
                for (Object message : Collections.list(browser.getEnumeration())) {
                    subjects.add(((Message) message).getStringProperty("ce_subject"));
                }
                return subjects;
            }
        }
    }
}
