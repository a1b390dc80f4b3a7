package io.github.erpgateway.http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.erpgateway.config.GatewayProperties;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.support.CamelContextHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's Vert.x server for the {@code platform-http:} routes, started with the connection-level bounds Camel's own
 * server does not set: an idle timeout, a cap on open connections, no HTTP/2 over clear text unless asked for, a
 * header size limit, no request decompression, and TLS. Camel still builds the router the routes attach to; this
 * class only replaces how the socket is opened.
 */
class WebhookListener extends VertxPlatformHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookListener.class);

    private final VertxPlatformHttpServerConfiguration configuration;
    private final GatewayProperties.Http http;
    private final ListenerTls tls;
    private final EdgeGuard guard;
    private final AtomicInteger connections = new AtomicInteger();
    private volatile HttpServer server;

    WebhookListener(VertxPlatformHttpServerConfiguration configuration, GatewayProperties.Http http, EdgeGuard guard) {
        super(configuration);
        this.guard = guard;
        this.configuration = configuration;
        this.http = http;
        this.tls = new ListenerTls(http.getTls());
    }

    @Override
    protected void startServer() throws Exception {
        HttpServerOptions options = new HttpServerOptions()
                .setIdleTimeout((int) Math.max(1, http.getIdleTimeout().toMillis()))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setHttp2ClearTextEnabled(http.isH2c())
                .setMaxHeaderSize((int) http.getMaxHeaderSize().toBytes())
                .setDecompressionSupported(false)
                .setCompressionSupported(false);
        tls.configure(options);
        VertxPlatformHttpRouter router = CamelContextHelper.findSingleByType(getCamelContext(), VertxPlatformHttpRouter.class);
        HttpServer created = getVertx().createHttpServer(options);
        int max = http.getMaxConnections();
        created.connectionHandler(connection -> {
            connection.closeHandler(closed -> connections.decrementAndGet());
            if (connections.incrementAndGet() > max) {
                connection.close(); // over the cap: refused before a byte of it is read
            }
        });
        // the guard is in place before the first request can arrive
        router.route().order(Integer.MIN_VALUE).handler(guard);
        created.requestHandler(router);
        server = created.listen(configuration.getBindPort(), configuration.getBindHost())
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        tls.watch(getVertx(), server);
        LOG.info("Webhook listener on {}://{}:{} (idle timeout {}, at most {} connections, h2c {})",
                tls.enabled() ? "https" : "http", configuration.getBindHost(), server.actualPort(),
                http.getIdleTimeout(), max, http.isH2c() ? "on" : "off");
    }

    @Override
    protected void stopServer() {
        HttpServer running = server;
        if (running == null) {
            return;
        }
        try {
            getCamelContext().removeComponent(PlatformHttpConstants.PLATFORM_HTTP_COMPONENT_NAME);
            running.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Webhook listener did not close cleanly: {}", e.getMessage());
        } finally {
            server = null;
        }
    }

    @Override
    public HttpServer getServer() {
        return server;
    }

    @Override
    public int getPort() {
        HttpServer running = server;
        return running != null ? running.actualPort() : configuration.getBindPort();
    }

    /** Open connections now, for tests and diagnostics. */
    int openConnections() {
        return connections.get();
    }
}
