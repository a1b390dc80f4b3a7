package io.github.erpgateway.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.erpgateway.broker.Queues;
import io.github.erpgateway.enrich.EnrichmentProperties;
import io.github.erpgateway.intake.PayloadLimits;
import io.github.erpgateway.reply.LogText;
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
 * since the watermark minus the overlap, page by page, and publishes each version no stored webhook event covers.
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
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]{1,100}){1,5}");
    private static final String SOURCE = "visma-net";

    private final ReconciliationProperties properties;
    private final EnrichmentProperties enrichment;
    private final VismaNetChanges vismaNet;
    private final ReconciliationMetrics metrics;
    private final ConnectionFactory connections;
    private final CamelContext camel;
    private final PayloadLimits limits;
    private final Instant started = Instant.now();

    public Reconciler(ReconciliationProperties properties, EnrichmentProperties enrichment, VismaNetChanges vismaNet,
            ReconciliationMetrics metrics, ConnectionFactory connectionFactory, CamelContext camel,
            PayloadLimits limits) {
        this.properties = properties;
        this.enrichment = enrichment;
        this.vismaNet = vismaNet;
        this.metrics = metrics;
        this.camel = camel;
        this.limits = limits;
        // a connection of its own per run: the caching factory would keep the lock's consumer open after close
        this.connections = connectionFactory instanceof SingleConnectionFactory caching
                && caching.getTargetConnectionFactory() != null ? caching.getTargetConnectionFactory() : connectionFactory;
        ReconciliationProperties.Source visma = properties.getVismaNet();
        if (visma.isEnabled()) {
            validate(visma);
        }
    }

    private void validate(ReconciliationProperties.Source config) {
        String clientId = enrichment.getVismaNet().getClientId();
        if (clientId == null || clientId.isBlank()) {
            // the enrichment's credentials, whether or not the enrichment itself is switched on
            throw new IllegalStateException("gateway.reconciliation.visma-net.enabled needs gateway.enrichment.visma-net.client-id");
        }
        if (config.getTenants().isEmpty() || config.getEntities().isEmpty()) {
            throw new IllegalStateException("gateway.reconciliation.visma-net needs tenants and entities");
        }
        for (String tenant : config.getTenants()) {
            if (!TENANT.matcher(tenant).matches()) {
                throw new IllegalStateException("gateway.reconciliation.visma-net.tenants: '" + tenant + "' is not a tenant id");
            }
        }
        for (String entity : config.getEntities()) {
            String path = config.getPaths().get(entity);
            if (!NAME.matcher(entity).matches() || path == null || !PATH.matcher(path).matches()) {
                throw new IllegalStateException("gateway.reconciliation.visma-net.entities: '" + entity
                        + "' needs a kebab-case name and a path in gateway.reconciliation.visma-net.paths");
            }
        }
        if (config.getPageSize() < 1 || config.getPageSize() > 10_000 || properties.getMaxRecordsPerRun() < 1
                || config.getInterval().isNegative() || config.getOverlap().isNegative() || config.getLookback().isNegative()) {
            throw new IllegalStateException("gateway.reconciliation: page-size 1..10000, max-records-per-run >= 1, durations >= 0");
        }
    }

    /** The timer's tick: each enabled tenant's entity whose interval has passed since any gateway's run of it. */
    public void scheduled() {
        if (!properties.getVismaNet().isEnabled()) {
            return;
        }
        ReconciliationSummary summary = run(null, null, true, Duration.ZERO);
        if (summary.ran && summary.checked > 0) {
            LOG.info("Reconciliation run: {}", summary);
        }
    }

    /** A run on demand (actuator, JMX); null filters match everything. Waits up to 30 s for a run in progress. */
    public Map<String, Object> onDemand(String source, String tenant, String entity) {
        ReconciliationProperties.Source config = properties.source(source == null ? SOURCE : source);
        if (config == null || !config.isEnabled()) {
            throw new IllegalArgumentException("no enabled reconciliation for source " + LogText.escape(source));
        }
        if (tenant != null && !config.getTenants().contains(tenant)) {
            throw new IllegalArgumentException("tenant is not in gateway.reconciliation." + SOURCE + ".tenants");
        }
        if (entity != null && !config.getEntities().contains(entity)) {
            throw new IllegalArgumentException("entity is not in gateway.reconciliation." + SOURCE + ".entities");
        }
        ReconciliationSummary summary = run(tenant, entity, false, Duration.ofSeconds(30));
        LOG.info("Reconciliation run on demand: {}", summary);
        return summary.toMap();
    }

    ReconciliationSummary run(String tenantFilter, String entityFilter, boolean onlyDue, Duration waitForLock) {
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
            ReconciliationProperties.Source config = properties.getVismaNet();
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
                    String key = SOURCE + "|" + tenant + "|" + entity;
                    Checkpoint checkpoint = Checkpoint.parse(held.read(key));
                    if (checkpoint.lastSuccess != null) {
                        metrics.succeeded(SOURCE, tenant, checkpoint.lastSuccess.getEpochSecond());
                    }
                    Instant due = (checkpoint.lastRun != null ? checkpoint.lastRun : started).plus(config.getInterval());
                    if (onlyDue && Instant.now().isBefore(due)) {
                        succeeded = false; // not run now: the tenant's success is not renewed
                        continue;
                    }
                    ranAny = true;
                    try {
                        boolean finished = entity(held, config, tenant, entity, key, checkpoint, summary, budget);
                        succeeded &= finished;
                    } catch (VismaNetChanges.TenantRefusedException e) {
                        LOG.warn("Reconciliation of {} tenant {} stopped for this run: {}; its watermarks stay", SOURCE, tenant, e.getMessage());
                        metrics.failure(SOURCE, "refused");
                        summary.failed(SOURCE, tenant, entity, "refused", e.getMessage());
                        stamp(held, key, checkpoint);
                        succeeded = false;
                        break;
                    } catch (VismaNetChanges.TryLaterException e) {
                        LOG.warn("Reconciliation of {} tenant {} {} left for the next run: {}", SOURCE, tenant, entity, e.getMessage());
                        metrics.failure(SOURCE, "unavailable");
                        summary.failed(SOURCE, tenant, entity, "unavailable", e.getMessage());
                        stamp(held, key, checkpoint);
                        succeeded = false;
                    }
                }
                if (ranAny && succeeded) {
                    metrics.succeeded(SOURCE, tenant, Instant.now().getEpochSecond());
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
    private boolean entity(BrokerState broker, ReconciliationProperties.Source config, String tenant, String entity,
            String key, Checkpoint checkpoint, ReconciliationSummary summary, int[] budget) throws JMSException {
        Instant now = Instant.now();
        if (checkpoint.memorySince == null) {
            // the divert to reconcile.covered runs since this gateway's broker started (or the external broker's fragment was applied)
            checkpoint.memorySince = started;
        }
        Instant from;
        int page;
        if (checkpoint.passFrom != null) {
            from = checkpoint.passFrom;
            page = Math.max(1, checkpoint.passNextPage - 1); // a page back: records may have moved up a page since
        } else {
            from = checkpoint.watermark != null ? checkpoint.watermark.minus(config.getOverlap()) : now.minus(config.getLookback());
            checkpoint.passNewest = null;
            page = 1;
        }
        Instant baseline = checkpoint.watermark != null ? checkpoint.watermark : from;
        String queue = Queues.entity(SOURCE, entity);
        String enrichedQueue = enriched(entity) ? Queues.enriched(SOURCE, entity) : null;
        String keyField = config.keyField(entity);
        long skew = properties.getClockSkew().toMillis();
        while (true) {
            if (budget[0] <= 0) {
                checkpoint.passFrom = from;
                checkpoint.passNextPage = page;
                checkpoint.lastRun = Instant.now();
                broker.write(key, checkpoint.text());
                summary.complete = false;
                return false;
            }
            List<JsonNode> records = vismaNet.page(tenant, entity, from, page);
            java.util.Map<String, Long> covered = broker.covered(records.stream().map(r -> subject(r.get(keyField)))
                    .filter(java.util.Objects::nonNull).map(s -> SOURCE + "|" + tenant + "|" + entity + "|" + s).toList());
            // versions older than this may have had a webhook the memory no longer holds
            long completeSince = Math.max(checkpoint.memorySince.toEpochMilli(),
                    Instant.now().minus(properties.getCoveredRetention()).plus(properties.getClockSkew()).toEpochMilli());
            for (JsonNode record : records) {
                budget[0]--;
                summary.checked++;
                String subject = subject(record.get(keyField));
                Instant modified = VismaNetChanges.modified(record.get(config.getModifiedField()), config.getTimeZone());
                if (subject == null || modified == null) {
                    summary.rejected++;
                    LOG.warn("Reconciliation of {} tenant {} {}: a record without a usable {} or {} was left out",
                            SOURCE, tenant, entity, keyField, config.getModifiedField());
                    continue;
                }
                String id = ReconciledEvent.id(SOURCE, tenant, entity, subject, modified);
                if (checkpoint.seen.containsKey(id)) {
                    summary.alreadyReconciled++;
                    continue;
                }
                Long storedAt = covered.get(SOURCE + "|" + tenant + "|" + entity + "|" + subject);
                String outcome = storedAt != null && storedAt >= modified.toEpochMilli() - skew ? "covered"
                        : modified.toEpochMilli() >= completeSince ? "published" : "extra";
                if (!outcome.equals("covered")) {
                    boolean stored = broker.publish(new ReconciledEvent(id, SOURCE, tenant, entity, subject, modified, record, JSON),
                            queue, enrichedQueue);
                    if (!stored) {
                        summary.alreadyStored++;
                        outcome = null;
                    }
                }
                if (outcome != null) {
                    metrics.record(SOURCE, entity, outcome);
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
            if (records.size() < config.getPageSize()) {
                // the pass is complete: the watermark moves to the newest modification time it saw
                Instant newest = checkpoint.passNewest;
                checkpoint.watermark = newest != null && newest.isAfter(baseline) ? newest : baseline;
                checkpoint.passFrom = null;
                checkpoint.passNewest = null;
                checkpoint.lastRun = Instant.now();
                checkpoint.lastSuccess = checkpoint.lastRun;
                checkpoint.prune(config.getOverlap(), 2 * properties.getMaxRecordsPerRun());
                broker.write(key, checkpoint.text());
                return true;
            }
            // every event of the page is stored: the checkpoint may move past it
            page++;
            checkpoint.passFrom = from;
            checkpoint.passNextPage = page;
            checkpoint.cap(4 * properties.getMaxRecordsPerRun());
            broker.write(key, checkpoint.text());
        }
    }

    /** The record's key as the webhook events' subject: a bounded string or integer, no control characters. */
    private String subject(JsonNode value) {
        if (value == null || !(value.isTextual() || value.isIntegralNumber())) {
            return null;
        }
        String text = value.isTextual() ? value.asText().trim() : value.asText();
        if (text.isEmpty() || text.length() > limits.getMaxSubjectLength() || text.chars().anyMatch(Character::isISOControl)) {
            return null;
        }
        return text;
    }

    /** Whether the source's webhook route marks this entity for enrichment (routes/visma-net.camel.yaml) and it is on. */
    private boolean enriched(String entity) {
        if (!enrichment.getVismaNet().isActive() || !(camel instanceof ModelCamelContext model)) {
            return false;
        }
        RouteDefinition route = model.getRouteDefinition(SOURCE + "-webhook");
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
