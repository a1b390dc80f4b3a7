package io.github.erpgateway.reconcile;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The reconciliation's meters: {@code gateway_reconciliation_records_total{source,entity,outcome}} (covered,
 * published, extra), {@code gateway_reconciliation_last_success_seconds{source,tenant}} (epoch seconds of the last run
 * that read every entity of the tenant to the end, or of the gateway's start), {@code gateway_reconciliation_interval_seconds{source}} and
 * {@code gateway_reconciliation_failures_total{source,reason}} (refused, unavailable). Tags come from the configuration
 * only (configured tenants and entities), never from a vendor reply, so the series are bounded. All are registered at
 * start, so alert rules see zeros rather than nothing.
 */
@Component
class ReconciliationMetrics {

    static final String[] OUTCOMES = {"covered", "published", "extra"};

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();
    private final long startSecond = java.time.Instant.now().getEpochSecond();

    ReconciliationMetrics(MeterRegistry registry, ReconciliationProperties properties) {
        this.registry = registry;
        for (String source : io.github.erpgateway.enrich.Vendors.ALL) {
            ReconciliationProperties.Source config = properties.source(source);
            if (config != null && config.isEnabled()) {
                register(source, config);
            }
        }
    }

    private void register(String source, ReconciliationProperties.Source config) {
        for (String entity : config.getEntities()) {
            for (String outcome : OUTCOMES) {
                counter(source, entity, outcome);
            }
        }
        for (String tenant : config.getTenants()) {
            // starts at the gateway's start: "no success for two intervals" counts from there after a restart
            AtomicLong seconds = lastSuccess.computeIfAbsent(source + "|" + tenant, k -> new AtomicLong(startSecond));
            Gauge.builder("gateway.reconciliation.last.success", seconds, AtomicLong::get)
                    .description("When the reconciliation last read every entity of the tenant to the end (epoch seconds; at most the gateway's start)")
                    .baseUnit("seconds").tag("source", source).tag("tenant", tenant).register(registry);
        }
        Gauge.builder("gateway.reconciliation.interval", config, c -> c.getInterval().toSeconds())
                .description("gateway.reconciliation.<source>.interval").baseUnit("seconds").tag("source", source).register(registry);
        for (String reason : new String[] {"refused", "unavailable"}) {
            failureCounter(source, reason);
        }
    }

    private Counter counter(String source, String entity, String outcome) {
        return Counter.builder("gateway.reconciliation.records")
                .description("Record versions the reconciliation read, by outcome: covered by a webhook, published (a missed webhook), extra (published, possibly covered by a forgotten webhook)")
                .tag("source", source).tag("entity", entity).tag("outcome", outcome).register(registry);
    }

    private Counter failureCounter(String source, String reason) {
        return Counter.builder("gateway.reconciliation.failures")
                .description("Tenant entities a run could not read: refused (401/403, the tenant stops for the run) or unavailable (429, 5xx, timeout; read again next run)")
                .tag("source", source).tag("reason", reason).register(registry);
    }

    void record(String source, String entity, String outcome) {
        counter(source, entity, outcome).increment();
    }

    void failure(String source, String reason) {
        failureCounter(source, reason).increment();
    }

    /** A run of this tenant succeeded at {@code epochSecond} (or an earlier one did, read back from the broker). */
    void succeeded(String source, String tenant, long epochSecond) {
        AtomicLong seconds = lastSuccess.get(source + "|" + tenant);
        if (seconds != null) {
            seconds.accumulateAndGet(epochSecond, Math::max);
        }
    }
}
