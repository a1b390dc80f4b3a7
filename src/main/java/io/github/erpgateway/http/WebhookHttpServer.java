package io.github.erpgateway.http;

import io.github.erpgateway.config.GatewayProperties;
import io.github.erpgateway.reply.WebhookOutcomes;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
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
    private final ReplyProperties reply;
    private EdgeGuard guard;

    public WebhookHttpServer(GatewayProperties properties, WebhookOutcomes outcomes, ReplyProperties reply) {
        this.properties = properties;
        this.outcomes = outcomes;
        this.reply = reply;
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {
        VertxPlatformHttpServerConfiguration configuration = new VertxPlatformHttpServerConfiguration();
        configuration.setBindHost(properties.getHttp().getHost());
        configuration.setBindPort(properties.getHttp().getPort());
        configuration.setMaxBodySize(properties.getMaxBodyBytes());
        // webhooks are JSON: a multipart upload must not become a file on disk
        VertxPlatformHttpServerConfiguration.BodyHandler body = new VertxPlatformHttpServerConfiguration.BodyHandler();
        body.setHandleFileUploads(false);
        body.setMergeFormAttributes(false);
        configuration.setBodyHandler(body);
        // Camel runs each webhook's route on a Vert.x worker thread, which waits there for the broker to confirm the
        // persistent send, so the pool is the number of webhooks in flight. Vert.x' default of 20 would make a sender
        // with more parallel deliveries queue in front of the route (at 64 connections the benchmark saw no difference).
        Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(properties.getHttp().getWorkerThreads()));
        LOG.info("Webhook listener: {} worker threads", properties.getHttp().getWorkerThreads());
        guard = new EdgeGuard(vertx, properties, outcomes, reply.getTimeout());
        WebhookListener server = new WebhookListener(configuration, properties.getHttp(), guard);
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
        // Vert.x' body handler fails a chunked body that outgrows the limit with a plain-text 413: answer it as SPEC says
        router.errorHandler(413, ctx -> {
            EdgeGuard.close(ctx, 413, "body larger than " + properties.getMaxBodyBytes() + " bytes");
            outcomes.record(guard.sourceOf(ctx.normalizedPath()), "too-large", null, null, -1);
        });
        router.errorHandler(400, ctx -> EdgeGuard.close(ctx, 400, "bad request"));
        router.errorHandler(500, ctx -> {
            LOG.warn("Webhook request failed outside a route: {}", ctx.failure() == null ? "-" : ctx.failure().toString());
            EdgeGuard.close(ctx, 500, "internal error");
        });
        PlatformHttpComponent component = context.getComponent("platform-http", PlatformHttpComponent.class);
        router.route().last().handler(ctx -> {
            boolean knownPath = component.getHttpEndpoints().stream()
                    .anyMatch(endpoint -> endpoint.getUri().equals(ctx.normalizedPath()));
            String source = guard.sourceOf(ctx.normalizedPath());
            if (knownPath) {
                ctx.response().putHeader("Allow", "POST");
                EdgeGuard.json(ctx, 405, "method not allowed");
            } else if (!"unknown".equals(source)) {
                // a configured source whose route is being replaced by a live edit (or failed to start): the sender
                // retries a 503, while a 404 would make it give the webhook up
                ctx.response().putHeader("Retry-After", "1");
                EdgeGuard.json(ctx, 503, "the route of this source is being reloaded, retry later");
                outcomes.record(source, "route-unavailable", null, null, -1);
            } else {
                EdgeGuard.json(ctx, 404, "no webhook endpoint at this path");
                outcomes.record("unknown", "not-found", null, null, -1);
            }
        });
    }

    /** The port the webhook listener is bound to (differs from the configured one when that is 0). */
    public static int actualPort(CamelContext context) {
        return context.hasService(VertxPlatformHttpServer.class).getPort();
    }
}
