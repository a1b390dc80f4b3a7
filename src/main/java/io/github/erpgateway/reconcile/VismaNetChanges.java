package io.github.erpgateway.reconcile;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.erpgateway.enrich.EnrichmentFailedException;
import io.github.erpgateway.enrich.EnrichmentProperties;
import io.github.erpgateway.enrich.OAuthTokens;
import io.github.erpgateway.enrich.VendorUnavailableException;
import io.github.erpgateway.enrich.Vendors;
import org.springframework.stereotype.Component;

/**
 * Reads one page of a Visma.net ERP entity's records changed since a time:
 * {@code GET <api-base><path>?lastModifiedDateTime=<YYYY-MM-DD HH:MM:SS.fff>&lastModifiedDateTimeCondition=>=&pageNumber=<n>&pageSize=<s>}
 * with the tenant's Visma Connect token (the enrichment's, cached per tenant). Only the configured API base and the
 * configured path are called: nothing in a reply chooses a host or a path.
 */
@Component
class VismaNetChanges {

    static final DateTimeFormatter FILTER = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    /** A page bigger than this is refused: a page of pageSize records is far smaller. */
    static final int MAX_PAGE_BYTES = 32 * 1024 * 1024;
    static final int TRIES_PER_PAGE = 3;

    private final EnrichmentProperties enrichment;
    private final ReconciliationProperties properties;
    private final OAuthTokens tokens;
    private final HttpClient http;

    VismaNetChanges(EnrichmentProperties enrichment, ReconciliationProperties properties, OAuthTokens tokens) {
        this.enrichment = enrichment;
        this.properties = properties;
        this.tokens = tokens;
        this.http = HttpClient.newBuilder().connectTimeout(enrichment.getConnectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The records of one page, at most pageSize of them. */
    List<JsonNode> page(String tenant, String entity, Instant from, int pageNumber) {
        ReconciliationProperties.Source config = properties.getVismaNet();
        String query = "lastModifiedDateTime=" + encode(FILTER.format(LocalDateTime.ofInstant(from, config.getTimeZone())))
                + "&lastModifiedDateTimeCondition=" + encode(">=")
                + "&pageNumber=" + pageNumber + "&pageSize=" + config.getPageSize();
        URI uri = URI.create(enrichment.getVismaNet().getApiBase().replaceAll("/+$", "") + config.getPaths().get(entity) + "?" + query);
        boolean newToken = false;
        for (int attempt = 1; ; attempt++) {
            String token = token(tenant);
            HttpResponse<InputStream> response = send(uri, token);
            int status = response.statusCode();
            if (status == 401 && !newToken) {
                discard(response);
                tokens.refused(Vendors.VISMA_NET, tenant, token);
                newToken = true;
                attempt--;
                continue;
            }
            if (status == 401 || status == 403) {
                discard(response);
                throw new TenantRefusedException("the Visma.net ERP API refused the tenant's token (" + status + ")");
            }
            if (status == 429 && attempt < TRIES_PER_PAGE) {
                discard(response);
                sleep(retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
                continue;
            }
            if (status == 429 || status >= 500) {
                discard(response);
                throw new TryLaterException("the Visma.net ERP API answered " + status);
            }
            if (status < 200 || status > 299) {
                discard(response);
                throw new TryLaterException("the Visma.net ERP API answered " + status);
            }
            return records(response, config.getPageSize());
        }
    }

    private String token(String tenant) {
        try {
            return tokens.token(Vendors.VISMA_NET, tenant, false); // a configured tenant, never one from a header
        } catch (VendorUnavailableException e) {
            throw new TryLaterException("the Visma Connect token endpoint is unavailable");
        } catch (EnrichmentFailedException e) {
            throw new TenantRefusedException("Visma Connect refused a token for the tenant");
        }
    }

    private HttpResponse<InputStream> send(URI uri, String token) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(enrichment.getResponseTimeout())
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new TryLaterException("the Visma.net ERP API did not answer in time");
        } catch (IOException e) {
            throw new TryLaterException("the Visma.net ERP API is unreachable (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TryLaterException("interrupted");
        }
    }

    private static List<JsonNode> records(HttpResponse<InputStream> response, int pageSize) {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_PAGE_BYTES + 1);
        } catch (IOException e) {
            throw new TryLaterException("the Visma.net ERP API's reply broke off");
        }
        if (body.length > MAX_PAGE_BYTES) {
            throw new TryLaterException("the Visma.net ERP API's page is larger than " + MAX_PAGE_BYTES + " bytes");
        }
        JsonNode reply;
        try {
            reply = Reconciler.JSON.readTree(body);
        } catch (IOException e) {
            throw new TryLaterException("the Visma.net ERP API's page is not JSON");
        }
        if (reply == null || !reply.isArray()) {
            throw new TryLaterException("the Visma.net ERP API's page is not a JSON array");
        }
        List<JsonNode> records = new ArrayList<>(Math.min(reply.size(), pageSize));
        for (int i = 0; i < reply.size() && i < pageSize; i++) {
            records.add(reply.get(i));
        }
        return records;
    }

    /** lastModifiedDateTime as an instant: with its own offset if it has one, else in the configured zone. */
    static Instant modified(JsonNode value, ZoneId zone) {
        if (value == null || !value.isTextual() || value.asText().length() > 40) {
            return null;
        }
        String text = value.asText().trim().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return ZonedDateTime.of(LocalDateTime.parse(text), zone).toInstant();
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    private Duration retryAfter(String value) {
        Duration cap = properties.getMaxRetryAfter();
        Duration wait = Duration.ofSeconds(1);
        if (value != null) {
            try {
                wait = Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
            } catch (NumberFormatException notSeconds) {
                try {
                    Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value.trim(),
                            DateTimeFormatter.RFC_1123_DATE_TIME));
                    wait = until.isNegative() ? Duration.ZERO : until;
                } catch (RuntimeException unreadable) {
                    // the default wait
                }
            }
        }
        return wait.compareTo(cap) > 0 ? cap : wait;
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TryLaterException("interrupted");
        }
    }

    private static void discard(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            in.skip(MAX_PAGE_BYTES);
        } catch (IOException e) {
            // the connection is not reused then
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** 401/403 after a fresh token, or the token endpoint refusing the credentials: this tenant stops for the run. */
    static final class TenantRefusedException extends RuntimeException {
        TenantRefusedException(String message) {
            super(message, null, false, false);
        }
    }

    /** 429 past its tries, 5xx, a timeout or an unreadable page: the next run tries again from the same watermark. */
    static final class TryLaterException extends RuntimeException {
        TryLaterException(String message) {
            super(message, null, false, false);
        }
    }
}
