package io.github.erpgateway.enrich;

import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * Per-vendor enrichment meters on /actuator/prometheus. Tags are the vendor and a fixed outcome word, never an id,
 * a tenant, a URL or anything a payload chooses, so the number of series stays bounded.
 */
@Component("enrichmentMetrics")
public class EnrichmentMetrics {

    private final MeterRegistry registry;

    public EnrichmentMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A vendor API call ended: outcome is found, not-found, unauthorized, rate-limited, server-error, client-error, graphql-error or unreachable. */
    public void call(String vendor, String outcome, long nanos) {
        Counter.builder("gateway.enrichment.calls").description("Vendor API calls by outcome")
                .tag("vendor", vendor).tag("outcome", outcome).register(registry).increment();
        if (nanos > 0) {
            Timer.builder("gateway.enrichment.call.duration").description("Latency of vendor API calls")
                    .tag("vendor", vendor).register(registry).record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    public void tokenRequest(String vendor, String outcome) {
        Counter.builder("gateway.enrichment.token.requests").description("OAuth2 token requests by outcome")
                .tag("vendor", vendor).tag("outcome", outcome).register(registry).increment();
    }

    public void retry(String vendor) {
        Counter.builder("gateway.enrichment.retries").description("Vendor calls tried again after a timeout, 429 or 5xx")
                .tag("vendor", vendor).register(registry).increment();
    }

    public void deadLettered(String vendor) {
        Counter.builder("gateway.enrichment.dead.lettered").description("Events whose enrichment failed, moved to erp.dlq")
                .tag("vendor", vendor).register(registry).increment();
    }

    /** After an enriched event was sent (exchange property {@code record} is null or not). */
    public void published(org.apache.camel.Exchange exchange) {
        Object record = exchange.getProperty(EnrichedEvents.RECORD);
        published(exchange.getProperty(EnrichedEvents.VENDOR, String.class),
                record != null && !(record instanceof com.fasterxml.jackson.databind.JsonNode node && node.isNull()));
    }

    public void published(String vendor, boolean withRecord) {
        Counter.builder("gateway.enrichment.published").description("Enriched events published to erp.enriched.*")
                .tag("vendor", vendor).tag("record", withRecord ? "fetched" : "null").register(registry).increment();
    }

    /** 0 closed, 1 open, 2 half-open, 3 anything else (disabled, forced open, metrics only). */
    void circuit(String vendor, CircuitBreaker breaker) {
        Gauge.builder("gateway.enrichment.circuit.state", breaker, b -> switch (b.getState()) {
                    case CLOSED -> 0;
                    case OPEN -> 1;
                    case HALF_OPEN -> 2;
                    default -> 3;
                }).description("Circuit breaker state: 0 closed, 1 open, 2 half-open, 3 other")
                .tag("vendor", vendor).register(registry);
    }
}
