package io.github.erpgateway.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.erpgateway.broker.Queues;
import io.github.erpgateway.enrich.EnrichmentProperties;
import io.github.erpgateway.intake.PayloadLimits;
import io.github.erpgateway.reply.LogText;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.SingleConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Runs the reconciliation (docs/reconciliation.md): per enabled source, tenant and entity, reads the records changed
 * since the watermark minus the overlap, page by page (each vendor's {@link RecordChanges}), and publishes each version
 * no stored webhook event covers.
 * One run at a time across every gateway on the broker ({@link BrokerState}). The schedule is the route
 * {@code reconciliation-schedule} (routes/reconciliation.camel.yaml), which calls {@link #scheduled}.
 */
@Component("reconciliation")
public class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    /** Records read exactly: 64-bit integers and decimals keep every digit in the published data. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private final ReconciliationProperties properties;
    private final EnrichmentProperties enrichment;
    /** The enabled sources, in the order of {@link io.github.erpgateway.enrich.Vendors#ALL}. */
    private final List<RecordChanges> sources = new ArrayList<>();
    private final ReconciliationMetrics metrics;
    private final ConnectionFactory connections;
    private final CamelContext camel;
    private final PayloadLimits limits;
    private final ReconcileSpans spans;
    private final Instant started = Instant.now();

    public Reconciler(ReconciliationProperties properties, EnrichmentProperties enrichment, List<RecordChanges> vendors,
            ReconciliationMetrics metrics, ConnectionFactory connectionFactory, CamelContext camel,
            PayloadLimits limits, ReconcileSpans spans) {
        this.properties = properties;
        this.spans = spans;
        this.enrichment = enrichment;
        this.metrics = metrics;
        this.camel = camel;
        this.limits = limits;
        // a connection of its own per run: the caching factory would keep the lock's consumer open after close
        this.connections = connectionFactory instanceof SingleConnectionFactory caching
                && caching.getTargetConnectionFactory() != null ? caching.getTargetConnectionFactory() : connectionFactory;
        for (String source : io.github.erpgateway.enrich.Vendors.ALL) {
            for (RecordChanges vendor : vendors) {
                if (vendor.source().equals(source) && vendor.config().isEnabled()) {
                    validate(vendor);
                    sources.add(vendor);
                }
            }
        }
    }

    private void validate(RecordChanges vendor) {
        ReconciliationProperties.Source config = vendor.config();
        String prefix = "gateway.reconciliation." + vendor.source();
        if (config.getTenants().isEmpty() || config.getEntities().isEmpty()) {
            throw new IllegalStateException(prefix + " needs tenants and entities");
        }
        if (config.getPageSize() < 1 || config.getPageSize() > 10_000 || properties.getMaxRecordsPerRun() < 1
                || config.getInterval().isNegative() || config.getOverlap().isNegative() || config.getLookback().isNegative()) {
            throw new IllegalStateException("gateway.reconciliation: page-size 1..10000, max-records-per-run >= 1, durations >= 0");
        }
        vendor.validate();
    }

    /** The timer's tick: each enabled tenant's entity whose interval has passed since any gateway's run of it. */
    public void scheduled() {
        if (sources.isEmpty()) {
            return;
        }
        ReconciliationSummary summary = run(null, null, null, true, Duration.ZERO);
        if (summary.ran && summary.checked > 0) {
            LOG.info("Reconciliation run: {}", summary);
        }
    }

    /** A run on demand (actuator, JMX); null filters match everything. Waits up to 30 s for a run in progress. */
    public Map<String, Object> onDemand(String source, String tenant, String entity) {
        List<RecordChanges> chosen = sources.stream().filter(v -> source == null || v.source().equals(source)).toList();
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException(source == null ? "no source is reconciled (gateway.reconciliation.<source>.enabled)"
                    : "no enabled reconciliation for source " + LogText.escape(source));
        }
        String where = source == null ? "any reconciled source" : "gateway.reconciliation." + source;
        if (tenant != null && chosen.stream().noneMatch(v -> v.config().getTenants().contains(tenant))) {
            throw new IllegalArgumentException("tenant is not in the tenants of " + where);
        }
        if (entity != null && chosen.stream().noneMatch(v -> v.config().getEntities().contains(entity))) {
            throw new IllegalArgumentException("entity is not in the entities of " + where);
        }
        ReconciliationSummary summary = run(source, tenant, entity, false, Duration.ofSeconds(30));
        LOG.info("Reconciliation run on demand: {}", summary);
        return summary.toMap();
    }

    ReconciliationSummary run(String sourceFilter, String tenantFilter, String entityFilter, boolean onlyDue, Duration waitForLock) {
        long deadline = System.nanoTime() + waitForLock.toNanos();
        BrokerState broker;
        try {
            broker = BrokerState.acquire(connections);
            while (broker == null && System.nanoTime() < deadline) {
                Thread.sleep(200);
                broker = BrokerState.acquire(connections);
            }
        } catch (JMSException e) {
            LOG.warn("Reconciliation not run: the broker is unavailable ({})", brokerError(e));
            return ReconciliationSummary.notRun("the broker is unavailable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ReconciliationSummary.notRun("interrupted");
        }
        if (broker == null) {
            return ReconciliationSummary.notRun("another run (of this or another gateway on the broker) is in progress");
        }
        try (BrokerState held = broker) {
            ReconciliationSummary summary = new ReconciliationSummary();
            held.forgetCoveredBefore(Instant.now().minus(properties.getCoveredRetention()).toEpochMilli(), 100_000);
            int[] budget = {properties.getMaxRecordsPerRun()};
            for (RecordChanges vendor : sources) {
                if (sourceFilter == null || sourceFilter.equals(vendor.source())) {
                    source(held, vendor, tenantFilter, entityFilter, onlyDue, summary, budget);
                }
            }
            return summary;
        } catch (JMSException e) {
            LOG.warn("Reconciliation stopped: the broker failed ({}); the watermarks of unfinished pages stay", brokerError(e));
            ReconciliationSummary summary = ReconciliationSummary.notRun("the broker failed during the run");
            summary.complete = false;
            return summary;
        }
    }

    /** One source's tenants and entities. */
    private void source(BrokerState held, RecordChanges vendor, String tenantFilter, String entityFilter, boolean onlyDue,
            ReconciliationSummary summary, int[] budget) throws JMSException {
        String source = vendor.source();
        ReconciliationProperties.Source config = vendor.config();
        for (String tenant : config.getTenants()) {
            if (tenantFilter != null && !tenantFilter.equals(tenant)) {
                continue;
            }
            boolean succeeded = true;
            boolean ranAny = false;
            for (String entity : config.getEntities()) {
                if (entityFilter != null && !entityFilter.equals(entity)) {
                    continue;
                }
                String key = source + "|" + tenant + "|" + entity;
                Checkpoint checkpoint = Checkpoint.parse(held.read(key));
                if (checkpoint.lastSuccess != null) {
                    metrics.succeeded(source, tenant, checkpoint.lastSuccess.getEpochSecond());
                }
                Instant due = (checkpoint.lastRun != null ? checkpoint.lastRun : started).plus(config.getInterval());
                if (onlyDue && Instant.now().isBefore(due)) {
                    succeeded = false; // not run now: the tenant's success is not renewed
                    continue;
                }
                ranAny = true;
                // a trace per tenant's entity: its vendor calls and the events it publishes carry it
                Span span = spans.pass(source, tenant, entity);
                Scope traced = span.makeCurrent(); // also over the failures' log lines: they name the trace
                try {
                    boolean finished = entity(held, vendor, tenant, entity, key, checkpoint, summary, budget);
                    succeeded &= finished;
                } catch (RecordChanges.TenantRefusedException e) {
                    span.setStatus(StatusCode.ERROR, "refused");
                    LOG.warn("Reconciliation of {} tenant {} stopped for this run: {}; its watermarks stay", source, tenant, e.getMessage());
                    metrics.failure(source, "refused");
                    summary.failed(source, tenant, entity, "refused", e.getMessage());
                    stamp(held, key, checkpoint);
                    succeeded = false;
                    break;
                } catch (RecordChanges.TryLaterException e) {
                    span.setStatus(StatusCode.ERROR, "unavailable");
                    LOG.warn("Reconciliation of {} tenant {} {} left for the next run: {}", source, tenant, entity, e.getMessage());
                    metrics.failure(source, "unavailable");
                    summary.failed(source, tenant, entity, "unavailable", e.getMessage());
                    stamp(held, key, checkpoint);
                    succeeded = false;
                } finally {
                    traced.close();
                    span.end();
                }
            }
            if (ranAny && succeeded) {
                metrics.succeeded(source, tenant, Instant.now().getEpochSecond());
            }
        }
    }

    /** The class and error code only: the broker's messages quote message properties, and those hold vendor data. */
    private static String brokerError(JMSException e) {
        return e.getClass().getSimpleName() + (e.getErrorCode() == null ? "" : " " + LogText.escape(e.getErrorCode()));
    }

    /** Records the attempt for the schedule; the watermark and the pass stay where they were. */
    private void stamp(BrokerState broker, String key, Checkpoint checkpoint) throws JMSException {
        checkpoint.lastRun = Instant.now();
        broker.write(key, checkpoint.text());
    }

    /** One tenant's entity, page by page; true when it was read to the end. */
    private boolean entity(BrokerState broker, RecordChanges vendor, String tenant, String entity,
            String key, Checkpoint checkpoint, ReconciliationSummary summary, int[] budget) throws JMSException {
        String source = vendor.source();
        ReconciliationProperties.Source config = vendor.config();
        Instant now = Instant.now();
        if (checkpoint.memorySince == null) {
            // the divert to reconcile.covered runs since this gateway's broker started (or the external broker's fragment was applied)
            checkpoint.memorySince = started;
        }
        Instant from;
        // the position of the last page whose events are all stored (null: before the first page)
        String committed;
        // the page to read next; a continued pass reads its last stored page again: records may have moved up a page since
        String at;
        if (checkpoint.passFrom != null) {
            from = checkpoint.passFrom;
            committed = checkpoint.passAt;
            at = committed;
        } else {
            from = checkpoint.watermark != null ? checkpoint.watermark.minus(config.getOverlap()) : now.minus(config.getLookback());
            checkpoint.passNewest = null;
            checkpoint.passStarted = now;
            committed = null;
            at = null;
        }
        if (checkpoint.passStarted == null) {
            checkpoint.passStarted = now;
        }
        Instant baseline = checkpoint.watermark != null ? checkpoint.watermark : from;
        Map<String, String> trace = spans.headers(Context.current());
        String queue = Queues.entity(source, entity);
        String enrichedQueue = enriched(source, entity) ? Queues.enriched(source, entity) : null;
        long skew = properties.getClockSkew().toMillis();
        while (true) {
            if (budget[0] <= 0) {
                checkpoint.passFrom = from;
                checkpoint.passAt = committed;
                checkpoint.lastRun = Instant.now();
                broker.write(key, checkpoint.text());
                summary.complete = false;
                return false;
            }
            RecordChanges.Page page = vendor.page(tenant, entity, from, at);
            List<String> subjects = new ArrayList<>(page.records().size());
            for (JsonNode record : page.records()) {
                subjects.add(subject(vendor, record, entity));
            }
            java.util.Map<String, Long> covered = broker.covered(subjects.stream().filter(java.util.Objects::nonNull)
                    .map(s -> source + "|" + tenant + "|" + entity + "|" + s).toList());
            // versions older than this may have had a webhook the memory no longer holds
            long completeSince = Math.max(checkpoint.memorySince.toEpochMilli(),
                    Instant.now().minus(properties.getCoveredRetention()).plus(properties.getClockSkew()).toEpochMilli());
            for (int i = 0; i < page.records().size(); i++) {
                JsonNode record = page.records().get(i);
                budget[0]--;
                summary.checked++;
                String subject = subjects.get(i);
                Instant modified = VendorHttp.modified(record.get(config.getModifiedField()), config.getTimeZone());
                if (subject == null || modified == null) {
                    summary.rejected++;
                    LOG.warn("Reconciliation of {} tenant {} {}: a record without a usable key or {} was left out",
                            source, tenant, entity, config.getModifiedField());
                    continue;
                }
                String id = ReconciledEvent.id(source, tenant, entity, subject, modified);
                if (checkpoint.seen.containsKey(id)) {
                    summary.alreadyReconciled++;
                    continue;
                }
                Long storedAt = covered.get(source + "|" + tenant + "|" + entity + "|" + subject);
                String outcome = storedAt != null && storedAt >= modified.toEpochMilli() - skew ? "covered"
                        : modified.toEpochMilli() >= completeSince ? "published" : "extra";
                if (!outcome.equals("covered")) {
                    boolean stored = broker.publish(new ReconciledEvent(id, source, tenant, entity, subject, modified, record, JSON, trace),
                            queue, enrichedQueue);
                    if (!stored) {
                        summary.alreadyStored++;
                        outcome = null;
                    }
                }
                if (outcome != null) {
                    metrics.record(source, entity, outcome);
                    switch (outcome) {
                        case "covered" -> summary.covered++;
                        case "published" -> summary.published++;
                        default -> summary.extra++;
                    }
                }
                checkpoint.seen.put(id, modified.toEpochMilli());
                if (checkpoint.passNewest == null || modified.isAfter(checkpoint.passNewest)) {
                    checkpoint.passNewest = modified;
                }
            }
            if (page.next() == null) {
                // the pass is complete: the watermark moves to the newest modification time it saw, but never past the
                // pass's start: a record changed while the pass read later pages sits on a page already read, and the
                // next pass must still reach it (a vendor clock ahead of ours only makes the next read overlap more)
                Instant newest = checkpoint.passNewest;
                if (newest != null && newest.isAfter(checkpoint.passStarted)) {
                    newest = checkpoint.passStarted;
                }
                checkpoint.watermark = newest != null && newest.isAfter(baseline) ? newest : baseline;
                checkpoint.passFrom = null;
                checkpoint.passAt = null;
                checkpoint.passNewest = null;
                checkpoint.passStarted = null;
                checkpoint.lastRun = Instant.now();
                checkpoint.lastSuccess = checkpoint.lastRun;
                checkpoint.prune(config.getOverlap(), 2 * properties.getMaxRecordsPerRun());
                broker.write(key, checkpoint.text());
                return true;
            }
            // every event of the page is stored: the checkpoint may move past it
            committed = at;
            at = page.next();
            checkpoint.passFrom = from;
            checkpoint.passAt = committed;
            checkpoint.cap(4 * properties.getMaxRecordsPerRun());
            broker.write(key, checkpoint.text());
        }
    }

    /** The record's key as the webhook events' subject: bounded, no control characters; null when unusable. */
    private String subject(RecordChanges vendor, JsonNode record, String entity) {
        String text = record == null || !record.isObject() ? null : vendor.key(record, entity);
        if (text == null || text.isEmpty() || text.length() > limits.getMaxSubjectLength()
                || text.chars().anyMatch(Character::isISOControl)) {
            return null;
        }
        return text;
    }

    /** Whether the source's webhook route marks this entity for enrichment (routes/<source>.camel.yaml) and it is on. */
    private boolean enriched(String source, String entity) {
        if (!enrichment.vendor(source).isActive() || !(camel instanceof ModelCamelContext model)) {
            return false;
        }
        RouteDefinition route = model.getRouteDefinition(source + "-webhook");
        Object declared = route == null || route.getTemplateParameters() == null ? null
                : route.getTemplateParameters().get("enrichEntities");
        if (declared == null) {
            return false;
        }
        for (String listed : declared.toString().split(",")) {
            if (listed.trim().equals("*") || listed.trim().equals(entity)) {
                return true;
            }
        }
        return false;
    }
}
