package io.github.erpgateway.enrich;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * OAuth2 client-credentials tokens for the vendor APIs, one per vendor and (for Visma.net ERP) per tenant, cached
 * until shortly before they expire. camel-http 4.18's own OAuth2 options do not fit: they cannot add Visma Connect's
 * {@code tenant_id}, they key their cache by the full request URI (a new token for every record fetched), and they
 * do not drop a token the API rejects. Tokens and secrets never leave this class except in the Authorization header.
 *
 * <p>Which tenant a token is asked for: Visma.net ERP the event's tenant, and only when the signed payload named it
 * (a tenant the mapping took from the unsigned {@code x-vwd-tenant-id} header, CloudEvent attribute
 * {@code tenantsource = header}, gets no token: the event is dead-lettered); Business NXT the configured
 * {@code tenant-id} (the event's company only chooses the company in the query); Venio none.
 *
 * <p>The cache is bounded: at most {@code gateway.enrichment.token-cache-size} tokens, the least recently used
 * forgotten first, each dropped once it expires (at most {@link #MAX_LIFETIME} after it was issued, whatever the token
 * endpoint says). Concurrent requests for one key share one fetch through a fixed set of lock stripes.
 */
@Component("oauthTokens")
public class OAuthTokens {

    /** The longest a token is cached, even if its endpoint grants it longer. */
    static final Duration MAX_LIFETIME = Duration.ofHours(24);
    private static final int LOCK_STRIPES = 32;

    private final EnrichmentProperties properties;
    private final EnrichmentMetrics metrics;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Token> cache;
    private final Object[] locks = new Object[LOCK_STRIPES];
    private final Clock clock;

    @Autowired
    public OAuthTokens(EnrichmentProperties properties, EnrichmentMetrics metrics) {
        this(properties, metrics, Clock.systemUTC());
    }

    OAuthTokens(EnrichmentProperties properties, EnrichmentMetrics metrics, Clock clock) {
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(properties.getConnectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        int maxSize = properties.getTokenCacheSize();
        if (maxSize < 1) {
            throw new IllegalArgumentException("gateway.enrichment.token-cache-size must be at least 1: " + maxSize);
        }
        // access order: the least recently used token is forgotten first
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Token> eldest) {
                return size() > maxSize;
            }
        };
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /**
     * Whether the event being enriched names a tenant the mapping took from an unsigned header (CloudEvent attribute
     * {@code tenantsource = header}, written by publish/CloudEventWriter).
     */
    public static boolean tenantFromHeader(Exchange exchange) {
        JsonNode canonical = exchange.getProperty(EnrichedEvents.CANONICAL, JsonNode.class);
        return canonical != null && "header".equals(canonical.path("tenantsource").asText(null));
    }

    /**
     * The bearer token for this vendor and event tenant, from the cache or fetched now. Refused (the event is
     * dead-lettered, no request made) when the vendor issues tokens per event tenant and that tenant came from an
     * unsigned header: whoever replays a signed body could otherwise name any tenant and have its records fetched.
     */
    public String token(String vendor, String eventTenant, boolean tenantFromHeader) {
        EnrichmentProperties.Vendor config = properties.vendor(vendor);
        String tenant = config.tokenTenant(eventTenant);
        if (tenantFromHeader && tenant != null && tenant.equals(eventTenant)) {
            metrics.tokenRequest(vendor, "unsigned-tenant");
            throw new EnrichmentFailedException("the event's tenant came from the unsigned x-vwd-tenant-id header: "
                    + "no " + vendor + " token is fetched for it");
        }
        String key = vendor + "|" + (tenant == null ? "" : tenant);
        Token cached = cached(key);
        if (cached != null) {
            return cached.value;
        }
        // one request per key at a time: concurrent events of one tenant share the token fetched
        synchronized (locks[Math.floorMod(key.hashCode(), LOCK_STRIPES)]) {
            cached = cached(key);
            if (cached != null) {
                return cached.value;
            }
            Token fresh = fetch(vendor, config, tenant);
            synchronized (cache) {
                cache.put(key, fresh);
            }
            return fresh.value;
        }
    }

    /** Drops the cached token if it is still the one the API refused, so the next {@link #token} fetches another. */
    public void refused(String vendor, String eventTenant, String token) {
        String tenant = properties.vendor(vendor).tokenTenant(eventTenant);
        String key = vendor + "|" + (tenant == null ? "" : tenant);
        synchronized (cache) {
            cache.computeIfPresent(key, (k, cached) -> cached.value.equals(token) ? null : cached);
        }
    }

    /** Tokens cached now (expired ones are dropped when next looked up or pushed out by newer ones). */
    int size() {
        synchronized (cache) {
            return cache.size();
        }
    }

    /** The valid cached token of the key, or null; an expired one is dropped. */
    private Token cached(String key) {
        synchronized (cache) {
            Token token = cache.get(key);
            if (token != null && !token.validAt(clock.instant())) {
                cache.remove(key);
                return null;
            }
            return token;
        }
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
            long seconds = Math.min(Math.max(0, reply.path("expires_in").asLong(300)), MAX_LIFETIME.toSeconds());
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
