package io.github.erpgateway.bench.load;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Mode B, fixed arrival rate (open loop): request i is due at start + i/rate whatever happened to the earlier ones,
 * and its latency runs from that intended time. A slow server therefore shows its queueing delay in the figures
 * instead of silently slowing the generator down (coordinated omission). A millisecond timer sends every request
 * that has fallen due, so a late tick sends a burst with the right intended times.
 */
final class FixedRateLoad {

    private final LoadGenerator generator;
    private final int perSecond;
    private final Duration duration;
    private final int maxConnections;
    private final long total;
    private RequestSender sender;
    private PhaseStats stats;
    private CompletableFuture<PhaseStats> done;
    private long startNanos;
    private long scheduled;
    private long outstanding;
    private long ticker = -1;
    private long drainTimer = -1;

    FixedRateLoad(LoadGenerator generator, int perSecond, Duration duration, int maxConnections) {
        this.generator = generator;
        this.perSecond = perSecond;
        this.duration = duration;
        this.maxConnections = maxConnections;
        this.total = Math.max(1, perSecond * duration.toMillis() / 1000);
    }

    /** On the event loop. */
    void start(String name, CompletableFuture<PhaseStats> done) {
        this.done = done;
        this.stats = new PhaseStats(name);
        this.sender = generator.newSender(maxConnections);
        startNanos = System.nanoTime();
        stats.window(startNanos, startNanos + duration.toNanos());
        tick();
        ticker = generator.vertx().setPeriodic(1, id -> tick());
    }

    private void tick() {
        long elapsed = System.nanoTime() - startNanos;
        long due = Math.min(total, elapsed * perSecond / 1_000_000_000L + 1);
        while (scheduled < due) {
            long intended = startNanos + scheduled * 1_000_000_000L / perSecond;
            scheduled++;
            outstanding++;
            sender.send(generator.nextWebhook(), stats, intended, this::replied);
        }
        if (scheduled == total && ticker >= 0) {
            generator.vertx().cancelTimer(ticker);
            ticker = -1;
            if (outstanding == 0) {
                finish();
            } else {
                // a server that fell behind has a backlog: give it the request timeout to work it off, then stop
                drainTimer = generator.vertx().setTimer(generator.timeout().toMillis(), t -> finish());
            }
        }
    }

    private void replied() {
        outstanding--;
        if (outstanding == 0 && scheduled == total) {
            finish();
        }
    }

    private void finish() {
        if (done.isDone()) {
            return;
        }
        if (drainTimer >= 0) {
            generator.vertx().cancelTimer(drainTimer);
        }
        stats.freeze(outstanding);
        sender.close().onComplete(closed -> done.complete(stats));
    }
}
