package io.github.erpgateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.github.erpgateway.http.WebhookHttpServer;
import io.github.erpgateway.support.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The fuzz test of issue 10: a few thousand hostile requests (random bytes, truncated and deeply nested JSON, invalid
 * UTF-8, BOMs, 1 000-digit numbers and huge exponents, duplicate keys, huge headers, odd methods and request targets,
 * lying lengths), signed and unsigned, against every webhook endpoint. No reply may be a 5xx other than 503, mention a
 * class, an exception or a stack frame, or hang; afterwards the gateway is healthy and its heap has not grown.
 * Replay a run with {@code -Dfuzz.seed=N -Dfuzz.requests=M}.
 */
class HostileRequestsIT extends GatewayTestSupport {

    private static final Pattern LEAK = Pattern.compile(
            "(?i)exception|java\\.|javax\\.|jakarta\\.|org\\.apache|org\\.spring|io\\.github|io\\.vertx|com\\.fasterxml|\\tat |stack ?trace");

    @LocalServerPort
    int managementPort;

    @Test
    void survivesThousandsOfHostileRequests() throws Exception {
        long seed = Long.getLong("fuzz.seed", 20261130L);
        int count = Integer.getInteger("fuzz.requests", 3000);
        HostileRequests requests = new HostileRequests(seed, List.of(
                new HostileRequests.Endpoint("visma-net", SIGNATURE_HEADER, VISMA_SECRET, HostileRequests.samplesOf("visma-net")),
                new HostileRequests.Endpoint("business-nxt", SIGNATURE_HEADER, BNXT_SECRET, HostileRequests.samplesOf("business-nxt")),
                new HostileRequests.Endpoint("venio", "X-Venio-Signature", VENIO_SECRET, HostileRequests.samplesOf("venio"))));
        long heapBefore = usedHeapAfterGc();

        TreeMap<String, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < count && failures.size() < 20; i++) {
            StringBuilder what = new StringBuilder("#" + i + " ");
            String reply = exchange(requests.next(what));
            String status = reply.startsWith("HTTP/1.1 ") && reply.length() >= 12 ? reply.substring(9, 12) : reply.isEmpty() ? "closed" : "other";
            statuses.merge(status, 1, Integer::sum);
            if (reply.endsWith("<hang>")) {
                failures.add(what + ": no reply within 15 s");
            } else if (status.startsWith("5") && !status.equals("503")) {
                failures.add(what + ": " + firstLine(reply) + " " + bodyOf(reply));
            } else if (LEAK.matcher(bodyOf(reply)).find()) {
                failures.add(what + ": reply leaks internals: " + bodyOf(reply));
            }
        }
        System.out.println("Fuzz seed " + seed + ", " + count + " requests, replies by status: " + statuses);

        assertThat(failures).as("seed " + seed).isEmpty();
        assertThat(statuses.keySet()).as("the signed, well-formed ones were still accepted").contains("202");
        assertThat(health()).contains("\"status\":\"UP\"");
        long growth = usedHeapAfterGc() - heapBefore;
        assertThat(growth).as("heap growth in bytes").isLessThan(96L * 1024 * 1024);
    }

    private String exchange(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", WebhookHttpServer.actualPort(camelContext))) {
            socket.setSoTimeout(15_000);
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (IOException e) {
                // the server may answer and close before it has read everything: read what it said
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0 && received.size() < 1_000_000; ) {
                    received.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                return received.toString(StandardCharsets.ISO_8859_1) + "<hang>";
            } catch (IOException e) {
                // reset after the reply
            }
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static String firstLine(String reply) {
        int end = reply.indexOf("\r\n");
        return end < 0 ? reply : reply.substring(0, end);
    }

    private static String bodyOf(String reply) {
        int start = reply.indexOf("\r\n\r\n");
        return start < 0 ? "" : reply.substring(start + 4);
    }

    private String health() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
