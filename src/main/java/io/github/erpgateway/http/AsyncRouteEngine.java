package io.github.erpgateway.http;

import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.springframework.stereotype.Component;

/**
 * The engine of the {@code platform-http:} routes (Camel looks it up by this bean name): Camel's Vert.x engine with
 * {@link AsyncRouteConsumer}, so a webhook waiting for the broker's confirmation holds no thread.
 */
@Component("platform-http-engine")
public class AsyncRouteEngine extends VertxPlatformHttpEngine {

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        return new AsyncRouteConsumer(endpoint, processor, getHandlers(), getServerPort());
    }
}
