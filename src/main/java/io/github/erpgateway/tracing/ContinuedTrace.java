package io.github.erpgateway.tracing;

import java.util.Map;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import org.apache.camel.Exchange;
import org.apache.camel.opentelemetry.SpanCustomizer;
import org.apache.camel.tracing.ActiveSpanManager;

/**
 * Continues a trace in an exchange that a Java class sends into a route (a replay's {@code ProducerTemplate}): Camel
 * reads {@code traceparent} only where a route's consumer receives (HTTP, JMS), and its span for such a send would
 * start a new trace. An exchange with no consumer endpoint and no span yet, whose headers hold a valid
 * {@code traceparent}, gets it as the parent of its first span. Webhooks and queue consumers never get here.
 */
final class ContinuedTrace implements SpanCustomizer {

    static final String TRACEPARENT = "traceparent";

    private static final TextMapGetter<Map<String, Object>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, Object> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, Object> carrier, String key) {
            return carrier == null || !(carrier.get(key) instanceof String value) ? null : value;
        }
    };

    private final ContextPropagators propagators;

    ContinuedTrace(ContextPropagators propagators) {
        this.propagators = propagators;
    }

    @Override
    public boolean isEnabled(String operationName, Exchange exchange) {
        return exchange.getFromEndpoint() == null && ActiveSpanManager.getSpan(exchange) == null
                && exchange.getIn().getHeader(TRACEPARENT) != null;
    }

    @Override
    public void customize(SpanBuilder builder, String operationName, Exchange exchange) {
        Context context = propagators.getTextMapPropagator().extract(Context.root(), exchange.getIn().getHeaders(), HEADERS);
        if (Span.fromContext(context).getSpanContext().isValid()) {
            builder.setParent(context);
        }
    }
}
