package io.github.erpgateway.enrich;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import io.github.erpgateway.publish.SideQueueMessages;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The enrichment routes' failure policy (routes/enrichment.camel.yaml): how long to wait before trying a vendor call
 * again (exponential backoff with jitter, at least what Retry-After asks for up to retry.max-retry-after), when to
 * stop, and what goes to erp.dlq.
 */
@Component("enrichmentFailures")
public class EnrichmentFailures {

    private static final Logger LOG = LoggerFactory.getLogger(EnrichmentFailures.class);

    private final EnrichmentProperties.Retry retry;
    private final EnrichmentProperties.CircuitBreaker breakerSettings;
    private final EnrichmentMetrics metrics;
    private final Map<String, CircuitBreaker> breakers;

    public EnrichmentFailures(EnrichmentProperties properties, EnrichmentMetrics metrics, List<CircuitBreaker> breakers) {
        this.retry = properties.getRetry();
        this.breakerSettings = properties.getCircuitBreaker();
        this.metrics = metrics;
        this.breakers = breakers.stream().collect(Collectors.toMap(CircuitBreaker::getName, b -> b));
    }

    /**
     * Camel's retryWhile: true to try again, with the delay in the CamelRedeliveryDelay header (which Camel's
     * redelivery uses in place of its own calculation).
     */
    public boolean retryWhile(Exchange exchange) {
        String vendor = exchange.getProperty(EnrichedEvents.VENDOR, String.class);
        Throwable failure = failure(exchange);
        if (cause(failure, IOException.class) != null) {
            metrics.call(vendor, "unreachable", 0);
        }
        // Camel counts the redelivery it is deciding on: 1 after the first failure
        int retryNumber = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 1, Integer.class);
        if (retryNumber > retry.getMaxRetries()) {
            return false;
        }
        double backoff = retry.getInitialDelay().toMillis() * Math.pow(retry.getMultiplier(), retryNumber - 1);
        double jitter = 1 + (ThreadLocalRandom.current().nextDouble() * 2 - 1) * retry.getJitter();
        long delay = (long) Math.min(retry.getMaxDelay().toMillis(), backoff * jitter);
        VendorUnavailableException unavailable = cause(failure, VendorUnavailableException.class);
        if (unavailable != null && unavailable.getRetryAfter() != null) {
            // the consumer waits inside its transaction: a vendor's Retry-After of a day must not hold it that long
            Duration asked = unavailable.getRetryAfter();
            Duration cap = retry.getMaxRetryAfter();
            delay = Math.max(delay, (asked.compareTo(cap) > 0 ? cap : asked).toMillis());
        }
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, delay);
        metrics.retry(vendor);
        LOG.info("Enrichment of {} event {} failed ({}), trying again in {}", vendor, exchange.getProperty("eventId"),
                reason(failure), Duration.ofMillis(delay));
        return true;
    }

    /** The canonical message as consumed, with why it could not be enriched: for erp.dlq. */
    public void deadLetter(Exchange exchange) {
        String vendor = exchange.getProperty(EnrichedEvents.VENDOR, String.class);
        Throwable failure = failure(exchange);
        Message message = exchange.getIn();
        message.removeHeaders("*");
        @SuppressWarnings("unchecked")
        Map<String, Object> headers = exchange.getProperty(EnrichedEvents.CANONICAL_HEADERS, Map.class);
        if (headers != null) {
            headers.forEach(message::setHeader);
        }
        // what a replay of the dead letter needs: the duplicate id for the enriched event, and the marker of the
        // replay run that sent the work item, which that run's selector excludes (it must not take it twice)
        setIfPresent(message, Vendors.DUPLICATE_KEY_PROPERTY, exchange.getProperty(EnrichedEvents.DUPLICATE_KEY, String.class));
        setIfPresent(message, SideQueueMessages.REPLAY_RUN, exchange.getProperty(EnrichedEvents.REPLAY_RUN, String.class));
        String reason = reason(failure);
        message.setHeader("source", vendor);
        message.setHeader("stage", "enrichment");
        // a replay (docs/replay.md) sends it back through direct:replay-enrichment, to the vendor's work queue
        message.setHeader(SideQueueMessages.ORIGIN, "enrichment");
        message.setHeader("reason", reason);
        message.setHeader("status", status(failure));
        message.setBody(exchange.getProperty(EnrichedEvents.CANONICAL_TEXT, String.class));
        metrics.deadLettered(vendor);
        LOG.warn("Enrichment of {} event {} failed for good, moved to erp.dlq: {}", vendor, exchange.getProperty("eventId"), reason);
    }

    /**
     * An open circuit: the message goes back to the broker, which offers it again later. The consumer first waits
     * (at most wait-in-open-state) until the breaker lets trial calls through, so that a backlog is not taken and
     * rolled back message after message, at full speed, for as long as the vendor is down.
     */
    public void circuitOpen(Exchange exchange) throws InterruptedException {
        String vendor = exchange.getProperty(EnrichedEvents.VENDOR, String.class);
        metrics.call(vendor, "circuit-open", 0);
        LOG.warn("{} circuit breaker is open: event {} rolled back to its work queue", vendor, exchange.getProperty("eventId"));
        CircuitBreaker breaker = breakers.get(vendor);
        long deadline = System.nanoTime() + breakerSettings.getWaitInOpenState().toNanos();
        while (breaker != null && breaker.getState() == CircuitBreaker.State.OPEN && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private static void setIfPresent(Message message, String name, String value) {
        if (value != null) {
            message.setHeader(name, value);
        }
    }

    private static Throwable failure(Exchange exchange) {
        Throwable failure = exchange.getException();
        return failure != null ? failure : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    /** The HTTP status of the last vendor reply, 0 when there was none. */
    static int status(Throwable failure) {
        VendorUnavailableException unavailable = cause(failure, VendorUnavailableException.class);
        if (unavailable != null) {
            return unavailable.getStatus();
        }
        EnrichmentFailedException failed = cause(failure, EnrichmentFailedException.class);
        return failed == null ? 0 : failed.getStatus();
    }

    static String reason(Throwable failure) {
        if (failure == null) {
            return "enrichment failed";
        }
        for (Class<? extends Throwable> known : java.util.List.of(VendorUnavailableException.class, EnrichmentFailedException.class)) {
            Throwable cause = cause(failure, known);
            if (cause != null) {
                return cause.getMessage();
            }
        }
        IOException io = cause(failure, IOException.class);
        if (io != null) {
            return "vendor API unreachable: " + io.getClass().getSimpleName();
        }
        return "enrichment failed: " + failure.getClass().getSimpleName();
    }

    static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
