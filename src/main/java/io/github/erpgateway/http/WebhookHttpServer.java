package io.github.erpgateway.http;

import io.github.erpgateway.config.GatewayProperties;
import io.github.erpgateway.reply.WebhookOutcomes;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Serves the {@code platform-http:} webhook routes with Vert.x on {@code gateway.http.port}, apart from the management
 * port. Measured on this 2-core machine, the Vert.x engine carried about 3x the Spring MVC engine (STACK-NOTES).
 * Answers the requests no route takes (unknown path, wrong method, body over the limit) with a small JSON error.
 */
@Component
public class WebhookHttpServer implements CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookHttpServer.class);

    private final GatewayProperties properties;
    private final WebhookOutcomes outcomes;

    public WebhookHttpServer(GatewayProperties properties, WebhookOutcomes outcomes) {
        this.properties = properties;
        this.outcomes = outcomes;
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {
        VertxPlatformHttpServerConfiguration configuration = new VertxPlatformHttpServerConfiguration();
        configuration.setBindHost(properties.getHttp().getHost());
        configuration.setBindPort(properties.getHttp().getPort());
        configuration.setMaxBodySize(properties.getMaxBodyBytes());
        // Camel runs each webhook's route on a Vert.x worker thread, which waits there for the broker to confirm the
        // persistent send, so the pool is the number of webhooks in flight. Vert.x' default of 20 would make a sender
        // with more parallel deliveries queue in front of the route (at 64 connections the benchmark saw no difference).
        Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(properties.getHttp().getWorkerThreads()));
        LOG.info("Webhook listener: {} worker threads", properties.getHttp().getWorkerThreads());
        VertxPlatformHttpServer server = new VertxPlatformHttpServer(configuration);
        server.setVertx(vertx);
        try {
            // services stop in reverse order: the server first, then this, which closes the Vert.x it was given
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    vertx.close();
                }
            }, true, true);
            context.addService(server, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the webhook HTTP server", e);
        }
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
        Router router = context.getRegistry().findSingleByType(VertxPlatformHttpRouter.class);
        long limit = properties.getMaxBodyBytes();
        // A declared length over the limit is refused before the body is read. (A chunked body over the limit is
        // still cut off by Vert.x's body handler, whose 413 has a plain-text body.)
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && isOver(length, limit)) {
                ctx.response().putHeader("Connection", "close");
                json(ctx, 413, "body larger than " + limit + " bytes");
                outcomes.record(sourceOf(ctx), "too-large", null, null, -1);
            } else {
                ctx.next();
            }
        });
        PlatformHttpComponent component = context.getComponent("platform-http", PlatformHttpComponent.class);
        router.route().last().handler(ctx -> {
            boolean knownPath = component.getHttpEndpoints().stream()
                    .anyMatch(endpoint -> endpoint.getUri().equals(ctx.normalizedPath()));
            if (knownPath) {
                ctx.response().putHeader("Allow", "POST");
                json(ctx, 405, "method not allowed");
            } else {
                json(ctx, 404, "no webhook endpoint at this path");
                outcomes.record("unknown", "not-found", null, null, -1);
            }
        });
    }

    /** The port the webhook listener is bound to (differs from the configured one when that is 0). */
    public static int actualPort(CamelContext context) {
        return context.hasService(VertxPlatformHttpServer.class).getPort();
    }

    /** The source a request was meant for: the last segment of /webhooks/&lt;source&gt;. */
    private static String sourceOf(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        return path.startsWith("/webhooks/") ? path.substring("/webhooks/".length()) : "unknown";
    }

    private static boolean isOver(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void json(RoutingContext ctx, int status, String error) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end("{\"error\":\"" + error + "\"}");
        }
    }
}
