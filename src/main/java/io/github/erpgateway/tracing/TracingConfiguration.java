package io.github.erpgateway.tracing;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.tracing.TracingProperties;
import org.springframework.boot.actuate.autoconfigure.tracing.otlp.OtlpHttpSpanExporterBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tracing on top of Camel's OpenTelemetry integration (camel-opentelemetry-starter) and Spring Boot's OpenTelemetry
 * SDK (docs/operations.md, "Tracing"). Nothing in the webhook's stages (http, intake, mapping, publish, broker)
 * imports this package: Camel starts the spans, propagates {@code traceparent} and makes each span current, and
 * Spring Boot puts its ids into the MDC.
 */
@Configuration(proxyBeanMethods = false)
public class TracingConfiguration {

    /**
     * Spring Boot's own sampler samples a share of new traces whether or not anything exports them. Without an exporter
     * ({@code management.otlp.tracing.endpoint} unset) this one records nothing: spans stay non-recording, so a webhook
     * pays for ids and propagation only, yet every stored message still carries a {@code traceparent} (flags 00). With
     * an exporter: a sender's sampling decision is honoured, and a new trace is sampled with
     * {@code management.tracing.sampling.probability} (Spring Boot's default, 0.1: bench/README.md, "Tracing's cost").
     */
    @Bean
    Sampler otelSampler(ObjectProvider<SpanExporter> exporters, ObjectProvider<TracingProperties> properties) {
        if (exporters.stream().findAny().isEmpty()) {
            return Sampler.alwaysOff();
        }
        // Boot's own defaults when its tracing properties are absent, as for the span processor below
        double probability = properties.getIfAvailable(TracingProperties::new).getSampling().getProbability();
        return Sampler.parentBased(Sampler.traceIdRatioBased(probability));
    }

    /**
     * Spring Boot's span processor, without its detour: Boot exports through Micrometer's CompositeSpanExporter, which
     * copies every span into Micrometer's form (and its attributes once more) for span filters, predicates and reporters
     * the gateway has none of: a fifth of the export's CPU in the profile (bench/README.md, "Tracing's cost"). The same
     * {@code management.tracing.opentelemetry.export.*} settings; it replaces Boot's (which yields to any processor bean).
     */
    @Bean
    BatchSpanProcessor gatewaySpanProcessor(ObjectProvider<SpanExporter> exporters, ObjectProvider<TracingProperties> properties) {
        TracingProperties.OpenTelemetry.Export export = properties.getIfAvailable(TracingProperties::new).getOpentelemetry().getExport();
        return BatchSpanProcessor.builder(SpanExporter.composite(exporters.orderedStream().toList()))
                .setExportUnsampledSpans(export.isIncludeUnsampled())
                .setExporterTimeout(export.getTimeout())
                .setMaxExportBatchSize(export.getMaxBatchSize())
                .setMaxQueueSize(export.getMaxQueueSize())
                .setScheduleDelay(export.getScheduleDelay())
                .build();
    }

    /** The OTLP exporter reuses its marshaling buffers between batches (one batch at a time): less garbage per span. */
    @Bean
    OtlpHttpSpanExporterBuilderCustomizer reusableExportBuffers() {
        return builder -> builder.setMemoryMode(MemoryMode.REUSABLE_DATA);
    }

    /** The gateway's own spans for the mapping and the reply, and the webhook's attributes on its first span. */
    @Bean
    StepSpans stepSpans(ObjectProvider<Tracer> tracer) {
        // no Tracer bean with management.tracing.enabled=false (Spring Boot's tests by default): then no step spans
        return new StepSpans(tracer.getIfAvailable(() -> TracerProvider.noop().get("gateway")));
    }

    /** Camel takes intercept strategies from its context, not from the Spring context: added before the routes start. */
    @Bean
    CamelContextConfiguration stepSpansInRoutes(StepSpans stepSpans) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                if (!camelContext.getCamelContextExtension().getInterceptStrategies().contains(stepSpans)) {
                    camelContext.getCamelContextExtension().addInterceptStrategy(stepSpans);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
            }
        };
    }

    /** A replay continues the trace of the message it replays (its {@code traceparent}, carried as a header). */
    @Bean
    ContinuedTrace continuedTrace(ObjectProvider<ContextPropagators> propagators) {
        return new ContinuedTrace(propagators.getIfAvailable(ContextPropagators::noop));
    }
}
