package io.github.erpgateway.reconcile;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.erpgateway.enrich.EnrichmentProperties;
import io.github.erpgateway.enrich.Vendors;
import org.springframework.stereotype.Component;

/**
 * Reads one page of a Business NXT table's rows changed since a time, in company {@code companyNo} (the tenant), with
 * one GraphQL POST to the enrichment's {@code graphql-url} and its service token:
 * <pre>
 * query Reconcile($companyNo: Int!, $since: DateTime!, $first: Int!, $after: String) {
 *   useCompany(no: $companyNo) {
 *     orderLine(first: $first, after: $after, filter: {changedTimestamp: {_gte: $since}}) {
 *       items { orderNo lineNo changedTimestamp … }
 *       pageInfo { hasNextPage endCursor }
 *     }
 *   }
 * }
 * </pre>
 * The query text is made of configured names only, each checked at start against GraphQL's name syntax; every value
 * (company, time, page size, cursor) goes in {@code variables}. A page's position is the cursor it was read after.
 */
@Component
class BusinessNxtChanges implements RecordChanges {

    /** The timestamp format the vendor documents for changedTimestamp (a T-SQL datetime2, no zone). */
    static final DateTimeFormatter FILTER = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    /** GraphQL's name syntax (the spec's Name), bounded. */
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,99}");
    private static final Pattern ENTITY = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** companyNo: a positive GraphQL Int (32 bits). */
    private static final Pattern COMPANY = Pattern.compile("[1-9][0-9]{0,9}");
    /** A cursor kept in the checkpoint and sent back: opaque to the gateway, but bounded and printable. */
    static final Pattern CURSOR = Pattern.compile("[\\x21-\\x7E]{1,1024}");
    private static final String API = "Business NXT GraphQL API";

    private final EnrichmentProperties.BusinessNxt enrichment;
    private final ReconciliationProperties.BusinessNxt config;
    private final VendorHttp http;

    BusinessNxtChanges(EnrichmentProperties enrichment, ReconciliationProperties properties, VendorHttp http) {
        this.enrichment = enrichment.getBusinessNxt();
        this.config = properties.getBusinessNxt();
        this.http = http;
    }

    @Override
    public String source() {
        return Vendors.BUSINESS_NXT;
    }

    @Override
    public ReconciliationProperties.Source config() {
        return config;
    }

    @Override
    public void validate() {
        String clientId = enrichment.getClientId();
        if (clientId == null || clientId.isBlank()) {
            // the enrichment's credentials, whether or not the enrichment itself is switched on
            throw new IllegalStateException("gateway.reconciliation.business-nxt.enabled needs gateway.enrichment.business-nxt.client-id");
        }
        for (String tenant : config.getTenants()) {
            if (!COMPANY.matcher(tenant).matches() || Long.parseLong(tenant) > Integer.MAX_VALUE) {
                throw new IllegalStateException("gateway.reconciliation.business-nxt.tenants: '" + tenant + "' is not a companyNo");
            }
        }
        if (!IDENTIFIER.matcher(config.getModifiedField()).matches()) {
            throw new IllegalStateException("gateway.reconciliation.business-nxt.modified-field is not a GraphQL field name");
        }
        for (String entity : config.getEntities()) {
            if (!ENTITY.matcher(entity).matches()) {
                throw new IllegalStateException("gateway.reconciliation.business-nxt.entities: '" + entity + "' is not a kebab-case name");
            }
            if (!IDENTIFIER.matcher(config.table(entity)).matches()) {
                throw new IllegalStateException("gateway.reconciliation.business-nxt.tables." + entity + " is not a GraphQL table name");
            }
            List<String> keys = config.keyColumns(entity);
            if (keys.isEmpty()) {
                throw new IllegalStateException("gateway.reconciliation.business-nxt.keys." + entity
                        + " is missing: the key columns, as the webhooks' primaryKeys name them (OrderNo,LineNo)");
            }
            for (String field : fields(entity)) {
                if (!IDENTIFIER.matcher(field).matches()) {
                    throw new IllegalStateException("gateway.reconciliation.business-nxt: a key or field of " + entity
                            + " is not a GraphQL field name");
                }
            }
        }
    }

    @Override
    public Page page(String tenant, String entity, Instant from, String at) {
        String table = config.table(entity);
        ObjectNode body = request(query(table, config.getModifiedField(), fields(entity)), Integer.parseInt(tenant),
                FILTER.format(LocalDateTime.ofInstant(from, config.getTimeZone())), config.getPageSize(), at);
        String text;
        try {
            text = Reconciler.JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a request of strings and numbers is always writable", e);
        }
        URI uri = URI.create(enrichment.getGraphqlUrl());
        byte[] reply = http.call(API, Vendors.BUSINESS_NXT, tenant, token -> HttpRequest.newBuilder(uri)
                .timeout(http.responseTimeout()).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text)).build());
        Page page = page(VendorHttp.json(API, reply), table, config.getPageSize());
        if (page.next() != null && page.next().equals(at)) {
            throw new TryLaterException("the Business NXT GraphQL API's cursor did not move");
        }
        return page;
    }

    /** The query of a table: names only, every value a variable. The names were checked by {@link #validate}. */
    static String query(String table, String modifiedField, List<String> fields) {
        return "query Reconcile($companyNo: Int!, $since: DateTime!, $first: Int!, $after: String) { "
                + "useCompany(no: $companyNo) { " + table + "(first: $first, after: $after, filter: {" + modifiedField
                + ": {_gte: $since}}) { items { " + String.join(" ", fields) + " } pageInfo { hasNextPage endCursor } } } }";
    }

    static ObjectNode request(String query, int companyNo, String since, int first, String after) {
        ObjectNode body = Reconciler.JSON.createObjectNode().put("query", query);
        ObjectNode variables = body.putObject("variables");
        variables.put("companyNo", companyNo).put("since", since).put("first", first);
        if (after == null) {
            variables.putNull("after");
        } else {
            variables.put("after", after);
        }
        return body;
    }

    /**
     * The page in a reply. A reply with GraphQL {@code errors} is not used, even with partial data: rows could be
     * missing from it, so the entity is read again by the next run.
     */
    static Page page(JsonNode reply, String table, int pageSize) {
        JsonNode errors = reply.get("errors");
        if (errors != null && !errors.isNull() && !(errors.isArray() && errors.isEmpty())) {
            throw new TryLaterException("the Business NXT GraphQL API answered " + (errors.isArray() ? errors.size() : 1)
                    + " GraphQL error(s)");
        }
        JsonNode connection = reply.path("data").path("useCompany").path(table);
        JsonNode items = connection.get("items");
        JsonNode pageInfo = connection.get("pageInfo");
        if (items == null || !(items.isArray() || items.isNull()) || pageInfo == null || !pageInfo.isObject()) {
            throw new TryLaterException("the Business NXT GraphQL API's reply has no items and pageInfo of the table");
        }
        List<JsonNode> records = new ArrayList<>(Math.min(items.size(), pageSize));
        for (int i = 0; i < items.size() && i < pageSize; i++) {
            records.add(items.get(i));
        }
        if (records.isEmpty() || !pageInfo.path("hasNextPage").asBoolean(false)) {
            return new Page(records, null);
        }
        JsonNode cursor = pageInfo.get("endCursor");
        if (cursor == null || !cursor.isTextual() || !CURSOR.matcher(cursor.asText()).matches()) {
            throw new TryLaterException("the Business NXT GraphQL API's next page has no usable endCursor");
        }
        return new Page(records, cursor.asText());
    }

    /**
     * The subject the webhook events of the row carry: {@code OrderNo=3,LineNo=1}, the key columns as the webhooks'
     * primaryKeys name them, each value a string or an integer (read from the GraphQL field, lower-case first letter).
     */
    @Override
    public String key(JsonNode record, String entity) {
        StringBuilder subject = new StringBuilder();
        for (String column : config.keyColumns(entity)) {
            JsonNode value = record.get(lowerFirst(column));
            if (value == null || !(value.isTextual() || value.isIntegralNumber())) {
                return null;
            }
            if (subject.length() > 0) {
                subject.append(',');
            }
            subject.append(column).append('=').append(value.asText());
        }
        return subject.toString();
    }

    /** The fields read: the key columns, the modification time and the enrichment's fields of the table, if set. */
    List<String> fields(String entity) {
        Set<String> fields = new LinkedHashSet<>();
        config.keyColumns(entity).forEach(column -> fields.add(lowerFirst(column)));
        fields.add(config.getModifiedField());
        String table = config.table(entity);
        for (Map.Entry<String, List<String>> entry : enrichment.getFields().entrySet()) {
            if (entry.getKey().equalsIgnoreCase(table)) {
                entry.getValue().forEach(field -> fields.add(lowerFirst(field.trim())));
            }
        }
        return new ArrayList<>(fields);
    }

    static String lowerFirst(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
