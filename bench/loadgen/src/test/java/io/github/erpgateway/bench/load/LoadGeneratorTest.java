package io.github.erpgateway.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import io.github.erpgateway.bench.webhook.EventIds;
import io.github.erpgateway.bench.webhook.Mix;
import io.github.erpgateway.bench.webhook.WebhookFactory;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against an in-process server that takes 20 ms per request: the two modes must see that differently. */
class LoadGeneratorTest {

    private Vertx serverVertx;
    private HttpServer server;
    private LoadGenerator generator;

    @BeforeEach
    void slowServer() {
        serverVertx = Vertx.vertx();
        server = serverVertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> serverVertx.setTimer(20, t ->
                        request.response().setStatusCode(202).end("{\"id\":\"x\",\"status\":\"accepted\"}"))))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        generator = new LoadGenerator(new WebhookFactory(Mix.parse("visma-net"), new EventIds(), null),
                "127.0.0.1", server.actualPort(), Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        generator.close();
        serverVertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void closedLoopKeepsEachConnectionBusy() {
        // connections opened and code compiled first: on a busy 2-core machine a cold first second measured 58/s
        generator.closedLoop("warm-up", 2, Duration.ofMillis(500));
        PhaseStats stats = generator.closedLoop("max", 2, Duration.ofSeconds(2));
        // two connections at 20 ms each: about 100/s (one busy connection would give 50), every reply 2xx and accepted
        assertTrue(stats.successPerSecondInWindow() > 60 && stats.successPerSecondInWindow() < 110,
                "throughput " + stats.successPerSecondInWindow());
        assertEquals(stats.success(), stats.accepted().cardinality());
        assertEquals(0, stats.errors());
        assertEquals(1L, stats.replyStatuses().size());
        assertTrue(stats.percentileMillis(50) >= 19 && stats.percentileMillis(50) < 60, "p50 " + stats.percentileMillis(50));
    }

    @Test
    void fixedRateCountsTheQueueingItCaused() {
        // one connection carries 50/s; asking 100/s for 2 s builds a backlog of about 100 requests (2 s of waiting)
        PhaseStats stats = generator.fixedRate("rate", 100, Duration.ofSeconds(2), 1);
        assertEquals(200, stats.success());
        assertEquals(0, stats.errors() + stats.unsent());
        // measured from the actual send every request would look like 20 ms; from the intended time the last
        // ones waited about two seconds
        assertTrue(stats.percentileMillis(99) > 1500, "p99 " + stats.percentileMillis(99));
        assertTrue(stats.successPerSecondToLastReply() < 60, "sustained " + stats.successPerSecondToLastReply());
        assertTrue(stats.secondsFromScheduleEndToLastReply() > 1.5, "lag " + stats.secondsFromScheduleEndToLastReply());
    }

    @Test
    void fixedRateWithinCapacityIsOnTime() {
        PhaseStats stats = generator.fixedRate("rate", 50, Duration.ofSeconds(2), 8);
        assertEquals(100, stats.success());
        assertTrue(stats.percentileMillis(50) < 60, "p50 " + stats.percentileMillis(50));
        assertTrue(Math.abs(stats.successPerSecondToLastReply() - 50) < 5, "sustained " + stats.successPerSecondToLastReply());
        assertTrue(stats.secondsFromScheduleEndToLastReply() < 0.5, "lag " + stats.secondsFromScheduleEndToLastReply());
    }
}
