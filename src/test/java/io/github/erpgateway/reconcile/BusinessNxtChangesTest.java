package io.github.erpgateway.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.erpgateway.enrich.EnrichmentProperties;
import org.junit.jupiter.api.Test;

/** The Business NXT query, its variables and the reading of its replies, without a vendor. */
class BusinessNxtChangesTest {

    private static JsonNode json(String text) throws Exception {
        return Reconciler.JSON.readTree(text);
    }

    private static BusinessNxtChanges changes(ReconciliationProperties properties, EnrichmentProperties enrichment) {
        return new BusinessNxtChanges(enrichment, properties, null);
    }

    private static ReconciliationProperties enabled(String... entities) {
        ReconciliationProperties properties = new ReconciliationProperties();
        properties.getBusinessNxt().setEnabled(true);
        properties.getBusinessNxt().setTenants(List.of("5199768"));
        properties.getBusinessNxt().setEntities(List.of(entities));
        return properties;
    }

    private static EnrichmentProperties credentials() {
        EnrichmentProperties enrichment = new EnrichmentProperties();
        enrichment.getBusinessNxt().setClientId("client");
        return enrichment;
    }

    @Test
    void theQueryNamesOnlyTheTableAndItsFieldsAndEveryValueIsAVariable() throws Exception {
        ReconciliationProperties properties = enabled("order-line");
        EnrichmentProperties enrichment = credentials();
        enrichment.getBusinessNxt().getFields().put("OrderLine", List.of("Description", "orderNo"));
        BusinessNxtChanges changes = changes(properties, enrichment);
        changes.validate();

        List<String> fields = changes.fields("order-line");
        assertThat(fields).containsExactly("orderNo", "lineNo", "changedTimestamp", "description");
        String query = BusinessNxtChanges.query(properties.getBusinessNxt().table("order-line"), "changedTimestamp", fields);
        assertThat(query).isEqualTo("query Reconcile($companyNo: Int!, $since: DateTime!, $first: Int!, $after: String) { "
                + "useCompany(no: $companyNo) { orderLine(first: $first, after: $after, filter: {changedTimestamp: {_gte: $since}}) "
                + "{ items { orderNo lineNo changedTimestamp description } pageInfo { hasNextPage endCursor } } } }");

        String since = BusinessNxtChanges.FILTER.format(LocalDateTime.ofInstant(Instant.parse("2026-12-07T09:05:03.007Z"), ZoneId.of("UTC")));
        ObjectNode first = BusinessNxtChanges.request(query, 5199768, since, 100, null);
        assertThat(first.path("variables").toString())
                .isEqualTo("{\"companyNo\":5199768,\"since\":\"2026-12-07 09:05:03.007\",\"first\":100,\"after\":null}");
        // a cursor with quotes and braces stays a value: the query text is the same for every page
        ObjectNode next = BusinessNxtChanges.request(query, 5199768, since, 100, "\"}) { x }");
        assertThat(next.path("query").asText()).isEqualTo(query);
        assertThat(next.path("variables").path("after").asText()).isEqualTo("\"}) { x }");
    }

    @Test
    void aConfiguredNameThatIsNotAGraphQlNameIsRefusedAtStart() {
        ReconciliationProperties tableInjected = enabled("order-line");
        tableInjected.getBusinessNxt().getTables().put("order-line", "orderLine { items { secret } } x: orderLine");
        assertThatThrownBy(() -> changes(tableInjected, credentials()).validate()).hasMessageContaining("tables.order-line");

        ReconciliationProperties keyInjected = enabled("order-line");
        keyInjected.getBusinessNxt().getKeys().put("order-line", "OrderNo,LineNo}");
        assertThatThrownBy(() -> changes(keyInjected, credentials()).validate()).hasMessageContaining("not a GraphQL field name");

        ReconciliationProperties fieldInjected = enabled("order-line");
        EnrichmentProperties enrichment = credentials();
        enrichment.getBusinessNxt().getFields().put("orderline", List.of("description } }"));
        assertThatThrownBy(() -> changes(fieldInjected, enrichment).validate()).hasMessageContaining("not a GraphQL field name");

        ReconciliationProperties modifiedInjected = enabled("order-line");
        modifiedInjected.getBusinessNxt().setModifiedField("changedTimestamp: {_gte: \"2000-01-01\"}}, x: {");
        assertThatThrownBy(() -> changes(modifiedInjected, credentials()).validate()).hasMessageContaining("modified-field");

        ReconciliationProperties noKeys = enabled("voucher");
        assertThatThrownBy(() -> changes(noKeys, credentials()).validate()).hasMessageContaining("keys.voucher");

        ReconciliationProperties notACompany = enabled("order");
        notACompany.getBusinessNxt().setTenants(List.of("5199768) { x }"));
        assertThatThrownBy(() -> changes(notACompany, credentials()).validate()).hasMessageContaining("not a companyNo");
        notACompany.getBusinessNxt().setTenants(List.of("99999999999"));
        assertThatThrownBy(() -> changes(notACompany, credentials()).validate()).hasMessageContaining("not a companyNo");

        assertThatThrownBy(() -> changes(enabled("order"), new EnrichmentProperties()).validate()).hasMessageContaining("client-id");
    }

    @Test
    void anEntityIsItsTableInCamelCaseUnlessConfigured() {
        ReconciliationProperties properties = enabled("order-line");
        assertThat(properties.getBusinessNxt().table("order-line")).isEqualTo("orderLine");
        assertThat(properties.getBusinessNxt().table("general-ledger-account")).isEqualTo("generalLedgerAccount");
        properties.getBusinessNxt().getTables().put("gl-account", "generalLedgerAccount");
        assertThat(properties.getBusinessNxt().table("gl-account")).isEqualTo("generalLedgerAccount");
    }

    @Test
    void theSubjectIsTheWebhooksPrimaryKeysInTheirOrder() throws Exception {
        BusinessNxtChanges changes = changes(enabled("order-line"), credentials());
        assertThat(changes.key(json("{\"lineNo\":1,\"orderNo\":9223372036854775807,\"changedTimestamp\":\"x\"}"), "order-line"))
                .isEqualTo("OrderNo=9223372036854775807,LineNo=1");
        assertThat(changes.key(json("{\"orderNo\":3}"), "order-line")).isNull();
        assertThat(changes.key(json("{\"orderNo\":3,\"lineNo\":{\"a\":1}}"), "order-line")).isNull();
        assertThat(changes.key(json("{\"orderNo\":3,\"lineNo\":1.5}"), "order-line")).isNull();
    }

    @Test
    void aPageIsItsItemsAndTheCursorOfTheNext() throws Exception {
        RecordChanges.Page page = BusinessNxtChanges.page(json("{\"data\":{\"useCompany\":{\"orderLine\":{\"items\":"
                + "[{\"orderNo\":1},{\"orderNo\":2},{\"orderNo\":3}],\"pageInfo\":{\"hasNextPage\":true,\"endCursor\":\"Mg==\"}}}}}"),
                "orderLine", 2);
        assertThat(page.records()).hasSize(2); // never more than the page size
        assertThat(page.next()).isEqualTo("Mg==");

        RecordChanges.Page last = BusinessNxtChanges.page(json("{\"data\":{\"useCompany\":{\"orderLine\":{\"items\":"
                + "[{\"orderNo\":1}],\"pageInfo\":{\"hasNextPage\":false,\"endCursor\":\"MQ==\"}}}}}"), "orderLine", 2);
        assertThat(last.next()).isNull();
        // an empty page ends the pass, whatever hasNextPage says: no endless loop of empty pages
        assertThat(BusinessNxtChanges.page(json("{\"data\":{\"useCompany\":{\"orderLine\":{\"items\":[],"
                + "\"pageInfo\":{\"hasNextPage\":true,\"endCursor\":\"MQ==\"}}}}}"), "orderLine", 2).next()).isNull();
    }

    @Test
    void graphQlErrorsOrAnUnusableReplyLeaveTheEntityForTheNextRun() {
        for (String reply : List.of(
                "{\"errors\":[{\"message\":\"Error: Invalid field 'x' <script>\"}],\"data\":{\"useCompany\":{\"orderLine\":null}}}",
                // partial data beside an error is not used either: rows could be missing from it
                "{\"errors\":[{\"message\":\"timeout\"}],\"data\":{\"useCompany\":{\"orderLine\":{\"items\":[{\"orderNo\":1}],"
                        + "\"pageInfo\":{\"hasNextPage\":false}}}}}",
                "{\"data\":{\"useCompany\":null}}",
                "{\"data\":{\"useCompany\":{\"orderLine\":{\"items\":[{\"orderNo\":1}]}}}}",
                "{\"data\":{\"useCompany\":{\"orderLine\":{\"items\":[{\"orderNo\":1}],\"pageInfo\":{\"hasNextPage\":true}}}}}",
                "{\"data\":{\"useCompany\":{\"orderLine\":{\"items\":[{\"orderNo\":1}],\"pageInfo\":{\"hasNextPage\":true,"
                        + "\"endCursor\":\"a\\r\\nforged\"}}}}}",
                "{\"data\":{\"useCompany\":{\"orderLine\":{\"items\":[{\"orderNo\":1}],\"pageInfo\":{\"hasNextPage\":true,"
                        + "\"endCursor\":\"" + "c".repeat(1025) + "\"}}}}}")) {
            assertThatThrownBy(() -> BusinessNxtChanges.page(json(reply), "orderLine", 2)).as(reply)
                    .isInstanceOf(RecordChanges.TryLaterException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("script", "forged", "timeout"));
        }
    }

    @Test
    void changedTimestampAsTheVendorWritesItIsReadInTheConfiguredZone() {
        assertThat(VendorHttp.modified(com.fasterxml.jackson.databind.node.TextNode.valueOf("2024-10-01 12:45:33.7981234"),
                ZoneId.of("UTC"))).isEqualTo(Instant.parse("2024-10-01T12:45:33.798123400Z"));
        assertThat(VendorHttp.modified(com.fasterxml.jackson.databind.node.TextNode.valueOf("2024-10-01 12:45:33.798"),
                ZoneId.of("Europe/Oslo"))).isEqualTo(Instant.parse("2024-10-01T10:45:33.798Z"));
        assertThat(VendorHttp.modified(com.fasterxml.jackson.databind.node.TextNode.valueOf("2024-10-01T12:45:33Z"),
                ZoneId.of("Europe/Oslo"))).isEqualTo(Instant.parse("2024-10-01T12:45:33Z"));
    }
}
