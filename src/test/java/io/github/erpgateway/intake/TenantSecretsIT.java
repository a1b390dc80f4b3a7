package io.github.erpgateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.erpgateway.support.GatewayTestSupport;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 19 point 5: a secret listed under gateway.sources.&lt;source&gt;.tenants.&lt;tenant&gt;.secrets verifies only
 * events whose mapped tenant is that tenant. Any other event signed with it is answered 401 like a bad signature, is
 * stored nowhere and is counted; the source-wide secrets keep signing for every tenant. A tenant taken from the
 * unsigned x-vwd-tenant-id header is never verified by a tenant-bound secret.
 */
@TestPropertySource(properties = {
        "gateway.sources.venio.tenants.acme-crm.secrets=acme-crm-secret",
        "gateway.sources.business-nxt.tenants.5199768.secrets=company-5199768-secret",
        "gateway.sources.visma-net.tenants.tenant-a.secrets=tenant-a-secret",
})
class TenantSecretsIT extends GatewayTestSupport {

    private static final String VENIO_HEADER = "X-Venio-Signature";
    private static final String CASES = "erp.venio.case";
    private static final List<String> SIDE_QUEUES = List.of("erp.unrouted", "erp.parked", "erp.dlq");

    private static byte[] venioCase(String webhookName, String caseNo) {
        return ("{\"modifiedBy\":\"EMP001\",\"webhookName\":\"" + webhookName + "\",\"topic\":\"Case\",\"event\":\"Edit\","
                + "\"data\":{\"CaseNo\":\"" + caseNo + "\",\"CreatedBy\":\"EMP001\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> postVenio(byte[] body, String secret) {
        return post("/webhooks/venio", body, Map.of(VENIO_HEADER, sign(secret, body)));
    }

    @Test
    void aTenantBoundSecretSignsForItsOwnTenant() throws Exception {
        String caseNo = "CS-" + newId();

        HttpResponse<String> response = postVenio(venioCase("acme-crm", caseNo), "acme-crm-secret");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Message stored = receiveEvent(CASES, json(response.body()).get("id").asText());
        assertThat(stored.getStringProperty("tenant")).isEqualTo("acme-crm");
    }

    @Test
    void anEventOfAnotherTenantSignedWithItIsRefusedStoredNowhereAndCounted() throws Exception {
        String caseNo = "CS-" + newId();
        Map<String, Integer> sideQueuesBefore = sideQueueCounts();
        double before = counter(scrapePrometheus(), "venio", "rejected-tenant");

        HttpResponse<String> response = postVenio(venioCase("globex-crm", caseNo), "acme-crm-secret");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"error\":\"invalid signature\"}");
        assertThat(count(CASES, "ce_subject = '" + caseNo + "'")).isZero();
        assertThat(sideQueueCounts()).isEqualTo(sideQueuesBefore);
        assertThat(counter(scrapePrometheus(), "venio", "rejected-tenant") - before).isEqualTo(1.0);
        // the source-wide secret still speaks for that tenant
        assertThat(postVenio(venioCase("globex-crm", caseNo), VENIO_SECRET).statusCode()).isEqualTo(202);
        assertThat(count(CASES, "ce_subject = '" + caseNo + "'")).isEqualTo(1);
    }

    @Test
    void nothingATenantBoundSecretSignedIsKeptOnASideQueueWhereItsTenantWasNeverChecked() throws Exception {
        Map<String, Integer> sideQueuesBefore = sideQueueCounts();
        byte[] unrouted = ("{\"modifiedBy\":\"EMP001\",\"webhookName\":\"globex-crm\",\"topic\":\"Widget\",\"event\":\"Edit\","
                + "\"data\":{\"n\":\"" + newId() + "\"}}").getBytes(StandardCharsets.UTF_8);
        byte[] notJson = ("not json " + newId()).getBytes(StandardCharsets.UTF_8);

        assertThat(postVenio(unrouted, "acme-crm-secret").statusCode()).isEqualTo(401);
        assertThat(postVenio(notJson, "acme-crm-secret").statusCode()).isEqualTo(401);

        assertThat(sideQueueCounts()).isEqualTo(sideQueuesBefore);
        // signed source-wide, the same bodies are kept as before
        assertThat(json(postVenio(unrouted, VENIO_SECRET).body()).get("status").asText()).isEqualTo("unrouted");
        assertThat(json(postVenio(notJson, VENIO_SECRET).body()).get("status").asText()).isEqualTo("parked");
    }

    @Test
    void aBusinessNxtCompanySecretSignsOnlyForItsCompany() throws Exception {
        assertThat(postBnxt(5199768, "company-5199768-secret").statusCode()).isEqualTo(202);
        HttpResponse<String> forged = postBnxt(4242, "company-5199768-secret");
        assertThat(forged.statusCode()).isEqualTo(401);
    }

    @Test
    void aTenantFromTheUnsignedHeaderIsNeverVerifiedByATenantBoundSecret() throws Exception {
        String customer = newId();
        // no TenantId in the body: the Visma mapping takes the tenant from x-vwd-tenant-id
        byte[] body = ("{\"event\":\"Customer_Updated\",\"notificationId\":\"" + newId()
                + "\",\"entityLocation\":\"api/v1/customer/" + customer + "\"}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> bound = post("/webhooks/visma-net", body,
                Map.of(SIGNATURE_HEADER, sign("tenant-a-secret", body), "x-vwd-tenant-id", "tenant-a"));
        assertThat(bound.statusCode()).isEqualTo(401);

        HttpResponse<String> sourceWide = post("/webhooks/visma-net", body,
                Map.of(SIGNATURE_HEADER, sign(VISMA_SECRET, body), "x-vwd-tenant-id", "tenant-a"));
        assertThat(sourceWide.statusCode()).isEqualTo(202);
        Message stored = receiveEvent("erp.visma-net.customer", json(sourceWide.body()).get("id").asText());
        JsonNode cloudEvent = json(text(stored));
        assertThat(cloudEvent.get("tenant").asText()).isEqualTo("tenant-a");
        // marked, so that enrichment never asks for a token of a tenant an unsigned header named
        assertThat(cloudEvent.get("tenantsource").asText()).isEqualTo("header");
        assertThat(stored.getStringProperty("tenantsource")).isEqualTo("header");
    }

    @Test
    void aVismaTenantSecretSignsForTheTenantInTheBody() throws Exception {
        byte[] own = visma("tenant-a");
        byte[] other = visma("tenant-b");
        assertThat(post("/webhooks/visma-net", own, Map.of(SIGNATURE_HEADER, sign("tenant-a-secret", own))).statusCode())
                .isEqualTo(202);
        // the header cannot talk a body of another tenant into the signer's
        assertThat(post("/webhooks/visma-net", other, Map.of(SIGNATURE_HEADER, sign("tenant-a-secret", other),
                "x-vwd-tenant-id", "tenant-a")).statusCode()).isEqualTo(401);
    }

    private static byte[] visma(String tenant) {
        return ("{\"event\":\"Customer_Updated\",\"notificationId\":\"" + newId()
                + "\",\"entityLocation\":\"api/v1/customer/1\",\"TenantId\":\"" + tenant + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> postBnxt(long companyNo, String secret) {
        byte[] body = ("{\"tableIdentifier\":\"OrderLine\",\"customerNo\":4801958,\"companyNo\":" + companyNo
                + ",\"event\":\"UPDATE\",\"primaryKeys\":[{\"OrderNo\":3},{\"LineNo\":1}],\"changedByUser\":\"" + newId() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        return post("/webhooks/business-nxt", body, Map.of(SIGNATURE_HEADER, sign(secret, body)));
    }

    private Map<String, Integer> sideQueueCounts() throws Exception {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (String queue : SIDE_QUEUES) {
            counts.put(queue, count(queue, null));
        }
        return counts;
    }

    private static double counter(String scrape, String source, String outcome) {
        Matcher matcher = Pattern.compile("(?m)^gateway_webhooks_total\\{outcome=\"" + Pattern.quote(outcome)
                + "\",source=\"" + Pattern.quote(source) + "\"} (\\S+)$").matcher(scrape);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0.0;
    }
}
