package io.github.erpgateway.enrich;

import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Turns a vendor's reply into the record (exchange property {@code record}) or a failure: 2xx is the record (Venio's
 * unwrapped from {@code {"status":…,"data":…}}, Business NXT's first item, GraphQL {@code errors} a failure), 404 is
 * no record, 429 and 5xx may succeed later ({@link VendorUnavailableException}), anything else will not
 * ({@link EnrichmentFailedException}). Counts each call by outcome, with its latency.
 */
@Component("vendorReplies")
public class VendorReplies {

    private final EnrichmentMetrics metrics;

    public VendorReplies(EnrichmentMetrics metrics) {
        this.metrics = metrics;
    }

    public void classify(Exchange exchange) throws IOException {
        String vendor = exchange.getProperty(EnrichedEvents.VENDOR, String.class);
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        Long started = exchange.getProperty(VendorCalls.STARTED, Long.class);
        long nanos = started == null ? 0 : System.nanoTime() - started;
        if (status == 404) {
            metrics.call(vendor, "not-found", nanos);
            exchange.setProperty(EnrichedEvents.RECORD, NullNode.instance);
            return;
        }
        if (status == 429 || status >= 500) {
            metrics.call(vendor, status == 429 ? "rate-limited" : "server-error", nanos);
            throw new VendorUnavailableException(vendor + " API answered " + status, status,
                    retryAfter(exchange.getIn().getHeader("Retry-After", String.class)));
        }
        if (status == 401 || status == 403) {
            metrics.call(vendor, "unauthorized", nanos);
            throw new EnrichmentFailedException(vendor + " API refused the token (" + status + ")", status);
        }
        if (status < 200 || status > 299) {
            metrics.call(vendor, "client-error", nanos);
            throw new EnrichmentFailedException(vendor + " API answered " + status, status);
        }
        byte[] body = exchange.getIn().getBody(byte[].class);
        JsonNode reply = body == null || body.length == 0 ? NullNode.instance : ExactJson.MAPPER.readTree(body);
        JsonNode record = switch (vendor) {
            case Vendors.BUSINESS_NXT -> graphqlRow(exchange, vendor, reply, nanos);
            case Vendors.VENIO -> venioData(vendor, reply, nanos);
            default -> reply;
        };
        metrics.call(vendor, record.isNull() ? "not-found" : "found", nanos);
        exchange.setProperty(EnrichedEvents.RECORD, record);
    }

    private JsonNode graphqlRow(Exchange exchange, String vendor, JsonNode reply, long nanos) {
        JsonNode errors = reply.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            metrics.call(vendor, "graphql-error", nanos);
            String first = errors.path(0).path("message").asText("");
            throw new EnrichmentFailedException("Business NXT GraphQL errors: " + abbreviate(first), 200);
        }
        JsonNode items = reply.path("data").path(exchange.getProperty("graphqlScope", String.class))
                .path(exchange.getProperty("graphqlTable", String.class)).path("items");
        return items.isArray() && !items.isEmpty() ? items.get(0) : NullNode.instance;
    }

    private JsonNode venioData(String vendor, JsonNode reply, long nanos) {
        JsonNode data = reply.path("data");
        if (!data.isMissingNode() && !data.isNull()) {
            return data;
        }
        String code = reply.path("status").path("code").asText("");
        if (!code.isEmpty() && !code.equals("1000")) {
            metrics.call(vendor, "client-error", nanos);
            throw new EnrichmentFailedException("Venio API answered status code " + abbreviate(code), 200);
        }
        return NullNode.instance;
    }

    /** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration wait = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
