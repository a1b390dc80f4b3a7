package io.github.erpgateway.enrich;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

/**
 * OAuth2 client-credentials tokens for the vendor APIs, one per vendor and (for Visma.net ERP) per tenant, cached
 * until shortly before they expire. camel-http 4.18's own OAuth2 options do not fit: they cannot add Visma Connect's
 * {@code tenant_id}, they key their cache by the full request URI (a new token for every record fetched), and they
 * do not drop a token the API rejects. Tokens and secrets never leave this class except in the Authorization header.
 */
@Component("oauthTokens")
public class OAuthTokens {

    private final EnrichmentProperties properties;
    private final EnrichmentMetrics metrics;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Token> cache = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    public OAuthTokens(EnrichmentProperties properties, EnrichmentMetrics metrics) {
        this.properties = properties;
        this.metrics = metrics;
        this.http = HttpClient.newBuilder().connectTimeout(properties.getConnectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The bearer token for this vendor and event tenant, from the cache or fetched now. */
    public String token(String vendor, String eventTenant) {
        EnrichmentProperties.Vendor config = properties.vendor(vendor);
        String tenant = config.tokenTenant(eventTenant);
        String key = vendor + "|" + (tenant == null ? "" : tenant);
        Token cached = cache.get(key);
        if (cached != null && cached.validAt(clock.instant())) {
            return cached.value;
        }
        // one request per key at a time: concurrent events of one tenant share the token fetched
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            cached = cache.get(key);
            if (cached != null && cached.validAt(clock.instant())) {
                return cached.value;
            }
            Token fresh = fetch(vendor, config, tenant);
            cache.put(key, fresh);
            return fresh.value;
        }
    }

    /** Drops the cached token if it is still the one the API refused, so the next {@link #token} fetches another. */
    public void refused(String vendor, String eventTenant, String token) {
        String tenant = properties.vendor(vendor).tokenTenant(eventTenant);
        String key = vendor + "|" + (tenant == null ? "" : tenant);
        cache.computeIfPresent(key, (k, cached) -> cached.value.equals(token) ? null : cached);
    }

    private Token fetch(String vendor, EnrichmentProperties.Vendor config, String tenant) {
        if (config.getTokenUrl() == null || config.getClientId() == null) {
            throw new EnrichmentFailedException("no token-url or client-id configured for " + vendor);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", config.getClientId());
        form.put("client_secret", config.getClientSecret() == null ? "" : config.getClientSecret());
        if (config.getScope() != null && !config.getScope().isBlank()) {
            form.put("scope", config.getScope());
        }
        if (tenant != null && !tenant.isBlank()) {
            form.put("tenant_id", tenant);
        }
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.getTokenUrl()))
                .timeout(properties.getResponseTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            metrics.tokenRequest(vendor, "unreachable");
            throw new VendorUnavailableException(vendor + " token endpoint unreachable: " + e.getClass().getSimpleName(), 0, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VendorUnavailableException(vendor + " token request interrupted", 0, null);
        }
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            metrics.tokenRequest(vendor, "unavailable");
            throw new VendorUnavailableException(vendor + " token endpoint answered " + status, status, VendorReplies.retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
        }
        if (status != 200) {
            metrics.tokenRequest(vendor, "refused");
            throw new EnrichmentFailedException(vendor + " token endpoint refused the client credentials (" + status + ")", status);
        }
        try {
            JsonNode reply = json.readTree(response.body());
            String token = reply.path("access_token").asText(null);
            if (token == null || token.isBlank()) {
                throw new EnrichmentFailedException(vendor + " token endpoint sent no access_token", status);
            }
            long seconds = reply.path("expires_in").asLong(300);
            metrics.tokenRequest(vendor, "issued");
            return new Token(token, clock.instant().plusSeconds(seconds).minus(properties.getTokenExpiryMargin()));
        } catch (IOException e) {
            throw new EnrichmentFailedException(vendor + " token endpoint sent no JSON", status);
        }
    }

    private record Token(String value, Instant refreshAt) {
        boolean validAt(Instant now) {
            return now.isBefore(refreshAt);
        }

        @Override
        public String toString() {
            return "Token[refreshAt=" + refreshAt + "]"; // never the token itself
        }
    }

}
