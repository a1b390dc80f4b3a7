package io.github.erpgateway.enrich;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Business NXT: one GraphQL query reading the changed row by its primary keys, in company {@code companyNo} (or, for
 * customer-level tables where companyNo is 0, customer {@code customerNo}). GraphQL names are the table and column
 * names with a lower-case first letter. Fields: gateway.enrichment.business-nxt.fields.&lt;Table&gt;, else the
 * primary keys and the changed columns. Names are checked, values written as GraphQL literals.
 */
@Component("businessNxtQueries")
public class BusinessNxtQueries {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,99}");

    private final EnrichmentProperties.BusinessNxt config;

    public BusinessNxtQueries(EnrichmentProperties properties) {
        this.config = properties.getBusinessNxt();
    }

    public void prepare(Exchange exchange) throws JsonProcessingException {
        JsonNode data = EnrichedEvents.data(exchange);
        String table = data.path("tableIdentifier").asText("");
        String query = query(data, table, fields(data, table));
        ObjectNode body = ExactJson.MAPPER.createObjectNode().put("query", query);
        exchange.setProperty(VendorCalls.METHOD, "POST");
        exchange.setProperty(VendorCalls.PATH, null);
        exchange.setProperty(VendorCalls.BODY, ExactJson.MAPPER.writeValueAsString(body));
        exchange.setProperty("graphqlTable", lowerFirst(name(table)));
        exchange.setProperty("graphqlScope", scope(data).startsWith("useCompany") ? "useCompany" : "useCustomer");
    }

    static String query(JsonNode data, String table, List<String> fields) {
        List<String> filters = new ArrayList<>();
        for (JsonNode key : data.path("primaryKeys")) {
            key.fields().forEachRemaining(e -> filters.add("{" + lowerFirst(name(e.getKey())) + ": {_eq: " + literal(e.getValue()) + "}}"));
        }
        if (filters.isEmpty()) {
            throw new EnrichmentFailedException("the Business NXT event has no primaryKeys");
        }
        return "query { " + scope(data) + " { " + lowerFirst(name(table)) + "(filter: {_and: [" + String.join(", ", filters)
                + "]}) { items { " + String.join(" ", fields) + " } } } }";
    }

    private static String scope(JsonNode data) {
        long company = data.path("companyNo").asLong(0);
        if (company != 0) {
            return "useCompany(no: " + company + ")";
        }
        long customer = data.path("customerNo").asLong(0);
        if (customer == 0) {
            throw new EnrichmentFailedException("the Business NXT event has neither companyNo nor customerNo");
        }
        return "useCustomer(no: " + customer + ")";
    }

    private List<String> fields(JsonNode data, String table) {
        Set<String> fields = new LinkedHashSet<>();
        List<String> configured = configured(table);
        if (configured != null && !configured.isEmpty()) {
            configured.forEach(f -> fields.add(lowerFirst(name(f.trim()))));
            return new ArrayList<>(fields);
        }
        for (String list : new String[] {"primaryKeys", "changedColumns"}) {
            for (JsonNode column : data.path(list)) {
                column.fieldNames().forEachRemaining(f -> fields.add(lowerFirst(name(f))));
            }
        }
        return new ArrayList<>(fields);
    }

    private List<String> configured(String table) {
        for (Map.Entry<String, List<String>> entry : config.getFields().entrySet()) {
            if (entry.getKey().equalsIgnoreCase(table)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static String name(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new EnrichmentFailedException("'" + name + "' is not a Business NXT table or column name");
        }
        return name;
    }

    static String lowerFirst(String name) {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    /** A GraphQL literal: numbers exactly as sent, strings quoted and escaped (JSON string syntax is GraphQL's). */
    private static String literal(JsonNode value) {
        if (value.isNumber()) {
            return value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText();
        }
        if (value.isBoolean()) {
            return value.asText();
        }
        if (value.isTextual()) {
            try {
                return ExactJson.MAPPER.writeValueAsString(value.asText());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new EnrichmentFailedException("a Business NXT primary key value is neither a number, a string nor a boolean");
    }
}
