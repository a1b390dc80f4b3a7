package io.github.erpgateway.reconcile;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One vendor's "records changed since t, page by page", which is all {@link Reconciler} needs of a vendor: the run's
 * covered/published/extra decision, checkpoints, lock, metrics, ids and publishing are the same for every source.
 */
interface RecordChanges {

    /** The source id ({@code visma-net}, {@code business-nxt}), as the webhook events name it. */
    String source();

    /** The source's settings. */
    ReconciliationProperties.Source config();

    /** Refuses a configuration that cannot work (at start, when the source is enabled). */
    void validate();

    /**
     * The records of a tenant's entity modified at or after {@code from}: the page at {@code at} (null: the first page).
     * {@link Page#next()} is where the next page is, null after the last.
     */
    Page page(String tenant, String entity, Instant from, String at);

    /** The record's key as the webhook events of the entity give their subject, or null when the record has none. */
    String key(JsonNode record, String entity);

    /** At most the page size of records; {@code next} an opaque position (a page number, a cursor) or null. */
    record Page(List<JsonNode> records, String next) {
    }

    /** 401/403 after a fresh token, or the token endpoint refusing the credentials: this tenant stops for the run. */
    final class TenantRefusedException extends RuntimeException {
        TenantRefusedException(String message) {
            super(message, null, false, false);
        }
    }

    /** 429 past its tries, 5xx, a timeout or an unreadable page: the next run tries again from the same watermark. */
    final class TryLaterException extends RuntimeException {
        TryLaterException(String message) {
            super(message, null, false, false);
        }
    }
}
