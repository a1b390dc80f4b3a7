package io.github.erpgateway.reconcile;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Everything under {@code gateway.reconciliation.*} (docs/reconciliation.md). Off unless a source is enabled; it reads
 * the vendor API with the enrichment's API base and credentials ({@code gateway.enrichment.<source>.*}).
 */
@ConfigurationProperties(prefix = "gateway.reconciliation")
public class ReconciliationProperties {

    /**
     * A webhook event covers a record version when it was stored no earlier than the version's modification time minus
     * this: the vendor's and the gateway's clocks differ, and the vendor sends the webhook after it saved the record.
     */
    private Duration clockSkew = Duration.ofMinutes(1);
    /**
     * How long the broker remembers the newest webhook event stored per record (queue reconcile.covered): the memory's
     * bound. A version modified longer ago than this (minus clock-skew) may have had a forgotten webhook: if read, it
     * is published and counted extra. Keep it above interval + overlap + the longest outage to bridge.
     */
    private Duration coveredRetention = Duration.ofHours(24);
    /** Records read per run, over all tenants and entities; the rest is read by the next run. */
    private int maxRecordsPerRun = 10_000;
    /** A 429's Retry-After is waited for at most this long; the page is tried three times, then left for the next run. */
    private Duration maxRetryAfter = Duration.ofSeconds(60);
    /**
     * How often each gateway checks whether a tenant's entity is due (routes/reconciliation.camel.yaml). Not how often
     * the vendor is called: that is each source's interval, counted from the last run of any gateway on the broker.
     */
    private Duration tick = Duration.ofSeconds(30);
    private final Source vismaNet = new Source();

    public Duration getClockSkew() { return clockSkew; }
    public void setClockSkew(Duration clockSkew) { this.clockSkew = clockSkew; }
    public Duration getCoveredRetention() { return coveredRetention; }
    public void setCoveredRetention(Duration coveredRetention) { this.coveredRetention = coveredRetention; }
    public int getMaxRecordsPerRun() { return maxRecordsPerRun; }
    public void setMaxRecordsPerRun(int maxRecordsPerRun) { this.maxRecordsPerRun = maxRecordsPerRun; }
    public Duration getMaxRetryAfter() { return maxRetryAfter; }
    public void setMaxRetryAfter(Duration maxRetryAfter) { this.maxRetryAfter = maxRetryAfter; }
    public Duration getTick() { return tick; }
    public void setTick(Duration tick) { this.tick = tick; }
    /** Visma.net ERP: {@code GET <api-base><path>?lastModifiedDateTime=…&lastModifiedDateTimeCondition=>=&pageNumber&pageSize}. */
    public Source getVismaNet() { return vismaNet; }

    /** The settings of a source, by its id; null for a source that cannot be reconciled. */
    public Source source(String source) {
        return "visma-net".equals(source) ? vismaNet : null;
    }

    public static class Source {
        /** Reconcile this source: read its tenants' changed records and publish what no webhook covered. */
        private boolean enabled;
        /** Tenants to read (Visma.net: the TenantId the webhooks carry, which is also the token's tenant_id). */
        private List<String> tenants = new ArrayList<>();
        /** Entities to read, as the webhook events name them (customer, supplier). */
        private List<String> entities = new ArrayList<>(List.of("customer"));
        /** A tenant's entity is read again this long after the last run of any gateway on the broker. */
        private Duration interval = Duration.ofMinutes(15);
        /** The first run (no watermark yet) reads the records changed this long ago and since. */
        private Duration lookback = Duration.ofHours(1);
        /** Each run reads again this far behind the watermark: records the vendor committed late are still found. */
        private Duration overlap = Duration.ofMinutes(5);
        /** Records per request (Visma.net enforces paging). */
        private int pageSize = 100;
        /**
         * The zone of the vendor's times that carry none (Visma.net's filter and lastModifiedDateTime): UTC, as the
         * vendor's release notes document for lastModifiedDateTime (docs/reconciliation.md).
         */
        private ZoneId timeZone = ZoneId.of("UTC");
        /** API path per entity; the defaults cover customer and supplier. */
        private Map<String, String> paths = new LinkedHashMap<>(Map.of("customer", "/v1/customer", "supplier", "/v1/supplier"));
        /** The record field that is the webhook events' subject, per entity; default {@code number}. */
        private Map<String, String> keys = new LinkedHashMap<>();
        /** The record field holding its modification time. */
        private String modifiedField = "lastModifiedDateTime";

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public List<String> getTenants() { return tenants; }
        public void setTenants(List<String> tenants) { this.tenants = tenants; }
        public List<String> getEntities() { return entities; }
        public void setEntities(List<String> entities) { this.entities = entities; }
        public Duration getInterval() { return interval; }
        public void setInterval(Duration interval) { this.interval = interval; }
        public Duration getLookback() { return lookback; }
        public void setLookback(Duration lookback) { this.lookback = lookback; }
        public Duration getOverlap() { return overlap; }
        public void setOverlap(Duration overlap) { this.overlap = overlap; }
        public int getPageSize() { return pageSize; }
        public void setPageSize(int pageSize) { this.pageSize = pageSize; }
        public ZoneId getTimeZone() { return timeZone; }
        public void setTimeZone(ZoneId timeZone) { this.timeZone = timeZone; }
        public Map<String, String> getPaths() { return paths; }
        public void setPaths(Map<String, String> paths) { this.paths = paths; }
        public Map<String, String> getKeys() { return keys; }
        public void setKeys(Map<String, String> keys) { this.keys = keys; }
        public String getModifiedField() { return modifiedField; }
        public void setModifiedField(String modifiedField) { this.modifiedField = modifiedField; }

        String keyField(String entity) {
            return keys.getOrDefault(entity, "number");
        }
    }
}
