package io.github.erpgateway.enrich;

/**
 * A record that cannot be fetched by trying again: a refused path, a 4xx other than 404 and 429, a second 401,
 * GraphQL errors. The event goes to erp.dlq at once, with this message as the reason.
 */
public class EnrichmentFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public EnrichmentFailedException(String message, int status) {
        super(message);
        this.status = status;
    }

    public EnrichmentFailedException(String message) {
        this(message, 0);
    }

    /** The HTTP status, 0 when there was none. */
    public int getStatus() {
        return status;
    }
}
