package io.github.erpgateway.tracing;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.tracing.SpanAdapter;
import org.apache.camel.tracing.decorators.DirectSpanDecorator;

/**
 * The webhook's stages as one span per route ({@code receive-webhook}, {@code parse-event}, {@code <source>-events},
 * {@code publish}, ...), not two. Camel's own decorator also makes a span for each {@code to: direct:...} send, a
 * twin of the route span it only wraps; those were five of a webhook's fourteen spans, and every recorded span costs
 * its attributes, its export and the collector's storage (bench/README.md, "Tracing's cost"). The route span, named
 * for the route, keeps only its component: Camel's other attributes repeat the name (the endpoint's URI, path and
 * scheme) or name the webhook's route rather than this one (its route id is the exchange's first route's). Camel's decorator loader takes this subclass in place of its own
 * (META-INF/services/org.apache.camel.tracing.SpanDecorator).
 */
public class RouteSpans extends DirectSpanDecorator {

    @Override
    public boolean newSpan() {
        return false;
    }

    @Override
    public void pre(SpanAdapter span, Exchange exchange, Endpoint endpoint) {
        span.setComponent(CAMEL_COMPONENT + getComponent());
    }
}
