package io.github.erpgateway.reconcile;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.erpgateway.enrich.EnrichmentFailedException;
import io.github.erpgateway.enrich.EnrichmentProperties;
import io.github.erpgateway.enrich.OAuthTokens;
import io.github.erpgateway.enrich.VendorUnavailableException;
import org.springframework.stereotype.Component;

/**
 * The HTTP side every vendor's reads share: the enrichment's cached OAuth2 token, one fresh token after a 401, the
 * capped Retry-After of a 429, and what each failure means for the run ({@link RecordChanges.TenantRefusedException},
 * {@link RecordChanges.TryLaterException}). A reply is read up to {@link #MAX_PAGE_BYTES}; no message quotes it.
 */
@Component
class VendorHttp {

    /** A page bigger than this is refused: a page of page-size records is far smaller. */
    static final int MAX_PAGE_BYTES = 32 * 1024 * 1024;
    static final int TRIES_PER_PAGE = 3;

    private final ReconciliationProperties properties;
    private final OAuthTokens tokens;
    private final HttpClient http;
    private final Duration responseTimeout;

    private final ReconcileSpans spans;

    VendorHttp(EnrichmentProperties enrichment, ReconciliationProperties properties, OAuthTokens tokens, ReconcileSpans spans) {
        this.properties = properties;
        this.tokens = tokens;
        this.spans = spans;
        this.responseTimeout = enrichment.getResponseTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(enrichment.getConnectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    Duration responseTimeout() {
        return responseTimeout;
    }

    /**
     * The body of a 2xx answer to {@code request} (given the bearer token), with the token of {@code vendor} for
     * {@code tenant}; {@code api} names the API in messages.
     */
    byte[] call(String api, String vendor, String tenant, Function<String, HttpRequest> request) {
        boolean newToken = false;
        for (int attempt = 1; ; attempt++) {
            String token = token(vendor, tenant);
            HttpResponse<InputStream> response = send(api, request.apply(token));
            int status = response.statusCode();
            if (status == 401 && !newToken) {
                discard(response);
                tokens.refused(vendor, tenant, token);
                newToken = true;
                attempt--;
                continue;
            }
            if (status == 401 || status == 403) {
                discard(response);
                throw new RecordChanges.TenantRefusedException("the " + api + " refused the tenant's token (" + status + ")");
            }
            if (status == 429 && attempt < TRIES_PER_PAGE) {
                discard(response);
                sleep(retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
                continue;
            }
            if (status < 200 || status > 299) {
                discard(response);
                throw new RecordChanges.TryLaterException("the " + api + " answered " + status);
            }
            return body(api, response);
        }
    }

    private String token(String vendor, String tenant) {
        try {
            return tokens.token(vendor, tenant, false); // a configured tenant, never one from a header
        } catch (VendorUnavailableException e) {
            throw new RecordChanges.TryLaterException("the " + vendor + " token endpoint is unavailable");
        } catch (EnrichmentFailedException e) {
            throw new RecordChanges.TenantRefusedException("the " + vendor + " token endpoint refused the credentials");
        }
    }

    private HttpResponse<InputStream> send(String api, HttpRequest request) {
        io.opentelemetry.api.trace.Span span = spans.call(api, request);
        try {
            HttpResponse<InputStream> response = http.send(spans.propagate(request, span), HttpResponse.BodyHandlers.ofInputStream());
            ReconcileSpans.status(span, response.statusCode());
            return response;
        } catch (HttpTimeoutException e) {
            span.setStatus(io.opentelemetry.api.trace.StatusCode.ERROR, "timeout");
            throw new RecordChanges.TryLaterException("the " + api + " did not answer in time");
        } catch (IOException e) {
            span.setStatus(io.opentelemetry.api.trace.StatusCode.ERROR, e.getClass().getSimpleName());
            throw new RecordChanges.TryLaterException("the " + api + " is unreachable (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecordChanges.TryLaterException("interrupted");
        } finally {
            span.end();
        }
    }

    private static byte[] body(String api, HttpResponse<InputStream> response) {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_PAGE_BYTES + 1);
        } catch (IOException e) {
            throw new RecordChanges.TryLaterException("the " + api + "'s reply broke off");
        }
        if (body.length > MAX_PAGE_BYTES) {
            throw new RecordChanges.TryLaterException("the " + api + "'s page is larger than " + MAX_PAGE_BYTES + " bytes");
        }
        return body;
    }

    /** The reply as JSON, read exactly (64-bit integers and decimals keep every digit). */
    static JsonNode json(String api, byte[] body) {
        try {
            JsonNode reply = Reconciler.JSON.readTree(body);
            if (reply == null) {
                throw new RecordChanges.TryLaterException("the " + api + "'s page is empty");
            }
            return reply;
        } catch (IOException e) {
            throw new RecordChanges.TryLaterException("the " + api + "'s page is not JSON");
        }
    }

    /** A modification time as an instant: with its own offset if it has one, else in the configured zone. */
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
            throw new RecordChanges.TryLaterException("interrupted");
        }
    }

    private static void discard(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            in.skip(MAX_PAGE_BYTES);
        } catch (IOException e) {
            // the connection is not reused then
        }
    }
}
