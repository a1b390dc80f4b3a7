package io.github.erpgateway.enrich;

import java.time.Duration;

/**
 * A vendor call that may succeed later: a timeout, 429 or 5xx. The enrichment routes try again with backoff
 * (honouring {@code Retry-After}), and these count against the vendor's circuit breaker.
 */
public class VendorUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Duration retryAfter;

    public VendorUnavailableException(String message, int status, Duration retryAfter) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status, 0 when there was no reply. */
    public int getStatus() {
        return status;
    }

    /** What the vendor's Retry-After asked for, or null. */
    public Duration getRetryAfter() {
        return retryAfter;
    }
}
