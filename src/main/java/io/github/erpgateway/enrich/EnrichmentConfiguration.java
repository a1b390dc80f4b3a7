package io.github.erpgateway.enrich;

import java.util.function.Predicate;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.apache.camel.component.http.HttpComponent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The parts the enrichment routes name: one circuit breaker per vendor (routes refer to them by bean name, so their
 * settings come from gateway.enrichment.circuit-breaker.* and their state is a metric) and the http/https components
 * with the vendor call timeouts (there is no camel-http starter for camel.component.http.* keys).
 */
@Configuration(proxyBeanMethods = false)
public class EnrichmentConfiguration {

    /** Only failures that say the vendor is unwell open the circuit; a 404, a refused path or GraphQL errors do not. */
    static final Predicate<Throwable> VENDOR_UNWELL = failure -> {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof VendorUnavailableException || t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    };

    @Bean("vismaNetCircuitBreaker")
    CircuitBreaker vismaNetCircuitBreaker(EnrichmentProperties properties, EnrichmentMetrics metrics) {
        return breaker(Vendors.VISMA_NET, properties, metrics);
    }

    @Bean("businessNxtCircuitBreaker")
    CircuitBreaker businessNxtCircuitBreaker(EnrichmentProperties properties, EnrichmentMetrics metrics) {
        return breaker(Vendors.BUSINESS_NXT, properties, metrics);
    }

    @Bean("venioCircuitBreaker")
    CircuitBreaker venioCircuitBreaker(EnrichmentProperties properties, EnrichmentMetrics metrics) {
        return breaker(Vendors.VENIO, properties, metrics);
    }

    @Bean("http")
    HttpComponent http(EnrichmentProperties properties) {
        return timeouts(new HttpComponent(), properties);
    }

    @Bean("https")
    HttpComponent https(EnrichmentProperties properties) {
        return timeouts(new HttpComponent(), properties);
    }

    private static HttpComponent timeouts(HttpComponent component, EnrichmentProperties properties) {
        component.setConnectTimeout(properties.getConnectTimeout().toMillis());
        component.setResponseTimeout(properties.getResponseTimeout().toMillis());
        component.setSoTimeout(properties.getResponseTimeout().toMillis());
        component.setConnectionRequestTimeout(properties.getConnectTimeout().toMillis());
        // HttpClient's own retry would repeat a 429 or 503 once behind the routes' back: the routes' retry policy
        // and the circuit breaker must see every failure
        component.setAutomaticRetriesDisabled(true);
        return component;
    }

    private static CircuitBreaker breaker(String vendor, EnrichmentProperties properties, EnrichmentMetrics metrics) {
        EnrichmentProperties.CircuitBreaker settings = properties.getCircuitBreaker();
        CircuitBreaker breaker = CircuitBreaker.of(vendor, CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.getFailureRateThreshold())
                .slidingWindowSize(settings.getSlidingWindowSize())
                .minimumNumberOfCalls(settings.getMinimumNumberOfCalls())
                .waitDurationInOpenState(settings.getWaitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(settings.getPermittedCallsInHalfOpenState())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordException(VENDOR_UNWELL)
                .writableStackTraceEnabled(false)
                .build());
        metrics.circuit(vendor, breaker);
        return breaker;
    }
}
