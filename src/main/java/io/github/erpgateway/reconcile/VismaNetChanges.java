package io.github.erpgateway.reconcile;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.erpgateway.enrich.EnrichmentProperties;
import io.github.erpgateway.enrich.Vendors;
import org.springframework.stereotype.Component;

/**
 * Reads one page of a Visma.net ERP entity's records changed since a time:
 * {@code GET <api-base><path>?lastModifiedDateTime=<YYYY-MM-DD HH:MM:SS.fff>&lastModifiedDateTimeCondition=>=&pageNumber=<n>&pageSize=<s>}
 * with the tenant's Visma Connect token (the enrichment's, cached per tenant). Only the configured API base and the
 * configured path are called: nothing in a reply chooses a host or a path. A page's position is its page number.
 */
@Component
class VismaNetChanges implements RecordChanges {

    static final DateTimeFormatter FILTER = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final String API = "Visma.net ERP API";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]{1,100}){1,5}");

    private final EnrichmentProperties enrichment;
    private final ReconciliationProperties.VismaNet config;
    private final VendorHttp http;

    VismaNetChanges(EnrichmentProperties enrichment, ReconciliationProperties properties, VendorHttp http) {
        this.enrichment = enrichment;
        this.config = properties.getVismaNet();
        this.http = http;
    }

    @Override
    public String source() {
        return Vendors.VISMA_NET;
    }

    @Override
    public ReconciliationProperties.Source config() {
        return config;
    }

    @Override
    public void validate() {
        String clientId = enrichment.getVismaNet().getClientId();
        if (clientId == null || clientId.isBlank()) {
            // the enrichment's credentials, whether or not the enrichment itself is switched on
            throw new IllegalStateException("gateway.reconciliation.visma-net.enabled needs gateway.enrichment.visma-net.client-id");
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
    }

    @Override
    public Page page(String tenant, String entity, Instant from, String at) {
        int pageNumber = at == null ? 1 : Integer.parseInt(at); // a position this class wrote into the checkpoint
        String query = "lastModifiedDateTime=" + encode(FILTER.format(LocalDateTime.ofInstant(from, config.getTimeZone())))
                + "&lastModifiedDateTimeCondition=" + encode(">=")
                + "&pageNumber=" + pageNumber + "&pageSize=" + config.getPageSize();
        URI uri = URI.create(enrichment.getVismaNet().getApiBase().replaceAll("/+$", "") + config.getPaths().get(entity) + "?" + query);
        byte[] body = http.call(API, Vendors.VISMA_NET, tenant, token -> HttpRequest.newBuilder(uri)
                .timeout(http.responseTimeout()).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").GET().build());
        JsonNode reply = VendorHttp.json(API, body);
        if (!reply.isArray()) {
            throw new TryLaterException("the Visma.net ERP API's page is not a JSON array");
        }
        List<JsonNode> records = new ArrayList<>(Math.min(reply.size(), config.getPageSize()));
        for (int i = 0; i < reply.size() && i < config.getPageSize(); i++) {
            records.add(reply.get(i));
        }
        // a page shorter than pageSize is the last (the vendor's pagination page)
        return new Page(records, records.size() < config.getPageSize() ? null : Integer.toString(pageNumber + 1));
    }

    /** The key field's value: a string or an integer. */
    @Override
    public String key(JsonNode record, String entity) {
        JsonNode value = record.get(config.keyField(entity));
        if (value == null || !(value.isTextual() || value.isIntegralNumber())) {
            return null;
        }
        return value.isTextual() ? value.asText().trim() : value.asText();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
