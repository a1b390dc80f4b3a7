package io.github.erpgateway.http;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.erpgateway.config.GatewayProperties;
import io.github.erpgateway.reply.WebhookOutcomes;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The first handler every request on the webhook port meets, before its body is read or a worker is involved. It
 * holds the bounds that keep unauthenticated senders from exhausting the gateway:
 * <ul>
 * <li>query parameters are dropped: Camel would turn them into headers, and nothing unsigned in the URL may act as
 * the dispatcher's headers (an event id above all);</li>
 * <li>a declared body over {@code gateway.max-body-bytes} is refused at once (413);</li>
 * <li>unanswered requests are limited in number ({@code gateway.http.max-concurrent-requests}) and in the body bytes
 * they may hold together ({@code gateway.http.max-buffered-bodies}); past either, 503 and the connection is closed,
 * so the hand-off to the workers cannot queue without bound;</li>
 * <li>a body that has not fully arrived within {@code gateway.http.body-timeout} is answered 408;</li>
 * <li>a source with an address allowlist refuses other senders (403);</li>
 * <li>a request still unanswered {@code gateway.reply.timeout} after it arrived is answered 503, whatever its route is
 * waiting for (the route's own answer, if it comes later, is dropped).</li>
 * </ul>
 * The source named in a metric or log line is a configured source or {@code unknown}: a path is sender-controlled.
 */
final class EdgeGuard implements Handler<RoutingContext> {

    private static final String PREFIX = "/webhooks/";
    /** How long a refused request's remaining body is read and discarded before the connection is closed anyway. */
    static final long LINGER_MILLIS = 1000;

    private final Vertx vertx;
    private final WebhookOutcomes outcomes;
    private final Set<String> sources;
    private final long maxBodyBytes;
    private final long bodyTimeoutMillis;
    private final long replyTimeoutMillis;
    private final int maxRequests;
    private final long maxBufferedBytes;
    private final List<IpRange> trustedProxies;
    private final Map<String, List<IpRange>> allowlists;

    private final RequestDeadlines deadlines;

    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong bufferedBytes = new AtomicLong();

    EdgeGuard(Vertx vertx, GatewayProperties properties, WebhookOutcomes outcomes, java.time.Duration replyTimeout) {
        this.vertx = vertx;
        this.replyTimeoutMillis = Math.max(1, replyTimeout.toMillis());
        this.outcomes = outcomes;
        this.sources = Set.copyOf(properties.getSources().keySet());
        this.maxBodyBytes = properties.getMaxBodyBytes();
        GatewayProperties.Http http = properties.getHttp();
        this.bodyTimeoutMillis = Math.max(1, http.getBodyTimeout().toMillis());
        this.maxRequests = http.getMaxConcurrentRequests();
        this.maxBufferedBytes = http.getMaxBufferedBodies().toBytes();
        this.trustedProxies = IpRange.parseAll("gateway.http.trusted-proxies", http.getTrustedProxies());
        this.deadlines = new RequestDeadlines(vertx, bodyTimeoutMillis, replyTimeoutMillis, this::bodyTimedOut,
                this::replyTimedOut);
        this.allowlists = new java.util.HashMap<>();
        properties.getSources().forEach((name, source) -> {
            List<IpRange> ranges = IpRange.parseAll("gateway.sources." + name + ".allowed-ips", source.getAllowedIps());
            if (!ranges.isEmpty()) {
                allowlists.put(name, ranges);
            }
        });
    }

    @Override
    public void handle(RoutingContext ctx) {
        String source = sourceOf(ctx.normalizedPath());
        ctx.queryParams().clear();

        long declared = declaredLength(ctx);
        if (declared == -2) {
            close(ctx, 400, "invalid Content-Length");
            outcomes.record(source, "bad-request", null, null, -1);
            return;
        }
        if (declared > maxBodyBytes) {
            close(ctx, 413, "body larger than " + maxBodyBytes + " bytes");
            outcomes.record(source, "too-large", null, null, -1);
            return;
        }
        long reserved = declared >= 0 ? declared : maxBodyBytes; // a chunked body may grow up to the limit
        if (requests.incrementAndGet() > maxRequests) {
            requests.decrementAndGet();
            overloaded(ctx, source);
            return;
        }
        if (bufferedBytes.addAndGet(reserved) > maxBufferedBytes) {
            bufferedBytes.addAndGet(-reserved);
            requests.decrementAndGet();
            overloaded(ctx, source);
            return;
        }
        // the body timeout (408) and the reply deadline (503): one periodic check for all requests (RequestDeadlines)
        deadlines.track(ctx, source);
        // runs once when the response is sent, fails, or the connection closes: every reservation is given back
        ctx.addEndHandler(done -> {
            deadlines.done(ctx);
            bufferedBytes.addAndGet(-reserved);
            requests.decrementAndGet();
        });

        List<IpRange> allowed = allowlists.get(source);
        if (allowed != null && !IpRange.anyContains(allowed, ClientAddress.of(ctx.request(), trustedProxies))) {
            close(ctx, 403, "sender address not allowed");
            outcomes.record(source, "forbidden-address", null, null, -1);
            return;
        }
        ctx.next();
    }

    private void bodyTimedOut(RoutingContext ctx, String source) {
        if (!ctx.request().isEnded() && !ctx.response().ended()) {
            close(ctx, 408, "the request body did not arrive in time");
            outcomes.record(source, "body-timeout", null, null, -1);
        }
    }

    /**
     * The body arrived (else the body timeout answers) but the route has not answered: a worker is stuck on the broker
     * (a failover holds the Artemis client's locks, which an interrupt does not end); the sender retries.
     */
    private void replyTimedOut(RoutingContext ctx, String source) {
        if (ctx.request().isEnded() && !ctx.response().ended() && !ctx.response().closed()) {
            ctx.response().putHeader("Retry-After", "1");
            json(ctx, 503, "no answer from the broker in time, retry later");
            outcomes.record(source, "reply-timeout", null, null, -1);
        }
    }

    /** Requests received and not yet answered, for tests and diagnostics. */
    int requestsInProgress() {
        return requests.get();
    }

    long bufferedBytes() {
        return bufferedBytes.get();
    }

    /** A configured source for /webhooks/&lt;source&gt;, else {@code unknown}: never the sender's own string. */
    String sourceOf(String path) {
        if (path != null && path.startsWith(PREFIX)) {
            String name = path.substring(PREFIX.length());
            if (sources.contains(name)) {
                return name;
            }
        }
        return "unknown";
    }

    private void overloaded(RoutingContext ctx, String source) {
        close(ctx, 503, "too many webhooks in progress, retry later");
        outcomes.record(source, "overloaded", null, null, -1);
    }

    /** The declared length; -1 when there is none (chunked), -2 when it is not a number. */
    private static long declaredLength(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        if (length == null) {
            return -1;
        }
        String trimmed = length.trim();
        if (trimmed.isEmpty() || trimmed.length() > 18 || !trimmed.chars().allMatch(Character::isDigit)) {
            return -2;
        }
        return Long.parseLong(trimmed);
    }

    /**
     * A JSON error, and the connection closed after it: the rest of the request is not worth reading. The close lingers
     * while the sender is still sending (at most {@link #LINGER_MILLIS}, the bytes discarded): closing a socket with
     * unread data resets it, and the sender would see the reset instead of the reply.
     */
    static void close(RoutingContext ctx, int status, String error) {
        if (!ctx.response().ended() && !ctx.response().closed()) {
            HttpServerRequest request = ctx.request();
            // the unread rest of the request fails with "connection closed", which Vert.x-web would log as an ERROR
            // per refused request: a sender could fill the logs
            request.exceptionHandler(ignored -> { });
            ctx.response().putHeader("Connection", "close").setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end("{\"error\":\"" + error + "\"}").onComplete(sent -> {
                        if (request.isEnded()) {
                            request.connection().close();
                            return;
                        }
                        long linger = ctx.vertx().setTimer(LINGER_MILLIS, id -> request.connection().close());
                        request.endHandler(done -> {
                            ctx.vertx().cancelTimer(linger);
                            request.connection().close();
                        });
                        request.handler(discarded -> { });
                        request.resume();
                    });
        }
    }

    static void json(RoutingContext ctx, int status, String error) {
        if (!ctx.response().ended() && !ctx.response().closed()) {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end("{\"error\":\"" + error + "\"}");
        }
    }
}
