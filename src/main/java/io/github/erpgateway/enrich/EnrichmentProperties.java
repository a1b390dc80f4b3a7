package io.github.erpgateway.enrich;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Everything under {@code gateway.enrichment.*} (SPEC section 7 names the vendor URLs and credentials; the rest are the
 * gateway's own). The route files name the URLs they call as property placeholders: {@link Defaults} gives those
 * placeholders the same defaults the beans get here.
 */
@ConfigurationProperties(prefix = "gateway.enrichment")
public class EnrichmentProperties {

    static final String VISMA_NET_API_BASE = "https://api.finance.visma.net";
    static final String BUSINESS_NXT_GRAPHQL_URL = "https://business.visma.net/api/graphql-service";
    static final String VENIO_API_BASE = "https://api.gofive.co.th";

    /**
     * The defaults of the URLs the route files name as placeholders, as the last property source, so any configured
     * value wins and the defaults are written once, here.
     */
    public static final class Defaults implements EnvironmentPostProcessor {
        @Override
        public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
            environment.getPropertySources().addLast(new MapPropertySource("gateway-enrichment-defaults", Map.of(
                    "gateway.enrichment.visma-net.api-base", VISMA_NET_API_BASE,
                    "gateway.enrichment.business-nxt.graphql-url", BUSINESS_NXT_GRAPHQL_URL,
                    "gateway.enrichment.venio.api-base", VENIO_API_BASE)));
        }
    }

    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration responseTimeout = Duration.ofSeconds(30);
    /** A cached token is fetched again this long before the expiry its token endpoint gave. */
    private Duration tokenExpiryMargin = Duration.ofSeconds(60);
    /** OAuth2 tokens cached at most (one per vendor and Visma.net tenant); the least recently used is forgotten first. */
    private int tokenCacheSize = 1000;
    private final Retry retry = new Retry();
    private final CircuitBreaker circuitBreaker = new CircuitBreaker();
    private final VismaNet vismaNet = new VismaNet();
    private final BusinessNxt businessNxt = new BusinessNxt();
    private final Venio venio = new Venio();

    public Duration getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
    public Duration getResponseTimeout() { return responseTimeout; }
    public void setResponseTimeout(Duration responseTimeout) { this.responseTimeout = responseTimeout; }
    public Duration getTokenExpiryMargin() { return tokenExpiryMargin; }
    public void setTokenExpiryMargin(Duration tokenExpiryMargin) { this.tokenExpiryMargin = tokenExpiryMargin; }
    public int getTokenCacheSize() { return tokenCacheSize; }
    public void setTokenCacheSize(int tokenCacheSize) { this.tokenCacheSize = tokenCacheSize; }
    public Retry getRetry() { return retry; }
    public CircuitBreaker getCircuitBreaker() { return circuitBreaker; }
    public VismaNet getVismaNet() { return vismaNet; }
    public BusinessNxt getBusinessNxt() { return businessNxt; }
    public Venio getVenio() { return venio; }

    /** The vendor settings of a source id ({@code visma-net}, {@code business-nxt}, {@code venio}). */
    public Vendor vendor(String source) {
        return switch (source) {
            case Vendors.VISMA_NET -> vismaNet;
            case Vendors.BUSINESS_NXT -> businessNxt;
            case Vendors.VENIO -> venio;
            default -> throw new IllegalArgumentException("no enrichment vendor '" + source + "'");
        };
    }

    /** Timeouts, 429 and 5xx are tried again this often, waiting longer each time, then the event goes to erp.dlq. */
    public static class Retry {
        private int maxRetries = 5;
        private Duration initialDelay = Duration.ofSeconds(1);
        private double multiplier = 2.0;
        private Duration maxDelay = Duration.ofSeconds(60);
        /** Each wait is shortened or lengthened at random by up to this fraction, so retries of many events spread. */
        private double jitter = 0.2;
        /**
         * The longest wait a vendor's Retry-After can ask for (a longer one is cut to this). The consumer waits inside
         * its transaction, holding the events behind it: two minutes cover a per-minute rate-limit window with room to
         * spare, and bound a stalled vendor to max-retries times this before the event goes to erp.dlq.
         */
        private Duration maxRetryAfter = Duration.ofMinutes(2);

        public int getMaxRetries() { return maxRetries; }
        public void setMaxRetries(int maxRetries) { this.maxRetries = maxRetries; }
        public Duration getInitialDelay() { return initialDelay; }
        public void setInitialDelay(Duration initialDelay) { this.initialDelay = initialDelay; }
        public double getMultiplier() { return multiplier; }
        public void setMultiplier(double multiplier) { this.multiplier = multiplier; }
        public Duration getMaxDelay() { return maxDelay; }
        public void setMaxDelay(Duration maxDelay) { this.maxDelay = maxDelay; }
        public double getJitter() { return jitter; }
        public Duration getMaxRetryAfter() { return maxRetryAfter; }
        public void setMaxRetryAfter(Duration maxRetryAfter) { this.maxRetryAfter = maxRetryAfter; }
        public void setJitter(double jitter) { this.jitter = jitter; }
    }

    /** One circuit breaker per vendor, each with these settings. */
    public static class CircuitBreaker {
        private float failureRateThreshold = 50;
        private int slidingWindowSize = 20;
        private int minimumNumberOfCalls = 10;
        private Duration waitInOpenState = Duration.ofSeconds(30);
        private int permittedCallsInHalfOpenState = 2;

        public float getFailureRateThreshold() { return failureRateThreshold; }
        public void setFailureRateThreshold(float failureRateThreshold) { this.failureRateThreshold = failureRateThreshold; }
        public int getSlidingWindowSize() { return slidingWindowSize; }
        public void setSlidingWindowSize(int slidingWindowSize) { this.slidingWindowSize = slidingWindowSize; }
        public int getMinimumNumberOfCalls() { return minimumNumberOfCalls; }
        public void setMinimumNumberOfCalls(int minimumNumberOfCalls) { this.minimumNumberOfCalls = minimumNumberOfCalls; }
        public Duration getWaitInOpenState() { return waitInOpenState; }
        public void setWaitInOpenState(Duration waitInOpenState) { this.waitInOpenState = waitInOpenState; }
        public int getPermittedCallsInHalfOpenState() { return permittedCallsInHalfOpenState; }
        public void setPermittedCallsInHalfOpenState(int permittedCallsInHalfOpenState) { this.permittedCallsInHalfOpenState = permittedCallsInHalfOpenState; }
    }

    /** What every vendor has: an on/off switch and OAuth2 client credentials. */
    public abstract static class Vendor {
        private boolean enabled = true;
        private String tokenUrl;
        private String clientId;
        private String clientSecret;
        private String scope;

        /** Enriched only when switched on and given a client id: without credentials every call would fail. */
        public boolean isActive() { return enabled && clientId != null && !clientId.isBlank(); }
        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getTokenUrl() { return tokenUrl; }
        public void setTokenUrl(String tokenUrl) { this.tokenUrl = tokenUrl; }
        public String getClientId() { return clientId; }
        public void setClientId(String clientId) { this.clientId = clientId; }
        public String getClientSecret() { return clientSecret; }
        public void setClientSecret(String clientSecret) { this.clientSecret = clientSecret; }
        public String getScope() { return scope; }
        public void setScope(String scope) { this.scope = scope; }
        /** The Visma Connect tenant a token is asked for, or null; Visma.net ERP asks per event instead. */
        public abstract String tokenTenant(String eventTenant);
    }

    public static class VismaNet extends Vendor {
        private String apiBase = VISMA_NET_API_BASE;
        /** SalesOrderService events: {id} is the last segment of entityLocation (the event's subject). */
        private String salesOrderServicePath = "/v3/salesorders/{id}";
        /** Journal Transaction (voucher) events: {id} is the voucher id (the event's subject). */
        private String voucherPath = "/v1/journaltransaction/{id}";

        public VismaNet() {
            setTokenUrl("https://connect.visma.com/connect/token");
        }

        public String getApiBase() { return apiBase; }
        public void setApiBase(String apiBase) { this.apiBase = apiBase; }
        public String getSalesOrderServicePath() { return salesOrderServicePath; }
        public void setSalesOrderServicePath(String salesOrderServicePath) { this.salesOrderServicePath = salesOrderServicePath; }
        public String getVoucherPath() { return voucherPath; }
        public void setVoucherPath(String voucherPath) { this.voucherPath = voucherPath; }

        @Override
        public String tokenTenant(String eventTenant) {
            return eventTenant; // Visma Connect issues Visma.net ERP tokens per tenant (tenant_id)
        }
    }

    public static class BusinessNxt extends Vendor {
        private String graphqlUrl = BUSINESS_NXT_GRAPHQL_URL;
        /** Visma Connect tenant_id for the service token, if the application's registration needs one. */
        private String tenantId;
        private int requestsPerMinute = 600;
        /** GraphQL fields to read per table (key: tableIdentifier, e.g. OrderLine); default: primary keys + changed columns. */
        private Map<String, List<String>> fields = new LinkedHashMap<>();

        public BusinessNxt() {
            setTokenUrl("https://connect.visma.com/connect/token");
        }

        public String getGraphqlUrl() { return graphqlUrl; }
        public void setGraphqlUrl(String graphqlUrl) { this.graphqlUrl = graphqlUrl; }
        public String getTenantId() { return tenantId; }
        public void setTenantId(String tenantId) { this.tenantId = tenantId; }
        public int getRequestsPerMinute() { return requestsPerMinute; }
        public void setRequestsPerMinute(int requestsPerMinute) { this.requestsPerMinute = requestsPerMinute; }
        public Map<String, List<String>> getFields() { return fields; }
        public void setFields(Map<String, List<String>> fields) { this.fields = fields; }

        @Override
        public String tokenTenant(String eventTenant) {
            return tenantId == null || tenantId.isBlank() ? null : tenantId;
        }
    }

    public static class Venio extends Vendor {
        private String apiBase = VENIO_API_BASE;
        private String subscriptionKey;
        /** API path per entity; {id} is the code or number the event names (its subject). */
        private Map<String, String> paths = new LinkedHashMap<>(Map.of(
                "quotation", "/v1/quotation/{id}",
                "sale-order", "/v2/salesorder/{id}",
                "customer", "/v1/customer/{id}",
                "case", "/v1/case/{id}"));

        public String getApiBase() { return apiBase; }
        public void setApiBase(String apiBase) { this.apiBase = apiBase; }
        public String getSubscriptionKey() { return subscriptionKey; }
        public void setSubscriptionKey(String subscriptionKey) { this.subscriptionKey = subscriptionKey; }
        public Map<String, String> getPaths() { return paths; }
        public void setPaths(Map<String, String> paths) { this.paths = paths; }

        @Override
        public String tokenTenant(String eventTenant) {
            return null;
        }
    }
}
