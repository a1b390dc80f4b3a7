package io.github.erpgateway.bench.load;

import java.time.Duration;

import io.github.erpgateway.bench.webhook.Webhook;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Sends one webhook over a keep-alive HTTP/1.1 pool (one request per connection at a time, no pipelining) and
 * records its outcome. Latency is measured from the {@code fromNanos} the caller gives: the actual send time in the
 * closed loop, the intended send time at a fixed rate (which corrects for coordinated omission).
 */
final class RequestSender {

    private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
    private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence NOTIFICATION_ID = HttpHeaders.createOptimized("x-vwd-notification-id");

    private final HttpClient client;
    private final long timeoutMillis;

    RequestSender(Vertx vertx, String host, int port, int maxConnections, Duration timeout) {
        HttpClientOptions options = new HttpClientOptions()
                .setDefaultHost(host)
                .setDefaultPort(port)
                .setKeepAlive(true)
                .setPipelining(false)
                .setTcpNoDelay(true)
                .setConnectTimeout(5_000);
        // waiting requests queue without bound: at a fixed rate the wait is part of the measured latency
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(-1);
        this.client = vertx.createHttpClient(options, pool);
        this.timeoutMillis = timeout.toMillis();
    }

    /** Call on the event loop; {@code done} runs there too, after the outcome is recorded. */
    void send(Webhook webhook, PhaseStats stats, long fromNanos, Runnable done) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setURI(webhook.path())
                .setIdleTimeout(timeoutMillis);
        client.request(options).onComplete(acquired -> {
            if (acquired.failed()) {
                stats.recordError(webhook.sequence(), acquired.cause(), false);
                done.run();
                return;
            }
            HttpClientRequest request = acquired.result();
            request.putHeader(CONTENT_TYPE, APPLICATION_JSON);
            request.putHeader(webhook.source().signatureHeader(), webhook.signature());
            if (webhook.notificationIdHeader() != null) {
                request.putHeader(NOTIFICATION_ID, webhook.notificationIdHeader());
            }
            stats.markSent(webhook.sequence());
            request.send(Buffer.buffer(webhook.body()))
                    .compose(response -> response.body().map(body -> new Reply(response.statusCode(), body)))
                    .onComplete(replied -> {
                        long now = System.nanoTime();
                        if (replied.succeeded()) {
                            Reply reply = replied.result();
                            stats.recordReply(webhook.sequence(), reply.status(), replyStatus(reply.body()), now - fromNanos, now);
                        } else {
                            stats.recordError(webhook.sequence(), replied.cause(), true);
                        }
                        done.run();
                    });
        });
    }

    Future<Void> close() {
        return client.close();
    }

    /** The "status" of the gateway's JSON reply (accepted, unrouted, dead-lettered…), without a JSON parser. */
    static String replyStatus(Buffer body) {
        String text = body.toString();
        int key = text.indexOf("\"status\":\"");
        if (key < 0) {
            return null;
        }
        int start = key + 10;
        int end = text.indexOf('"', start);
        return end < 0 ? null : text.substring(start, end);
    }

    private record Reply(int status, Buffer body) {
    }
}
