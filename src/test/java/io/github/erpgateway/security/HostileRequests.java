package io.github.erpgateway.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.erpgateway.support.GatewayTestSupport;

/**
 * Makes hostile HTTP requests for the fuzz test, from a seed so a failing case can be replayed: the request line,
 * headers and body are bytes, written to a raw socket, so nothing is cleaned up by an HTTP client library on the way.
 */
final class HostileRequests {

    /** One source's endpoint and how to sign for it. */
    record Endpoint(String source, String header, String secret, List<byte[]> samples) {
    }

    private static final String[] METHODS = {"POST", "POST", "POST", "GET", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE",
            "HEAD", "CONNECT", "FOO", "post", "P\u00d6ST"};
    private static final String[] TARGETS = {"*", "http://evil.example/webhooks/visma-net", "/webhooks/../webhooks/visma-net",
            "/webhooks/%2e%2e/%2e%2e/etc/passwd", "/webhooks/visma-net%00", "/webhooks//visma-net", "/webhooks/visma-net/",
            "/webhooks/VISMA-NET", "/webhooks/visma-net?x-vwd-notification-id=%0d%0aforged", "/webhooks/visma-net#frag",
            "/actuator/health", "/", "/webhooks/", "/webhooks/%ff%fe", "/webhooks/visma-net;jsessionid=1"};
    private static final String[] HOSTILE_NUMBERS = {"1e999999999", "-1e-999999999", "9".repeat(1000), "1" + "0".repeat(999) + ".5",
            "123456789012345678901234567890", "-0", "1E+2147483647", "0.000000000000000000000000000001"};

    private final Random random;
    private final List<Endpoint> endpoints;

    HostileRequests(long seed, List<Endpoint> endpoints) {
        this.random = new Random(seed);
        this.endpoints = endpoints;
    }

    static List<byte[]> samplesOf(String source) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("samples", source))) {
            List<byte[]> samples = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                samples.add(Files.readAllBytes(file));
            }
            return samples;
        }
    }

    /** The next request, as the bytes to write; a short description goes into {@code what}. */
    byte[] next(StringBuilder what) {
        Endpoint endpoint = endpoints.get(random.nextInt(endpoints.size()));
        int kind = random.nextInt(12);
        byte[] body = switch (kind) {
            case 0 -> randomBytes(random.nextInt(3000));
            case 1 -> truncated(sample(endpoint));
            case 2 -> nested(1 + random.nextInt(20_000));
            case 3 -> invalidUtf8(sample(endpoint));
            case 4 -> withBom(sample(endpoint));
            case 5 -> duplicateKeys(sample(endpoint));
            default -> mutated(endpoint, sample(endpoint));
        };
        boolean signed = random.nextInt(4) != 0;
        String method = random.nextInt(6) == 0 ? METHODS[random.nextInt(METHODS.length)] : "POST";
        String target = random.nextInt(8) == 0 ? TARGETS[random.nextInt(TARGETS.length)] : "/webhooks/" + endpoint.source();
        what.append(kind).append(signed ? " signed " : " unsigned ").append(method).append(' ').append(target);

        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        head.append("Content-Type: ").append(random.nextInt(10) == 0 ? "text/plain" : "application/json").append("\r\n");
        if (signed) {
            head.append(endpoint.header()).append(": ").append(GatewayTestSupport.sign(endpoint.secret(), body)).append("\r\n");
        } else if (random.nextBoolean()) {
            head.append(endpoint.header()).append(": ").append(randomAscii(random.nextInt(100))).append("\r\n");
        }
        switch (random.nextInt(10)) {
            case 0 -> head.append("X-Huge: ").append("h".repeat(4_000 + random.nextInt(20_000))).append("\r\n");
            case 1 -> head.append("x-vwd-notification-id: ").append(randomAscii(random.nextInt(300))).append("\r\n");
            case 2 -> head.append("X-VWD-Tenant-Id: ").append("t".repeat(random.nextInt(5000))).append("\r\n");
            case 3 -> head.append("X-Forwarded-For: ").append(randomAscii(40)).append("\r\n");
            default -> { }
        }
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        if (random.nextInt(12) == 0) {
            head.append("Transfer-Encoding: chunked\r\n\r\n");
            request.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            request.writeBytes((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(body);
            request.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            int length = random.nextInt(15) == 0 ? random.nextInt(Math.max(1, body.length)) : body.length; // may lie
            head.append("Content-Length: ").append(length).append("\r\n\r\n");
            request.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            request.writeBytes(body);
        }
        return request.toByteArray();
    }

    private byte[] sample(Endpoint endpoint) {
        return endpoint.samples().get(random.nextInt(endpoint.samples().size()));
    }

    private byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private String randomAscii(int size) {
        StringBuilder text = new StringBuilder(size);
        for (int i = 0; i < size; i++) {
            text.append((char) (32 + random.nextInt(95)));
        }
        return text.toString();
    }

    private byte[] truncated(byte[] sample) {
        return java.util.Arrays.copyOf(sample, random.nextInt(sample.length));
    }

    private byte[] nested(int depth) {
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return (open.repeat(depth) + "1" + (random.nextBoolean() ? close.repeat(depth) : "")).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] invalidUtf8(byte[] sample) {
        byte[] copy = sample.clone();
        for (int i = 0; i < 1 + random.nextInt(5); i++) {
            copy[random.nextInt(copy.length)] = (byte) (0x80 + random.nextInt(0x80));
        }
        return copy;
    }

    private byte[] withBom(byte[] sample) {
        byte[] bom = random.nextBoolean() ? new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF} : new byte[] {(byte) 0xFE, (byte) 0xFF};
        byte[] result = new byte[bom.length + sample.length];
        System.arraycopy(bom, 0, result, 0, bom.length);
        System.arraycopy(sample, 0, result, bom.length, sample.length);
        return result;
    }

    private byte[] duplicateKeys(byte[] sample) {
        String text = new String(sample, StandardCharsets.UTF_8).trim();
        return ("{\"event\":\"Customer_Created\",\"event\":\"INSERT\",\"topic\":\"Customer\",\"topic\":{}," + text.substring(1))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The sample with one field (anywhere in it) replaced by a hostile value: still signed, still routed. */
    private byte[] mutated(Endpoint endpoint, byte[] sample) {
        try {
            JsonNode tree = GatewayTestSupport.JSON.readTree(sample);
            List<ObjectNode> objects = new ArrayList<>();
            collect(tree, objects);
            for (int i = 0; i < 1 + random.nextInt(3); i++) {
                ObjectNode target = objects.get(random.nextInt(objects.size()));
                List<String> names = new ArrayList<>();
                target.fieldNames().forEachRemaining(names::add);
                String name = names.isEmpty() || random.nextInt(8) == 0 ? randomAscii(1 + random.nextInt(30)) : names.get(random.nextInt(names.size()));
                target.set(name, GatewayTestSupport.JSON.readTree(hostileValue()));
            }
            return GatewayTestSupport.JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String hostileValue() throws IOException {
        return switch (random.nextInt(12)) {
            case 0, 1, 2 -> HOSTILE_NUMBERS[random.nextInt(HOSTILE_NUMBERS.length)];
            case 3 -> GatewayTestSupport.JSON.writeValueAsString("x".repeat(random.nextInt(200_000)));
            case 4 -> GatewayTestSupport.JSON.writeValueAsString(randomAscii(random.nextInt(60)) + "\r\n\u0000\u2028");
            case 5 -> "null";
            case 6 -> {
                int depth = 1 + random.nextInt(500);
                yield "[".repeat(depth) + "1" + "]".repeat(depth);
            }
            case 7 -> "{\"a\":{\"b\":[1,2,{\"c\":true}]}}";
            case 8 -> random.nextBoolean() ? "true" : "false";
            case 9 -> GatewayTestSupport.JSON.writeValueAsString("SALEORDER_" + randomAscii(10));
            case 10 -> "[]";
            default -> GatewayTestSupport.JSON.writeValueAsString("../../" + randomAscii(20));
        };
    }

    private static void collect(JsonNode node, List<ObjectNode> objects) {
        if (node instanceof ObjectNode object) {
            objects.add(object);
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                collect(it.next().getValue(), objects);
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(element -> collect(element, objects));
        }
    }
}
