package io.github.erpgateway.intake;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

import io.github.erpgateway.config.GatewayProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Which event an id-less body is ({@code gateway.duplicates.body-hash-window}). Such a body (Venio, Business NXT, some
 * Visma payloads) has nothing but its bytes to tell a redelivery from a second, identical change, so time decides: the
 * same body within the window of its first sighting is a redelivery, later it is a new event.
 *
 * <p>The duplicate key (and the CloudEvent id when no header names the event) is the SHA-256 of the body's SHA-256 and
 * the start of the fixed window-long slot in which the body was first seen. Two events of one body are at least a
 * window apart, so they fall into different slots and get different keys, also for Artemis' {@code _AMQ_DUPL_ID}. The
 * slot makes the key reproducible without memory: after a restart, on another instance or on a replay (which keeps
 * the original receive time), a redelivery in the same slot gets the same key and the broker drops it. Only a
 * redelivery that falls into the next slot and finds no memory of the first sighting is stored a second time.
 *
 * <p>The memory of first sightings is here so that a redelivery across a slot boundary, on this instance, still gets
 * the first key: fingerprints (the first 128 bits of the body's SHA-256) and times in arrays allocated once,
 * four-way set-associative, about 24 bytes per body, nothing allocated per webhook. A full set forgets its oldest
 * entry; an entry older than the window is dead anyway.
 */
@Component
public class BodyHashWindow {

    private static final int WAYS = 4;
    private static final int LOCKS = 64;

    private final long windowMillis;
    private final int setMask;
    private final long[] high;
    private final long[] low;
    private final long[] firstSeen;
    private final Object[] locks = new Object[LOCKS];

    @Autowired
    public BodyHashWindow(GatewayProperties properties) {
        this(properties.getDuplicates().getBodyHashWindow(), properties.getDuplicates().getCacheSize());
    }

    public BodyHashWindow(Duration window, int capacity) {
        if (window == null || window.toMillis() < 1) {
            throw new IllegalArgumentException("gateway.duplicates.body-hash-window must be at least 1ms: " + window);
        }
        if (capacity < 1 || capacity > 1 << 26) {
            throw new IllegalArgumentException("gateway.duplicates.cache-size must be between 1 and " + (1 << 26) + ": " + capacity);
        }
        this.windowMillis = window.toMillis();
        int sets = Integer.highestOneBit(Math.max(1, (capacity + WAYS - 1) / WAYS) * 2 - 1);
        this.setMask = sets - 1;
        this.high = new long[sets * WAYS];
        this.low = new long[sets * WAYS];
        this.firstSeen = new long[sets * WAYS];
        for (int i = 0; i < LOCKS; i++) {
            locks[i] = new Object();
        }
    }

    /**
     * The duplicate key of a webhook's body seen now: the first sighting's slot if this instance saw the body less than
     * a window ago, else this moment's slot (and this moment is remembered as its first sighting).
     */
    public String keyOfWebhook(MessageDigest sha256, byte[] bodyDigest, long nowMillis) {
        return key(sha256, bodyDigest, firstSighting(bodyDigest, nowMillis));
    }

    /** The duplicate key of a replayed body: the slot of its original receive time, whatever this instance remembers. */
    public String keyOfReplay(MessageDigest sha256, byte[] bodyDigest, long receivedMillis) {
        return key(sha256, bodyDigest, receivedMillis);
    }

    /** When the body was first seen, if less than a window before {@code nowMillis}; else {@code nowMillis}, remembered. */
    long firstSighting(byte[] bodyDigest, long nowMillis) {
        long h = longAt(bodyDigest, 0);
        long l = longAt(bodyDigest, 8);
        if (h == 0 && l == 0) {
            l = 1; // (0, 0) marks an empty slot
        }
        int set = (int) l & setMask;
        int base = set * WAYS;
        synchronized (locks[set & (LOCKS - 1)]) {
            int victim = -1;
            for (int i = base; i < base + WAYS; i++) {
                if (high[i] == h && low[i] == l) {
                    if (nowMillis - firstSeen[i] < windowMillis) {
                        return firstSeen[i];
                    }
                    victim = i; // its window is over: this sighting starts the next one
                    break;
                }
            }
            if (victim < 0) {
                victim = base; // an empty way, else the way seen first (an entry past its window first of all)
                for (int i = base; i < base + WAYS; i++) {
                    if (high[i] == 0 && low[i] == 0) {
                        victim = i;
                        break;
                    }
                    if (firstSeen[i] < firstSeen[victim]) {
                        victim = i;
                    }
                }
            }
            high[victim] = h;
            low[victim] = l;
            firstSeen[victim] = nowMillis;
            return nowMillis;
        }
    }

    /** Hex SHA-256 of the body's digest and the start of the window-long slot {@code millis} falls into. */
    String key(MessageDigest sha256, byte[] bodyDigest, long millis) {
        long slotStart = Math.floorDiv(millis, windowMillis) * windowMillis;
        sha256.reset();
        sha256.update(bodyDigest);
        for (int shift = 56; shift >= 0; shift -= 8) {
            sha256.update((byte) (slotStart >>> shift));
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Forgets every sighting, as a restart does. */
    public void clear() {
        for (int stripe = 0; stripe < LOCKS; stripe++) {
            synchronized (locks[stripe]) { // guards the sets whose index is congruent to it
                for (int set = stripe; set <= setMask; set += LOCKS) {
                    java.util.Arrays.fill(high, set * WAYS, set * WAYS + WAYS, 0);
                    java.util.Arrays.fill(low, set * WAYS, set * WAYS + WAYS, 0);
                }
            }
        }
    }

    private static long longAt(byte[] bytes, int offset) {
        long value = 0;
        for (int i = offset; i < offset + 8; i++) {
            value = value << 8 | (bytes[i] & 0xFF);
        }
        return value;
    }
}
