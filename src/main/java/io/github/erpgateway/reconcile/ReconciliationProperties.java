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
    private final VismaNet vismaNet = new VismaNet();
    private final BusinessNxt businessNxt = new BusinessNxt();

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
    public VismaNet getVismaNet() { return vismaNet; }
    /** Business NXT: one GraphQL query per table, {@code filter: {changedTimestamp: {_gte: $since}}}, cursor paging. */
    public BusinessNxt getBusinessNxt() { return businessNxt; }

    /** The settings of a source, by its id; null for a source that cannot be reconciled. */
    public Source source(String source) {
        if ("visma-net".equals(source)) {
            return vismaNet;
        }
        return "business-nxt".equals(source) ? businessNxt : null;
    }

    /** What every reconciled source has; the vendor-specific names are in {@link VismaNet} and {@link BusinessNxt}. */
    public abstract static class Source {
        /** Reconcile this source: read its tenants' changed records and publish what no webhook covered. */
        private boolean enabled;
        /**
         * Tenants to read: Visma.net the TenantId the webhooks carry (also the token's tenant_id); Business NXT the
         * companyNo (the webhooks' tenant, the company of useCompany(no: …)).
         */
        private List<String> tenants = new ArrayList<>();
        /**
         * Entities to read, as the webhook events name them. Default: Visma.net {@code customer}; Business NXT
         * {@code order,order-line}.
         */
        private List<String> entities;
        /** A tenant's entity is read again this long after the last run of any gateway on the broker. */
        private Duration interval = Duration.ofMinutes(15);
        /** The first run (no watermark yet) reads the records changed this long ago and since. */
        private Duration lookback = Duration.ofHours(1);
        /** Each run reads again this far behind the watermark: records the vendor committed late are still found. */
        private Duration overlap = Duration.ofMinutes(5);
        /** Records per request (Visma.net's pageSize, Business NXT's first). */
        private int pageSize = 100;
        /**
         * The zone of the vendor's times that carry none (the filter, and a modification time without an offset): UTC
         * for both vendors (docs/reconciliation.md says from which of their pages).
         */
        private ZoneId timeZone = ZoneId.of("UTC");
        /**
         * The record field that is the webhook events' subject, per entity. Visma.net: default {@code number}. Business
         * NXT: the key columns, comma-separated, as the webhooks' primaryKeys name them; defaults order: OrderNo,
         * order-line: OrderNo,LineNo, associate: AssociateNo, product: ProductNo.
         */
        private Map<String, String> keys;
        /**
         * The record field holding its modification time (Business NXT: also the column filtered on). Default: Visma.net
         * {@code lastModifiedDateTime}, Business NXT {@code changedTimestamp}.
         */
        private String modifiedField;

        Source(List<String> entities, Map<String, String> keys, String modifiedField) {
            this.entities = new ArrayList<>(entities);
            this.keys = new LinkedHashMap<>(keys);
            this.modifiedField = modifiedField;
        }

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
        public Map<String, String> getKeys() { return keys; }
        public void setKeys(Map<String, String> keys) { this.keys = keys; }
        public String getModifiedField() { return modifiedField; }
        public void setModifiedField(String modifiedField) { this.modifiedField = modifiedField; }

        /** The configured key of an entity, or null. */
        String keyField(String entity) {
            return keys.get(entity);
        }
    }

    public static class VismaNet extends Source {
        /** API path per entity; the defaults cover customer and supplier. */
        private Map<String, String> paths = new LinkedHashMap<>(Map.of("customer", "/v1/customer", "supplier", "/v1/supplier"));

        public VismaNet() {
            super(List.of("customer"), Map.of(), "lastModifiedDateTime");
        }

        public Map<String, String> getPaths() { return paths; }
        public void setPaths(Map<String, String> paths) { this.paths = paths; }

        /** Default {@code number}: every Visma.net entity webhook names its record by number. */
        @Override
        String keyField(String entity) {
            return getKeys().getOrDefault(entity, "number");
        }
    }

    /**
     * Business NXT. Per entity: the GraphQL table ({@code tables}), its key columns ({@code keys}, as the webhooks'
     * primaryKeys name them: the subject is {@code OrderNo=3,LineNo=1} as routes/mappings/business-nxt-row-change.jsonata
     * writes it) and the columns read ({@code gateway.enrichment.business-nxt.fields.<Table>} when set, always with the
     * key columns and the modification time).
     */
    public static class BusinessNxt extends Source {
        /**
         * The GraphQL table of an entity; an entity not listed: its name in camelCase (order-line: orderLine), the
         * inverse of the webhook mapping's $kebab(tableIdentifier).
         */
        private Map<String, String> tables = new LinkedHashMap<>();

        public BusinessNxt() {
            super(List.of("order", "order-line"), Map.of("order", "OrderNo", "order-line", "OrderNo,LineNo",
                    "associate", "AssociateNo", "product", "ProductNo"), "changedTimestamp");
        }

        public Map<String, String> getTables() { return tables; }
        public void setTables(Map<String, String> tables) { this.tables = tables; }

        String table(String entity) {
            String table = tables.get(entity);
            if (table != null) {
                return table;
            }
            StringBuilder camel = new StringBuilder();
            boolean upper = false;
            for (char c : entity.toCharArray()) {
                if (c == '-') {
                    upper = true;
                } else {
                    camel.append(upper ? Character.toUpperCase(c) : c);
                    upper = false;
                }
            }
            return camel.toString();
        }

        /** The key columns of an entity, in order; empty when none is configured. */
        List<String> keyColumns(String entity) {
            String key = keyField(entity);
            if (key == null) {
                return List.of();
            }
            return java.util.Arrays.stream(key.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList();
        }
    }
}
