package io.github.erpgateway.bench.webhook;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Unique event ids that map back to the request that carried them: a random per-run UUID with the request's
 * sequence number in its low 48 bits. Cheaper than UUID.randomUUID() per request (no SecureRandom on the hot path),
 * and it lets the broker check tell which request a stored message belongs to.
 */
public final class EventIds {

    private static final long SEQUENCE_MASK = (1L << 48) - 1;

    private final long mostSignificant;
    private final long leastSignificantBase;

    public EventIds() {
        UUID random = UUID.randomUUID();
        this.mostSignificant = random.getMostSignificantBits();
        this.leastSignificantBase = random.getLeastSignificantBits() & ~SEQUENCE_MASK; // keeps the variant bits
    }

    public String idOf(long sequence) {
        return new UUID(mostSignificant, leastSignificantBase | (sequence & SEQUENCE_MASK)).toString();
    }

    /** The sequence number an id of this run carries, or -1 for an id this run did not make. */
    public long sequenceOf(String id) {
        if (id == null || id.length() != 36) {
            return -1;
        }
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        if (uuid.getMostSignificantBits() != mostSignificant
                || (uuid.getLeastSignificantBits() & ~SEQUENCE_MASK) != leastSignificantBase) {
            return -1;
        }
        return uuid.getLeastSignificantBits() & SEQUENCE_MASK;
    }
}
