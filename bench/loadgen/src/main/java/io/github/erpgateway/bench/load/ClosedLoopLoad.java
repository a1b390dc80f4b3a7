package io.github.erpgateway.bench.load;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Mode A, maximum throughput: {@code concurrency} virtual senders, each with its own keep-alive connection, send
 * back to back for {@code duration}. Throughput counts the 2xx replies that arrive inside the window; latency runs
 * from each actual send (a closed loop cannot see the sends it delayed: use the fixed-rate mode for latency).
 */
final class ClosedLoopLoad {

    private final LoadGenerator generator;
    private final int concurrency;
    private final Duration duration;
    private RequestSender sender;
    private PhaseStats stats;
    private CompletableFuture<PhaseStats> done;
    private boolean stopping;
    private int inFlight;
    private long drainTimer = -1;

    ClosedLoopLoad(LoadGenerator generator, int concurrency, Duration duration) {
        this.generator = generator;
        this.concurrency = concurrency;
        this.duration = duration;
    }

    /** On the event loop. */
    void start(String name, CompletableFuture<PhaseStats> done) {
        this.done = done;
        this.stats = new PhaseStats(name);
        this.sender = generator.newSender(concurrency);
        long start = System.nanoTime();
        stats.window(start, start + duration.toNanos());
        for (int i = 0; i < concurrency; i++) {
            sendNext();
        }
        generator.vertx().setTimer(Math.max(1, duration.toMillis()), id -> {
            stopping = true;
            if (inFlight == 0) {
                finish();
            } else {
                // replies still due after the window: wait for them (they count for the broker check), within limits
                drainTimer = generator.vertx().setTimer(generator.timeout().toMillis() + 1_000, t -> finish());
            }
        });
    }

    private void sendNext() {
        if (stopping) {
            return;
        }
        inFlight++;
        sender.send(generator.nextWebhook(), stats, System.nanoTime(), this::replied);
    }

    private void replied() {
        inFlight--;
        if (stopping) {
            if (inFlight == 0) {
                finish();
            }
        } else {
            sendNext();
        }
    }

    private void finish() {
        if (done.isDone()) {
            return;
        }
        if (drainTimer >= 0) {
            generator.vertx().cancelTimer(drainTimer);
        }
        stats.freeze(inFlight);
        sender.close().onComplete(closed -> done.complete(stats));
    }
}
