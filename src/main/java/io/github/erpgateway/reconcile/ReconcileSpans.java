package io.github.erpgateway.reconcile;

import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The reconciliation's traces (docs/operations.md, "Tracing"): a trace per source, tenant and entity of a run, whose
 * vendor calls are client spans sending {@code traceparent}, and whose published events carry it like every message
 * stored on {@code erp.*}. Without an exporter the spans record nothing but their ids still propagate.
 */
@Component
class ReconcileSpans {

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    ReconcileSpans(ObjectProvider<Tracer> tracer, ObjectProvider<ContextPropagators> propagators) {
        // no Tracer bean with management.tracing.enabled=false: then no spans, and no traceparent
        this.tracer = tracer.getIfAvailable(() -> TracerProvider.noop().get("gateway"));
        this.propagator = propagators.getIfAvailable(ContextPropagators::noop).getTextMapPropagator();
    }

    /** A new trace for one tenant's entity (configured names only, so every attribute is bounded). */
    Span pass(String source, String tenant, String entity) {
        return tracer.spanBuilder("reconcile " + source + " " + entity).setNoParent().setSpanKind(SpanKind.INTERNAL)
                .setAttribute("gateway.source", source).setAttribute("gateway.tenant", tenant)
                .setAttribute("gateway.entity", entity).startSpan();
    }

    /** A client span for a vendor call, child of the current span; {@link #propagate} puts it on the request. */
    Span call(String api, HttpRequest request) {
        return tracer.spanBuilder(request.method() + " " + api).setSpanKind(SpanKind.CLIENT)
                .setAttribute("http.request.method", request.method())
                .setAttribute("server.address", request.uri().getHost() == null ? "" : request.uri().getHost())
                .setAttribute("url.path", request.uri().getRawPath() == null ? "" : request.uri().getRawPath())
                .startSpan();
    }

    /** The request with the span's {@code traceparent} (and {@code tracestate}) headers. */
    HttpRequest propagate(HttpRequest request, Span span) {
        Map<String, String> headers = headers(Context.current().with(span));
        if (headers.isEmpty()) {
            return request;
        }
        HttpRequest.Builder traced = HttpRequest.newBuilder(request, (name, value) -> true);
        headers.forEach(traced::setHeader);
        return traced.build();
    }

    static void status(Span span, int status) {
        span.setAttribute("http.response.status_code", status);
        if (status >= 400) {
            span.setStatus(StatusCode.ERROR);
        }
    }

    /** {@code traceparent} and {@code tracestate} of {@code context}, for a stored message's properties. */
    Map<String, String> headers(Context context) {
        Map<String, String> headers = new LinkedHashMap<>(2);
        propagator.inject(context, headers, (carrier, key, value) -> carrier.put(key, value));
        return headers;
    }
}
