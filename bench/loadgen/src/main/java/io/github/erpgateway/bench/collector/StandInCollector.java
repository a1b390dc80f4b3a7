package io.github.erpgateway.bench.collector;

import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * An OpenTelemetry collector that drains: the gateway-traced target exports its spans here (OTLP over HTTP,
 * {@code POST /v1/traces}); every request's body is counted as it streams in, never kept, and answered 200 with an
 * empty protobuf reply, so what the run shows is the gateway's own cost of tracing, not a collector's. Memory stays
 * constant whatever the gateway sends. One event-loop thread of the harness' JVM: its CPU is in the "gen" column.
 */
public final class StandInCollector implements AutoCloseable {

    private final Vertx vertx;
    private final HttpServer server;
    private final AtomicLong exports = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    private StandInCollector(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    public static StandInCollector start(int port) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        StandInCollector[] self = new StandInCollector[1];
        HttpServer server = vertx.createHttpServer().requestHandler(request -> self[0].handle(request));
        self[0] = new StandInCollector(vertx, server);
        try {
            server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        } catch (RuntimeException e) {
            vertx.close();
            throw new IllegalStateException("the stand-in collector could not listen on 127.0.0.1:" + port
                    + " (--collector-port): " + e.getMessage());
        }
        return self[0];
    }

    /** The value of the gateway's {@code management.otlp.tracing.endpoint}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.actualPort() + "/v1/traces";
    }

    /** e.g. "1 234 exports, 56 789 012 bytes" since start. */
    public String describeExports() {
        return exports.get() + " exports, " + bytes.get() + " bytes";
    }

    private void handle(HttpServerRequest request) {
        request.handler(chunk -> bytes.addAndGet(chunk.length()));
        request.endHandler(end -> {
            exports.incrementAndGet();
            request.response().setStatusCode(200).putHeader("Content-Type", "application/x-protobuf").end();
        });
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
