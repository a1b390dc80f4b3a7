package io.github.erpgateway.http;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * Camel's Vert.x consumer, except that the route runs as an asynchronous processor: Camel's own consumer runs it on a
 * worker thread and keeps that thread until the route has finished, so each webhook held a worker while the broker
 * synced its journal. Here the worker runs the route until its first asynchronous step (the confirmed send of
 * EntityQueueSend) and is then free; the route goes on where the broker's confirmation arrives, and the reply is
 * written on the connection's event loop once the route has finished, exactly as Camel's consumer writes it.
 */
class AsyncRouteConsumer extends VertxPlatformHttpConsumer {

    /** Camel's response writer (package-private in camel-platform-http-vertx): status, headers, body, muted errors. */
    private static final MethodHandle WRITE_RESPONSE = writeResponse();

    private final boolean muteExceptions;

    AsyncRouteConsumer(PlatformHttpEndpoint endpoint, Processor processor, List<Handler<RoutingContext>> handlers, int port) {
        super(endpoint, processor, handlers, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        this.muteExceptions = endpoint.isMuteException();
    }

    @Override
    protected void handleRequest(RoutingContext ctx) {
        if (isSuspended()) {
            ctx.response().setStatusCode(503).end();
            return;
        }
        Context eventLoop = ctx.vertx().getOrCreateContext();
        Exchange exchange = createExchange(false);
        exchange.setPattern(ExchangePattern.InOut);
        processHttpRequest(exchange, ctx).onComplete(read -> {
            if (read.failed()) {
                fail(exchange, ctx, read.cause());
                return;
            }
            ctx.vertx().executeBlocking(() -> {
                createUoW(exchange);
                getAsyncProcessor().process(exchange, doneSync -> eventLoop.runOnContext(v -> reply(exchange, ctx)));
                return null;
            }, false).onFailure(failure -> fail(exchange, ctx, failure));
        });
    }

    private void reply(Exchange exchange, RoutingContext ctx) {
        Future<Void> written;
        try {
            @SuppressWarnings("unchecked")
            Future<Void> future = (Future<Void>) WRITE_RESPONSE.invokeExact(ctx, exchange,
                    getEndpoint().getHeaderFilterStrategy(), muteExceptions);
            written = future;
        } catch (Throwable e) {
            fail(exchange, ctx, e);
            return;
        }
        written.onComplete(result -> {
            if (result.succeeded()) {
                complete(exchange);
            } else {
                fail(exchange, ctx, result.cause());
            }
        });
    }

    /** As Camel's consumer: the failure to the exception handler and to Vert.x (its 500 handler), then done. */
    private void fail(Exchange exchange, RoutingContext ctx, Throwable failure) {
        getExceptionHandler().handleException("Failed handling platform-http endpoint " + getEndpoint().getPath(), failure);
        ctx.fail(failure);
        if (exchange.getException() != null && exchange.getException() != failure) {
            failure.addSuppressed(exchange.getException());
        }
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        exchange.setException(failure);
        complete(exchange);
    }

    private void complete(Exchange exchange) {
        doneUoW(exchange);
        releaseExchange(exchange, false);
    }

    private static MethodHandle writeResponse() {
        try {
            Class<?> support = Class.forName("org.apache.camel.component.platform.http.vertx.VertxPlatformHttpSupport");
            return MethodHandles.privateLookupIn(support, MethodHandles.lookup()).findStatic(support, "writeResponse",
                    MethodType.methodType(Future.class, RoutingContext.class, Exchange.class, HeaderFilterStrategy.class,
                            boolean.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("camel-platform-http-vertx has no writeResponse to reply with", e);
        }
    }
}
