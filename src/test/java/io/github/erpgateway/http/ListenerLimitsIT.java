package io.github.erpgateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.erpgateway.support.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The bounds an unauthenticated sender meets on the webhook port (issue 10, points 1, 2, 4 and 11), tried as an
 * attacker would: with raw sockets that stall, dribble and lie, against the running gateway.
 */
@TestPropertySource(properties = {
        "gateway.http.idle-timeout=2500ms",
        "gateway.http.body-timeout=1000ms",
        "gateway.http.max-concurrent-requests=6",
        "gateway.http.max-buffered-bodies=200KB",
})
class ListenerLimitsIT extends GatewayTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int managementPort;

    private int port() {
        return WebhookHttpServer.actualPort(camelContext);
    }

    @Test
    void closesAConnectionThatSendsNothing() throws Exception {
        try (RawConnection idle = new RawConnection(port())) {
            long start = System.nanoTime();
            assertThat(idle.closedWithin(6000)).as("closed by the idle timeout").isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(2000L, 5000L);
        }
    }

    @Test
    void answers408WhenTheBodyDoesNotArriveInTime() throws Exception {
        try (RawConnection stalled = new RawConnection(port())) {
            stalled.send(RawConnection.post("/webhooks/visma-net", 1000, "") + "{\"event\":");
            String reply = stalled.readUntilClosed(6000);
            assertThat(reply).startsWith("HTTP/1.1 408").contains("{\"error\":").doesNotEndWith("<still open>");
        }
    }

    @Test
    void refusesMoreUnansweredRequestsThanAllowedAndRecoversWhenTheyGo() throws Exception {
        List<RawConnection> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                stalled.add(new RawConnection(port()).send(RawConnection.post("/webhooks/visma-net", 100, "") + "{"));
            }
            Thread.sleep(200);
            try (RawConnection extra = new RawConnection(port())) {
                extra.send(RawConnection.post("/webhooks/visma-net", 10, "") + "{}");
                assertThat(extra.readUntilClosed(3000)).startsWith("HTTP/1.1 503").contains("retry later");
            }
        } finally {
            for (RawConnection connection : stalled) {
                connection.close();
            }
        }
        assertThat(eventuallyAccepted()).isTrue();
    }

    @Test
    void refusesBodiesPastTheBufferedBytesBudget() throws Exception {
        List<RawConnection> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) { // 3 x 60 000 declared of a 200 KB budget
                stalled.add(new RawConnection(port()).send(RawConnection.post("/webhooks/visma-net", 60_000, "") + "{"));
            }
            Thread.sleep(200);
            try (RawConnection extra = new RawConnection(port())) {
                extra.send(RawConnection.post("/webhooks/visma-net", 60_000, "") + "{");
                assertThat(extra.readUntilClosed(3000)).startsWith("HTTP/1.1 503");
            }
        } finally {
            for (RawConnection connection : stalled) {
                connection.close();
            }
        }
        assertThat(eventuallyAccepted()).isTrue();
    }

    @Test
    void answersAnOverLimitChunkedBodyWithJson413AndCountsIt() throws Exception {
        String before = prometheus();
        try (RawConnection chunked = new RawConnection(port())) {
            chunked.send("POST /webhooks/visma-net HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
            String chunk = "a".repeat(16_000);
            for (int i = 0; i < 6; i++) { // 96 000 bytes of a 65 536 limit
                chunked.send(Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
            }
            chunked.send("0\r\n\r\n");
            String reply = chunked.readUntilClosed(5000);
            assertThat(reply).startsWith("HTTP/1.1 413").contains("application/json").contains("{\"error\":\"body larger than");
        }
        String series = "gateway_webhooks_total{outcome=\"too-large\",source=\"visma-net\"}";
        assertThat(value(prometheus(), series) - value(before, series)).isEqualTo(1.0);
    }

    @Test
    void randomPathsAllCountAsOneUnknownSource() throws Exception {
        for (int i = 0; i < 200; i++) {
            String path = "/webhooks/" + UUID.randomUUID();
            try (RawConnection connection = new RawConnection(port())) {
                connection.send(RawConnection.post(path, 10_000_000, ""));
                assertThat(connection.statusLine(3000)).startsWith("HTTP/1.1 413");
            }
            post(path + "x", "{}".getBytes(StandardCharsets.UTF_8), Map.of());
        }
        Matcher sources = Pattern.compile("^gateway_webhooks_total\\{[^}]*source=\"([^\"]*)\"", Pattern.MULTILINE).matcher(prometheus());
        List<String> seen = new ArrayList<>();
        while (sources.find()) {
            seen.add(sources.group(1));
        }
        assertThat(seen).isNotEmpty().allMatch(s -> s.equals("unknown") || gatewayProperties.getSources().containsKey(s));
    }

    @Test
    void queryParametersNeverActAsDispatcherHeaders() {
        String body = "{\"tableIdentifier\":\"OrderLine\",\"customerNo\":1,\"companyNo\":2,\"event\":\"UPDATE\","
                + "\"primaryKeys\":[{\"OrderNo\":" + System.nanoTime() + "}],\"timestamp\":\"2025-02-06T21:15:28Z\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = post("/webhooks/business-nxt?x-vwd-notification-id=forged-id&X-VWD-Signature-V1=x",
                bytes, Map.of(SIGNATURE_HEADER, sign(BNXT_SECRET, bytes)));
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response.body()).get("id").asText()).isNotEqualTo("forged-id").hasSize(64);
    }

    @Test
    void aConfiguredSourceWhoseRouteIsDownAnswers503NotA404() throws Exception {
        // what a live edit does for a moment: the source's route is replaced; a 404 would make the vendor give up
        camelContext.getRouteController().stopRoute("venio-webhook");
        try {
            HttpResponse<String> reply = post("/webhooks/venio", "{}".getBytes(StandardCharsets.UTF_8), Map.of());
            assertThat(reply.statusCode()).isEqualTo(503);
            assertThat(reply.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(post("/webhooks/nonexistent", "{}".getBytes(StandardCharsets.UTF_8), Map.of()).statusCode()).isEqualTo(404);
        } finally {
            camelContext.getRouteController().startRoute("venio-webhook");
        }
    }

    @Test
    void speaksNoHttp2OverClearText() throws Exception {
        try (RawConnection upgrade = new RawConnection(port())) {
            upgrade.send("GET /webhooks/visma-net HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");
            assertThat(upgrade.readUntilClosed(2000)).doesNotStartWith("HTTP/1.1 101");
        }
        try (RawConnection priorKnowledge = new RawConnection(port())) {
            priorKnowledge.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
            String reply = priorKnowledge.readUntilClosed(2000);
            // an HTTP/2 server answers the preface with a SETTINGS frame (type 4 in the fourth byte), not HTTP/1.1 text
            assertThat(reply.length() >= 4 && reply.charAt(3) == 4 && !reply.startsWith("HTTP")).isFalse();
        }
    }

    @Test
    void writesNoUploadedFileToDisk() throws Exception {
        // Camel's body handler would stream a file part to ${java.io.tmpdir}/camel/camel-tmp-*/ while it arrives
        Path uploads = Path.of(System.getProperty("java.io.tmpdir"), "camel");
        long before = filesIn(uploads);
        String boundary = "b" + System.nanoTime();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        try (RawConnection upload = new RawConnection(port())) {
            upload.send("POST /webhooks/visma-net HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary="
                    + boundary + "\r\nContent-Length: 60000\r\n\r\n" + head + "z".repeat(20_000));
            Thread.sleep(500); // the upload is half-way: a file part being handled would be on disk now
            assertThat(filesIn(uploads)).isEqualTo(before);
        }
    }

    private static long filesIn(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    /** A valid webhook is accepted again once the held requests are gone (their reservations given back). */
    private boolean eventuallyAccepted() throws Exception {
        for (int i = 0; i < 50; i++) {
            String event = "{\"event\":\"Customer_Created\",\"notificationId\":\"" + newId()
                    + "\",\"entityLocation\":\"api/v1/customer/1\",\"TenantId\":\"t\"}";
            if (postVisma(event).statusCode() == 202) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private String prometheus() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double value(String prometheus, String series) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(prometheus);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0.0;
    }
}
