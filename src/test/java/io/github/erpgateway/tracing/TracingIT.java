package io.github.erpgateway.tracing;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.erpgateway.support.GatewayTestSupport;
import io.github.erpgateway.support.OtlpReceiver;
import io.github.erpgateway.support.OtlpReceiver.ReceivedSpan;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 21 part 1, from outside: webhooks posted over HTTP with and without a sender's {@code traceparent}, the stored
 * messages read by a separate JMS client, the enrichment's vendor (WireMock) reading the request's {@code traceparent},
 * a replay, and the spans as a stand-in OTLP/HTTP collector receives them from the gateway's exporter
 * ({@code management.otlp.tracing.endpoint}); last, the collector stops answering and then closes its port.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TracingIT extends GatewayTestSupport {

    private static final int SERVER = 2;
    private static final int CLIENT = 3;
    private static final int PRODUCER = 4;
    private static final int CONSUMER = 5;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ADMIN = "test-admin:admin-password";
    private static final String TRACEPARENT = "00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]";

    static final OtlpReceiver COLLECTOR;
    static final WireMockServer VENDOR = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    static {
        try {
            COLLECTOR = new OtlpReceiver();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        VENDOR.start();
    }

    @LocalServerPort
    int managementPort;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.context.ApplicationContext context;

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Logger outcomes = (Logger) LoggerFactory.getLogger("gateway.webhooks");
    private Level outcomesLevel;

    @DynamicPropertySource
    static void collectorAndVendor(DynamicPropertyRegistry registry) {
        registry.add("management.otlp.tracing.endpoint", COLLECTOR::endpoint);
        // every new trace recorded, as an operator following single webhooks sets it (the default samples 0.1)
        registry.add("management.tracing.sampling.probability", () -> "1.0");
        registry.add("management.otlp.tracing.timeout", () -> "2s");
        registry.add("management.otlp.tracing.connect-timeout", () -> "1s");
        registry.add("management.tracing.opentelemetry.export.schedule-delay", () -> "100ms");
        registry.add("management.tracing.opentelemetry.export.timeout", () -> "3s");
        String base = "http://127.0.0.1:" + VENDOR.port();
        registry.add("gateway.enrichment.visma-net.api-base", () -> base);
        registry.add("gateway.enrichment.visma-net.token-url", () -> base + "/connect/token");
        registry.add("gateway.enrichment.visma-net.client-id", () -> "visma-client");
        registry.add("gateway.enrichment.visma-net.client-secret", () -> "visma-client-secret");
    }

    @AfterAll
    static void stop() {
        VENDOR.stop();
        COLLECTOR.close();
    }

    @BeforeEach
    void capture() {
        VENDOR.stubFor(WireMock.post("/connect/token").willReturn(okJson("{\"access_token\":\"visma-token\",\"expires_in\":3600}")));
        captured.start();
        outcomes.addAppender(captured);
        outcomesLevel = outcomes.getLevel();
        outcomes.setLevel(Level.INFO);
    }

    @AfterEach
    void release() {
        outcomes.detachAppender(captured);
        outcomes.setLevel(outcomesLevel);
    }

    @Test
    @Order(1)
    void aWebhookContinuesTheSendersTraceThroughTheQueueTheEnrichmentAndItsVendorCall() throws Exception {
        String id = newId();
        String traceId = hex(16);
        String senderSpan = hex(8);
        VENDOR.stubFor(get("/v1/customer/" + id).willReturn(okJson("{\"number\":\"" + id + "\",\"name\":\"payload-record-" + id + "\"}")));
        String body = customer(id);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String signature = sign(VISMA_SECRET, bytes);

        // a query string and a header the sender chose: neither may reach a span
        HttpResponse<String> reply = post("/webhooks/visma-net?secret-query=q" + id, bytes, Map.of(SIGNATURE_HEADER, signature,
                "traceparent", "00-" + traceId + "-" + senderSpan + "-01", "tracestate", "vendor=abc", "x-private", "h" + id));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(202);
        assertThat(reply.headers().firstValue("traceparent")).as("the reply echoes nothing").isEmpty();
        // the stored message, read by a separate JMS client
        Message stored = browseEvent("erp.visma-net.customer", id);
        assertThat(stored.getStringProperty("traceparent")).matches(TRACEPARENT).contains("-" + traceId + "-").endsWith("-01");
        assertThat(stored.getStringProperty("tracestate")).isEqualTo("vendor=abc");
        // the enrichment's vendor call carries the trace, and so does the enriched message
        List<LoggedRequest> calls = awaitVendorCall("/v1/customer/" + id);
        assertThat(calls.get(0).getHeader("traceparent")).matches(TRACEPARENT).contains("-" + traceId + "-");
        Message enriched = receive("erp.enriched.visma-net.customer", "ce_id = '" + id + "'", 20_000);
        assertThat(enriched).isNotNull();
        assertThat(enriched.getStringProperty("traceparent")).matches(TRACEPARENT).contains("-" + traceId + "-");

        List<ReceivedSpan> spans = awaitSpans(traceId, names -> names.containsAll(List.of("POST /webhooks/visma-net",
                "receive-webhook", "parse-event", "visma-net-events", "mapping", "reply", "queue:enrichment.visma-net"))
                && spanOfKind(traceId, CLIENT));
        ReceivedSpan webhook = named(spans, "POST /webhooks/visma-net");
        assertThat(webhook.kind()).isEqualTo(SERVER);
        assertThat(webhook.parentSpanId()).as("a child of the sender's span").isEqualTo(senderSpan);
        assertThat(webhook.attributes()).containsEntry("gateway.source", "visma-net")
                .containsEntry("gateway.tenant", "tenant-trace")
                .containsEntry("gateway.entity", "customer")
                .containsEntry("cloudevents.event_id", id)
                .containsEntry("gateway.outcome", "accepted")
                .containsEntry("gateway.when", "visma-net-financial-changed")
                .containsEntry("gateway.mapping", "visma-net-financial-changed.jsonata");
        assertThat(named(spans, "mapping").attributes()).containsEntry("gateway.mapping", "visma-net-financial-changed.jsonata");
        // the broker send names the queue it used, not the static endpoint's placeholder queue
        assertThat(spans.stream().filter(span -> span.kind() == PRODUCER).map(span -> span.attributes().get("messaging.destination.name")))
                .contains("erp.visma-net.customer");
        assertThat(spans).allSatisfy(span -> assertThat(span.attributes().values()).as(span.name())
                .noneMatch(value -> value != null && (value.contains("erp.unrouted") || value.contains("erp.dlq"))));
        // exported once, by the gateway's processor (Boot's own yields to it)
        assertThat(context.getBeansOfType(io.opentelemetry.sdk.trace.SpanProcessor.class)).containsOnlyKeys("gatewaySpanProcessor");
        // one span per stage: no twin span for each direct: send
        for (String stage : List.of("receive-webhook", "parse-event", "visma-net-events", "publish-or-unrouted", "publish")) {
            assertThat(spans.stream().filter(span -> span.name().equals(stage))).as(stage).hasSize(1);
        }
        assertThat(spans).anyMatch(span -> span.kind() == PRODUCER);
        assertThat(spans).anyMatch(span -> span.kind() == CONSUMER);
        // one tree: every span's parent is the sender's span or another span of the trace
        Set<String> ids = new HashSet<>();
        spans.forEach(span -> ids.add(span.spanId()));
        ids.add(senderSpan);
        assertThat(spans).allSatisfy(span -> assertThat(ids).as(span.name()).contains(span.parentSpanId()));
        // never the payload, a secret, the signature, the query or a header of the sender
        List<String> values = spans.stream().flatMap(span -> Stream.concat(span.attributes().values().stream(),
                span.eventValues().stream())).filter(java.util.Objects::nonNull).toList();
        assertThat(values).noneMatch(value -> value.contains("secret-query") || value.contains("q" + id)
                || value.contains("h" + id) || value.contains(signature) || value.contains(VISMA_SECRET)
                || value.contains("payload-record") || value.contains("visma-token") || value.contains("visma-client-secret")
                || value.contains("5123456"));
        // the gateway's log line for the webhook names the trace
        ILoggingEvent line = captured.list.stream().filter(event -> event.getFormattedMessage().contains("id=" + id))
                .findFirst().orElseThrow();
        assertThat(line.getMDCPropertyMap()).containsEntry("traceId", traceId).containsKey("spanId");
    }

    @Test
    @Order(2)
    void aWebhookWithoutATraceparentStartsANewSampledTrace() throws Exception {
        String id = newId();
        HttpResponse<String> reply = post("/webhooks/visma-net", unrouted(id).getBytes(StandardCharsets.UTF_8),
                Map.of(SIGNATURE_HEADER, sign(VISMA_SECRET, unrouted(id).getBytes(StandardCharsets.UTF_8)),
                        "traceparent", "00-not-a-valid-traceparent-01"));

        assertThat(json(reply.body()).get("status").asText()).isEqualTo("unrouted");
        String traceparent = browseEvent("erp.unrouted", id).getStringProperty("traceparent");
        assertThat(traceparent).matches(TRACEPARENT).endsWith("-01").doesNotContain("00000000000000000000000000000000");
        String traceId = traceparent.substring(3, 35);
        List<ReceivedSpan> spans = awaitSpans(traceId, names -> names.contains("reply"));
        ReceivedSpan webhook = named(spans, "POST /webhooks/visma-net");
        assertThat(webhook.parentSpanId()).as("a new trace's root").isEmpty();
        assertThat(webhook.attributes()).containsEntry("gateway.outcome", "unrouted").containsEntry("cloudevents.event_id", id)
                .doesNotContainKey("gateway.when");
    }

    @Test
    @Order(3)
    void aReplayContinuesTheTraceOfTheMessageItReplays() throws Exception {
        String id = newId();
        String traceId = hex(16);
        byte[] bytes = unrouted(id).getBytes(StandardCharsets.UTF_8);
        post("/webhooks/visma-net", bytes, Map.of(SIGNATURE_HEADER, sign(VISMA_SECRET, bytes),
                "traceparent", "00-" + traceId + "-" + hex(8) + "-01"));
        String first = browseEvent("erp.unrouted", id).getStringProperty("traceparent");
        assertThat(first).contains("-" + traceId + "-");

        HttpResponse<String> replayed = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/replay"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(ADMIN.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("{\"queue\":\"erp.unrouted\",\"selector\":\"ce_id = '" + id + "'\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        JsonNode summary = json(replayed.body());
        assertThat(summary.get("unrouted").asInt()).as(replayed.body()).isEqualTo(1);
        String again = browseEvent("erp.unrouted", id).getStringProperty("traceparent");
        assertThat(again).as("stored again in the same trace, by another span").contains("-" + traceId + "-").isNotEqualTo(first);
        List<ReceivedSpan> spans = awaitSpans(traceId, names -> names.contains("replay-webhook"));
        assertThat(spans.stream().filter(span -> span.name().equals("reply"))).hasSize(2);
    }

    @Test
    @Order(4)
    void aCollectorThatHangsOrIsGoneNeverSlowsOrFailsAWebhook() throws Exception {
        COLLECTOR.hang();
        assertFastAndStored(40);
        COLLECTOR.close(); // the port is closed: connections are refused
        assertFastAndStored(40);
    }

    private void assertFastAndStored(int webhooks) throws Exception {
        long slowest = 0;
        for (int i = 0; i < webhooks; i++) {
            String id = newId();
            long started = System.nanoTime();
            HttpResponse<String> reply = postVisma(unrouted(id));
            slowest = Math.max(slowest, System.nanoTime() - started);
            assertThat(reply.statusCode()).isEqualTo(202);
            if (i == webhooks - 1) {
                assertThat(browseEvent("erp.unrouted", id).getStringProperty("traceparent")).matches(TRACEPARENT);
            }
        }
        assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofSeconds(1));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private static String customer(String id) {
        return "{\"NotificationId\":\"" + id + "\",\"contextId\":\"5123456\",\"event\":\"customer_changed\",\"action\":\"UPDATED\","
                + "\"resourceId\":\"" + id + "\",\"resourceUri\":\"v1/customer/" + id + "\","
                + "\"timeStamp\":638974335577900000,\"TenantId\":\"tenant-trace\"}";
    }

    private static String unrouted(String id) {
        return "{\"event\":\"Widget_Exploded\",\"notificationId\":\"" + id + "\"}";
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1; // never all zeros
        return HexFormat.of().formatHex(random);
    }

    private static List<LoggedRequest> awaitVendorCall(String path) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<LoggedRequest> calls = VENDOR.findAll(getRequestedFor(urlEqualTo(path)));
        while (calls.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            calls = VENDOR.findAll(getRequestedFor(urlEqualTo(path)));
        }
        assertThat(calls).as("the vendor was called").isNotEmpty();
        return calls;
    }

    private static boolean spanOfKind(String traceId, int kind) {
        return COLLECTOR.spansOf(traceId).stream().anyMatch(span -> span.kind() == kind);
    }

    private static List<ReceivedSpan> awaitSpans(String traceId, Predicate<Set<String>> complete) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<ReceivedSpan> spans = COLLECTOR.spansOf(traceId);
            Set<String> names = new HashSet<>();
            spans.forEach(span -> names.add(span.name()));
            if (complete.test(names)) {
                Thread.sleep(300); // the last batch of the same trace
                return COLLECTOR.spansOf(traceId);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("spans of " + traceId + ": " + COLLECTOR.spansOf(traceId).stream().map(ReceivedSpan::name).toList());
    }

    private static ReceivedSpan named(List<ReceivedSpan> spans, String name) {
        return spans.stream().filter(span -> span.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans.stream().map(ReceivedSpan::name).toList()));
    }
}
