package io.github.erpgateway.bench.vendor;

import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * The three vendors' APIs as the gateway-enriched target calls them, on 127.0.0.1, answering at once with a small
 * record: an OAuth2 token endpoint ({@code POST /token}), Visma.net ERP ({@code GET /visma-net/...}), Business NXT
 * GraphQL ({@code POST /graphql}, one item of the table the query names) and Venio ({@code GET /venio/...}, wrapped in
 * {@code {"status":1000,"data":…}}). It stands for a vendor that is fast and always up, so what the run shows is the
 * gateway's own cost of enriching (divert, work queue, call, publish, commit), not a vendor's latency. It runs on one
 * event-loop thread of the harness' JVM: its CPU is in the "gen" column.
 */
public final class StandInVendor implements AutoCloseable {

    /** {@code useCompany(no: 5199768) { orderLine(filter: ...} }: the scope and the table the reply must name. */
    private static final Pattern GRAPHQL_TABLE = Pattern.compile("(use\\w+)\\(no:\\s*\\d+\\)\\s*\\{\\s*(\\w+)\\(");

    private final Vertx vertx;
    private final HttpServer server;
    private final AtomicLong tokens = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();

    private StandInVendor(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    public static StandInVendor start(int port) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        StandInVendor[] self = new StandInVendor[1];
        HttpServer server = vertx.createHttpServer().requestHandler(request -> self[0].handle(request));
        self[0] = new StandInVendor(vertx, server);
        try {
            server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        } catch (RuntimeException e) {
            vertx.close();
            throw new IllegalStateException("the stand-in vendor could not listen on 127.0.0.1:" + port
                    + " (--vendor-port): " + e.getMessage());
        }
        return self[0];
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** e.g. "12 000 record calls, 3 token requests" since start. */
    public String describeCalls() {
        return records.get() + " record calls, " + tokens.get() + " token requests"
                + (unknown.get() > 0 ? ", " + unknown.get() + " requests it did not expect (404)" : "");
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (request.method() == HttpMethod.POST && path.equals("/token")) {
            tokens.incrementAndGet();
            json(request, "{\"access_token\":\"stand-in-token\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        } else if (request.method() == HttpMethod.POST && path.equals("/graphql")) {
            request.body().onSuccess(body -> {
                Matcher table = GRAPHQL_TABLE.matcher(body.toString());
                records.incrementAndGet();
                json(request, table.find()
                        ? "{\"data\":{\"" + table.group(1) + "\":{\"" + table.group(2)
                                + "\":{\"items\":[{\"description\":\"Stand-in row\",\"quantity\":12.5}]}}}}"
                        : "{\"data\":{}}");
            });
        } else if (request.method() == HttpMethod.GET && path.startsWith("/visma-net/")) {
            records.incrementAndGet();
            json(request, "{\"number\":\"" + lastSegment(path) + "\",\"name\":\"Stand-in AS\",\"balance\":12345678901234567.8901}");
        } else if (request.method() == HttpMethod.GET && path.startsWith("/venio/")) {
            records.incrementAndGet();
            json(request, "{\"status\":1000,\"data\":{\"code\":\"" + lastSegment(path) + "\",\"name\":\"Stand-in\",\"amount\":1200.50}}");
        } else {
            unknown.incrementAndGet();
            request.response().setStatusCode(404).end();
        }
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "");
    }

    private static void json(HttpServerRequest request, String body) {
        request.response().putHeader("Content-Type", "application/json").end(body);
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
