package io.github.erpgateway.tracing;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.WhenDefinition;
import org.apache.camel.opentelemetry.OpenTelemetrySpanAdapter;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.apache.camel.tracing.ActiveSpanManager;
import org.apache.camel.tracing.SpanAdapter;

/**
 * What Camel's route and endpoint spans do not say about a webhook. Camel traces each route (the webhook route,
 * receive-webhook: the signature, parse-event, the source's {@code <source>-events} choice, publish-cloudevent) and
 * each send (the broker send, a vendor call). This adds, only for a sampled trace:
 * <ul>
 *   <li>a span {@code mapping} around the CloudEvent writer (JSONata mapping and message), with the mapping file;</li>
 *   <li>a span {@code reply} around each webhook reply, after which the webhook's first span gets its attributes:
 *   source, tenant, entity, CloudEvent id, outcome, the {@code when} that matched and the mapping file.</li>
 * </ul>
 * Only these processors are wrapped, and an unsampled trace passes through with one check: with export off (every
 * trace unsampled, TracingConfiguration) the cost per webhook is a few method calls. Attribute values are the
 * gateway's own bounded values, never a payload or a header; each is clipped to {@link #MAX_VALUE} characters.
 */
final class StepSpans implements InterceptStrategy {

    static final int MAX_VALUE = 200;
    /** Where camel-tracing's ActiveSpanManager keeps an exchange's stack of spans (its Holder is public API). */
    private static final String ACTIVE_SPANS = "OpenTracing.activeSpan";
    private static final String WRITER = "cloudEventWriter";
    private static final String REPLY = "webhookReply";

    private final Tracer tracer;

    StepSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode node, Processor target, Processor next) {
        if (node instanceof ProcessDefinition process && WRITER.equals(process.getRef())) {
            return new Mapping(target);
        }
        if (node instanceof BeanDefinition bean && REPLY.equals(bean.getRef())) {
            return new Reply(target, bean.getMethod());
        }
        String when = firstStepOfEventsWhen(node);
        if (when != null) {
            return new MatchedWhen(target, when);
        }
        return target;
    }

    /**
     * The id of the {@code when} whose first step {@code node} is, in the choice of a {@code <source>-events} route
     * (Camel makes the choice, not the when, the parent of a when's steps), else null.
     */
    private static String firstStepOfEventsWhen(NamedNode node) {
        if (!(node instanceof ProcessorDefinition<?> step) || !((Object) step.getParent() instanceof ChoiceDefinition choice)
                || !((Object) choice.getParent() instanceof RouteDefinition route)
                || route.getRouteId() == null || !route.getRouteId().endsWith("-events")) {
            return null;
        }
        for (WhenDefinition when : choice.getWhenClauses()) {
            if (!when.getOutputs().isEmpty() && when.getOutputs().get(0) == step) {
                return when.getId();
            }
        }
        return null;
    }

    /**
     * camel-opentelemetry keeps the OpenTelemetry span of its adapter package-private; the span is needed as the parent
     * of a step's span, and its context to make current where the thread lost it (Camel ends a scope when a step goes
     * asynchronous, so the thread's current span is not always the exchange's).
     */
    private static final MethodHandle OTEL_SPAN;

    static {
        try {
            var method = OpenTelemetrySpanAdapter.class.getDeclaredMethod("getOpenTelemetrySpan");
            method.setAccessible(true);
            OTEL_SPAN = MethodHandles.lookup().unreflect(method).asType(MethodType.methodType(Span.class, SpanAdapter.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The exchange's current span (Camel's), or an invalid span when it has none. */
    static Span exchangeSpan(Exchange exchange) {
        SpanAdapter adapter = ActiveSpanManager.getSpan(exchange);
        if (adapter instanceof OpenTelemetrySpanAdapter) {
            try {
                return (Span) OTEL_SPAN.invokeExact(adapter);
            } catch (Throwable e) {
                return Span.getInvalid();
            }
        }
        return Span.getInvalid();
    }

    /** The exchange's first span: the webhook route's (or a replay's, a queue consumer's). */
    private static SpanAdapter firstSpan(Exchange exchange) {
        ActiveSpanManager.Holder holder = exchange.getProperty(ACTIVE_SPANS, ActiveSpanManager.Holder.class);
        if (holder == null) {
            return null;
        }
        while (holder.getParent() != null) {
            holder = holder.getParent();
        }
        return holder.getSpan();
    }

    static void tag(SpanAdapter span, String key, Object value) {
        if (value instanceof String text && !text.isEmpty()) {
            span.setTag(key, text.length() > MAX_VALUE ? text.substring(0, MAX_VALUE) : text);
        }
    }

    /** A span around a step, started only in a sampled trace; ended when the step is done, even asynchronously. */
    private abstract class StepSpan extends DelegateAsyncProcessor {

        private final String name;

        StepSpan(Processor target, String name) {
            super(target);
            this.name = name;
        }

        void before(Exchange exchange, Span span) {
        }

        void after(Exchange exchange, Span span) {
        }

        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            Span parent = exchangeSpan(exchange);
            if (!parent.getSpanContext().isSampled()) {
                return unsampled(parent, exchange, callback);
            }
            Span span = tracer.spanBuilder(name).setParent(Context.root().with(parent)).startSpan();
            before(exchange, span);
            // current while the step runs: its log lines (the webhook's outcome line above all) carry its ids
            try (Scope ignored = span.makeCurrent()) {
                return processor.process(exchange, doneSync -> {
                    try {
                        if (exchange.getException() != null) {
                            span.setStatus(StatusCode.ERROR); // no message: an exception's text may quote the payload
                        }
                        after(exchange, span);
                    } finally {
                        span.end();
                        callback.done(doneSync);
                    }
                });
            }
        }

        boolean unsampled(Span parent, Exchange exchange, AsyncCallback callback) {
            return processor.process(exchange, callback);
        }
    }

    private final class Mapping extends StepSpan {

        Mapping(Processor target) {
            super(target, "mapping");
        }

        @Override
        void before(Exchange exchange, Span span) {
            Object mapping = exchange.getProperty("mapping");
            if (mapping instanceof String file) {
                span.setAttribute(Attributes.MAPPING, file);
            }
        }
    }

    private final class Reply extends StepSpan {

        private final String method;

        Reply(Processor target, String method) {
            super(target, "reply");
            this.method = method;
        }

        /** Unsampled, no span: the exchange's span is made current, so the outcome line names the trace. */
        @Override
        boolean unsampled(Span parent, Exchange exchange, AsyncCallback callback) {
            if (!parent.getSpanContext().isValid() || Span.current() == parent) {
                return processor.process(exchange, callback);
            }
            try (Scope ignored = parent.makeCurrent()) {
                return processor.process(exchange, callback);
            }
        }

        @Override
        void before(Exchange exchange, Span span) {
            span.setAttribute(Attributes.REPLY, method == null ? "" : method);
            // read before the reply drops the message's headers (WebhookReply)
            SpanAdapter webhook = firstSpan(exchange);
            if (webhook != null) {
                tag(webhook, Attributes.ENTITY.getKey(), exchange.getMessage().getHeader("entity"));
                Object id = exchange.getMessage().getHeader("ce_id");
                tag(webhook, Attributes.EVENT_ID.getKey(), id != null ? id : exchange.getProperty("eventId"));
                tag(webhook, Attributes.SOURCE.getKey(), exchange.getProperty("source"));
                tag(webhook, Attributes.TENANT.getKey(), exchange.getProperty("tenant"));
                tag(webhook, Attributes.MAPPING.getKey(), exchange.getProperty("mapping"));
            }
        }

        @Override
        void after(Exchange exchange, Span span) {
            SpanAdapter webhook = firstSpan(exchange);
            if (webhook != null) {
                tag(webhook, Attributes.OUTCOME.getKey(), exchange.getProperty("outcome"));
            }
        }
    }

    /** Notes the matched {@code when} on the webhook's first span, then runs the when's first step. */
    private static final class MatchedWhen extends DelegateAsyncProcessor {

        private final String when;

        MatchedWhen(Processor target, String when) {
            super(target);
            this.when = when;
        }

        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            if (exchangeSpan(exchange).isRecording()) {
                SpanAdapter webhook = firstSpan(exchange);
                if (webhook != null) {
                    webhook.setTag(Attributes.WHEN.getKey(), when);
                }
            }
            return processor.process(exchange, callback);
        }
    }
}
