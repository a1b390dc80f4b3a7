package io.github.erpgateway.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * The body and reply deadlines of the requests in progress, checked by one periodic timer.
 *
 * <p>Why not two Vert.x timers per request: a cancelled Netty timer stays in its event loop's queue until it would
 * have fired, so at 2 000 webhooks/s the 60 s body timeout and the 15 s reply timeout kept about 80 000 dead timers on
 * the heap (a class histogram under load), and each request paid two insertions into a queue of that size. Here a
 * request is one map entry from arrival to answer; the map holds at most what EdgeGuard admits
 * ({@code gateway.http.max-concurrent-requests}), and a deadline is noticed within one tick.
 */
final class RequestDeadlines {

    /** What happens when a deadline passes; runs on the request's own Vert.x context. */
    interface Expiry {
        void expired(RoutingContext ctx, String source);
    }

    private static final class Tracked {
        final String source;
        final Context context;
        final long bodyDeadline;
        final long replyDeadline;
        /** Set once a deadline fired, so that each request is answered by at most one of them, once. */
        volatile boolean fired;

        Tracked(String source, Context context, long bodyDeadline, long replyDeadline) {
            this.source = source;
            this.context = context;
            this.bodyDeadline = bodyDeadline;
            this.replyDeadline = replyDeadline;
        }
    }

    private final Map<RoutingContext, Tracked> inProgress = new ConcurrentHashMap<>();
    private final long bodyTimeoutNanos;
    private final long replyTimeoutNanos;
    private final Expiry bodyExpired;
    private final Expiry replyExpired;

    RequestDeadlines(Vertx vertx, long bodyTimeoutMillis, long replyTimeoutMillis, Expiry bodyExpired, Expiry replyExpired) {
        this.bodyTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(bodyTimeoutMillis);
        this.replyTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(replyTimeoutMillis);
        this.bodyExpired = bodyExpired;
        this.replyExpired = replyExpired;
        vertx.setPeriodic(tickMillis(bodyTimeoutMillis, replyTimeoutMillis), id -> check(System.nanoTime()));
    }

    /** A quarter of the shorter timeout, between 10 ms and 250 ms: a deadline is late by at most that much. */
    static long tickMillis(long bodyTimeoutMillis, long replyTimeoutMillis) {
        return Math.max(10, Math.min(250, Math.min(bodyTimeoutMillis, replyTimeoutMillis) / 4));
    }

    /** From arrival; {@link #done} must follow when the response ends or the connection closes. */
    void track(RoutingContext ctx, String source) {
        long now = System.nanoTime();
        inProgress.put(ctx, new Tracked(source, Vertx.currentContext(), now + bodyTimeoutNanos, now + replyTimeoutNanos));
    }

    void done(RoutingContext ctx) {
        inProgress.remove(ctx);
    }

    void check(long now) {
        inProgress.forEach((ctx, tracked) -> {
            if (tracked.fired) {
                return;
            }
            Expiry expiry = null;
            if (now - tracked.bodyDeadline >= 0 && !ctx.request().isEnded()) {
                expiry = bodyExpired;
            } else if (now - tracked.replyDeadline >= 0 && ctx.request().isEnded()) {
                expiry = replyExpired;
            }
            if (expiry != null) {
                tracked.fired = true;
                Expiry action = expiry;
                if (tracked.context != null) {
                    tracked.context.runOnContext(v -> action.expired(ctx, tracked.source));
                } else {
                    action.expired(ctx, tracked.source);
                }
            }
        });
    }
}
