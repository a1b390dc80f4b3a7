package io.github.erpgateway.enrich;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Which Visma.net ERP API path holds an event's record. Only the PATH of {@code resourceUri} / {@code entityLocation}
 * is used, appended to gateway.enrichment.visma-net.api-base: a signed payload naming another host (or a path that is
 * not of the API's shape, {@code v<n>/<resource>/<id>…}) never makes the gateway call it.
 */
@Component("vismaNetRequests")
public class VismaNetRequests {

    /** v1/customer/55555, v3/salesorders/SO-1, v1/customer/55555/contact: unreserved characters and %XX only. */
    private static final Pattern API_PATH = Pattern.compile("v[0-9]{1,2}(/[A-Za-z0-9._~%-]{1,200}){1,5}");
    private static final Pattern FORBIDDEN = Pattern.compile("(^|/)\\.{1,2}(/|$)|%(2[fFeE]|5[cC]|00)");

    private final EnrichmentProperties.VismaNet config;

    public VismaNetRequests(EnrichmentProperties properties) {
        this.config = properties.getVismaNet();
    }

    public void prepare(Exchange exchange) {
        JsonNode data = EnrichedEvents.data(exchange);
        String event = data.path("event").asText("").toUpperCase(Locale.ROOT);
        String subject = exchange.getProperty("subject", String.class);
        String path;
        if (event.startsWith("SALESORDER_")) {
            path = template(config.getSalesOrderServicePath(), subject);
        } else if (event.startsWith("VOUCHER_") || event.startsWith("IMPORT_VOUCHER_")) {
            path = template(config.getVoucherPath(), subject);
        } else {
            path = apiPath(firstText(data, "resourceUri", "relativeResourceUri", "entityLocation"));
        }
        exchange.setProperty(VendorCalls.METHOD, "GET");
        exchange.setProperty(VendorCalls.PATH, path);
    }

    /** The API path of a resource reference, or a failure: scheme, host, port, query and fragment are ignored. */
    static String apiPath(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new EnrichmentFailedException("the event names no resourceUri or entityLocation");
        }
        String path;
        try {
            URI uri = new URI(reference.trim());
            path = uri.getRawPath();
        } catch (Exception e) {
            throw new EnrichmentFailedException("the event's resource reference is not a URI");
        }
        if (path == null) {
            throw new EnrichmentFailedException("the event's resource reference has no path");
        }
        path = path.replaceFirst("^/+", "");
        if (path.regionMatches(true, 0, "api/", 0, 4)) {
            path = path.substring(4); // entityLocation is relative to the old controller base: api/v1/customer/1
        }
        if (!API_PATH.matcher(path).matches() || FORBIDDEN.matcher(path).find()) {
            throw new EnrichmentFailedException("the event's resource path is not of the Visma.net ERP API's shape");
        }
        return "/" + path;
    }

    static String template(String template, String id) {
        if (id == null || id.isBlank()) {
            throw new EnrichmentFailedException("the event has no subject to fetch");
        }
        if (id.equals(".") || id.equals("..")) {
            // URLEncoder keeps dots, and a dot segment would make the request name another path than the record's
            throw new EnrichmentFailedException("the event's subject is '" + id + "', a dot segment: it names no record");
        }
        String segment = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
        return template.replace("{id}", segment);
    }

    private static String firstText(JsonNode data, String... fields) {
        for (String field : fields) {
            JsonNode value = data.get(field);
            if (value != null && value.isTextual() && !value.asText().isBlank()) {
                return value.asText();
            }
        }
        return null;
    }
}
