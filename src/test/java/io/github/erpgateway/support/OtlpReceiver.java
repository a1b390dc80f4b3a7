package io.github.erpgateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in OpenTelemetry collector: OTLP over HTTP ({@code POST /v1/traces}, protobuf {@code ExportTraceServiceRequest})
 * on a free loopback port, decoded here with a small protobuf reader written from the OTLP .proto files, so that a test
 * sees the spans exactly as the gateway's exporter sent them. It can also stop answering ({@link #hang}) or close its
 * port ({@link #close}), as a collector that is down does. Keeps at most {@link #MAX_SPANS} spans.
 */
public final class OtlpReceiver implements AutoCloseable {

    public static final int MAX_SPANS = 20_000;

    /** One received span; ids in lower-case hex, attribute values as text. */
    public record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, int kind,
                               Map<String, String> attributes, List<String> eventValues) {
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch hang;

    public OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/v1/traces", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    /** The value of {@code management.otlp.tracing.endpoint}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    public List<ReceivedSpan> spansOf(String traceId) {
        return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    /** From now on requests are read and never answered, until {@link #close}. */
    public void hang() {
        hang = new CountDownLatch(1);
    }

    @Override
    public void close() {
        CountDownLatch latch = hang;
        if (latch != null) {
            latch.countDown();
        }
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            CountDownLatch latch = hang;
            if (latch != null) {
                try {
                    latch.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            if (spans.size() < MAX_SPANS) {
                for (Reader resourceSpans : new Reader(body).messages(1)) {
                    for (Reader scopeSpans : resourceSpans.messages(2)) {
                        for (Reader span : scopeSpans.messages(2)) {
                            spans.add(span(span));
                        }
                    }
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private static ReceivedSpan span(Reader span) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Reader keyValue : span.messages(9)) {
            attributes.put(keyValue.string(1), anyValue(keyValue.message(2)));
        }
        List<String> eventValues = new ArrayList<>();
        for (Reader event : span.messages(11)) {
            eventValues.add(event.string(2));
            for (Reader keyValue : event.messages(3)) {
                eventValues.add(anyValue(keyValue.message(2)));
            }
        }
        return new ReceivedSpan(span.hex(1), span.hex(2), span.hex(4), span.string(5), (int) span.varint(6),
                attributes, eventValues);
    }

    private static String anyValue(Reader value) {
        if (value == null) {
            return null;
        }
        for (Field field : value.fields) {
            switch (field.number) {
                case 1: return new String(field.bytes, StandardCharsets.UTF_8);
                case 2: return Boolean.toString(field.varint != 0);
                case 3: return Long.toString(field.varint);
                case 4: return Double.toString(Double.longBitsToDouble(field.varint));
                default: return "?";
            }
        }
        return null;
    }

    private record Field(int number, long varint, byte[] bytes) {
    }

    /** The fields of one protobuf message, in wire order. */
    private static final class Reader {

        private final List<Field> fields = new ArrayList<>();

        Reader(byte[] data) {
            int[] at = {0};
            while (at[0] < data.length) {
                long key = varint(data, at);
                int number = (int) (key >>> 3);
                switch ((int) (key & 7)) {
                    case 0 -> fields.add(new Field(number, varint(data, at), null));
                    case 1 -> {
                        long bits = 0;
                        for (int i = 0; i < 8; i++) {
                            bits |= (data[at[0] + i] & 0xffL) << (8 * i);
                        }
                        at[0] += 8;
                        fields.add(new Field(number, bits, null));
                    }
                    case 2 -> {
                        int length = (int) varint(data, at);
                        byte[] bytes = java.util.Arrays.copyOfRange(data, at[0], at[0] + length);
                        at[0] += length;
                        fields.add(new Field(number, 0, bytes));
                    }
                    case 5 -> {
                        at[0] += 4;
                        fields.add(new Field(number, 0, null));
                    }
                    default -> throw new IllegalArgumentException("wire type " + (key & 7));
                }
            }
        }

        private static long varint(byte[] data, int[] at) {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = data[at[0]++];
                value |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
        }

        List<Reader> messages(int number) {
            return fields.stream().filter(f -> f.number == number && f.bytes != null).map(f -> new Reader(f.bytes)).toList();
        }

        Reader message(int number) {
            List<Reader> all = messages(number);
            return all.isEmpty() ? null : all.get(0);
        }

        String string(int number) {
            return fields.stream().filter(f -> f.number == number && f.bytes != null).findFirst()
                    .map(f -> new String(f.bytes, StandardCharsets.UTF_8)).orElse(null);
        }

        String hex(int number) {
            return fields.stream().filter(f -> f.number == number && f.bytes != null).findFirst()
                    .map(f -> HexFormat.of().formatHex(f.bytes)).orElse("");
        }

        long varint(int number) {
            return fields.stream().filter(f -> f.number == number && f.bytes == null).findFirst().map(Field::varint).orElse(0L);
        }
    }
}
