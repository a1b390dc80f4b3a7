package io.github.erpgateway.bench.load;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.erpgateway.bench.webhook.Webhook;
import io.github.erpgateway.bench.webhook.WebhookFactory;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * Drives load at one server: a single Vert.x event-loop thread builds, signs and sends every request and handles
 * every reply, so the generator takes about one core at most and leaves the rest of this 2-core machine to the
 * server. Sequence numbers run on across phases, so every webhook of a target's run is unique.
 */
public final class LoadGenerator implements AutoCloseable {

    private final Vertx vertx;
    private final Context context;
    private final WebhookFactory factory;
    private final String host;
    private final int port;
    private final Duration timeout;
    private long nextSequence;

    public LoadGenerator(WebhookFactory factory, String host, int port, Duration timeout) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1).setPreferNativeTransport(false));
        this.context = vertx.getOrCreateContext();
        this.factory = factory;
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    /** Mode A: {@code concurrency} connections, each sending its next request as soon as the last one is answered. */
    public PhaseStats closedLoop(String name, int concurrency, Duration duration) {
        return run(name, done -> new ClosedLoopLoad(this, concurrency, duration).start(name, done),
                duration.plus(timeout).plusSeconds(30));
    }

    /** Mode B: requests scheduled at a fixed rate, latency from each one's intended send time. */
    public PhaseStats fixedRate(String name, int perSecond, Duration duration, int maxConnections) {
        return run(name, done -> new FixedRateLoad(this, perSecond, duration, maxConnections).start(name, done),
                duration.plus(timeout).plusSeconds(30));
    }

    RequestSender newSender(int maxConnections) {
        return new RequestSender(vertx, host, port, maxConnections, timeout);
    }

    Webhook nextWebhook() {
        return factory.create(nextSequence++);
    }

    Vertx vertx() { return vertx; }
    Duration timeout() { return timeout; }

    private PhaseStats run(String name, java.util.function.Consumer<CompletableFuture<PhaseStats>> starter, Duration limit) {
        CompletableFuture<PhaseStats> done = new CompletableFuture<>();
        context.runOnContext(v -> starter.accept(done));
        try {
            return done.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("load phase '" + name + "' did not finish: " + e, e);
        }
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
