package io.github.erpgateway.publish;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The newest {@code capacity} event ids the gateway stored ({@code seenEvents}, gateway.duplicates.cache-size), each
 * kept as a 128-bit fingerprint (the first half of its SHA-256) in arrays allocated once: about 56 bytes per id, and
 * nothing allocated or freed per event. The oldest id is forgotten first.
 *
 * <p>Why not Camel's MemoryIdempotentRepository: it keeps five objects per id (about 190 bytes). At the default of
 * 100 000 ids that is 19 MB that the garbage collector promotes and later frees, one entry per webhook, in the same
 * 256 MiB heap as the broker; in the benchmark the collector was the gateway's largest cost after the workers.
 *
 * <p>Two different ids with the same fingerprint would make the second look like a redelivery; for SHA-256 cut to
 * 128 bits that takes about 2^64 ids, far beyond any gateway's life. Forgetting an id early (after {@link #remove})
 * is always safe: the broker's persisted duplicate detection still stores the event once.
 */
public final class RecentIds extends ServiceSupport implements IdempotentRepository {

    /** 2^26 ids, about 3.8 GB of arrays: more than any heap this gateway runs in. */
    static final int MAX_CAPACITY = 1 << 26;

    private final int capacity;
    private final int mask;
    /** Open addressing, linear probing: slot i holds fingerprint (high[i], low[i]); (0, 0) marks an empty slot. */
    private final long[] high;
    private final long[] low;
    /** The ids in the order they were added, as a ring: the next to forget is at {@link #oldest}. */
    private final long[] ringHigh;
    private final long[] ringLow;
    private int oldest;
    private int size;

    public RecentIds(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("gateway.duplicates.cache-size must be between 1 and " + MAX_CAPACITY + ": " + capacity);
        }
        this.capacity = capacity;
        // at most half full: probes stay short
        int slots = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
        this.mask = slots - 1;
        this.high = new long[slots];
        this.low = new long[slots];
        this.ringHigh = new long[capacity];
        this.ringLow = new long[capacity];
    }

    @Override
    public boolean add(String key) {
        long[] fingerprint = fingerprint(key);
        synchronized (this) {
            if (find(fingerprint[0], fingerprint[1]) >= 0) {
                return false;
            }
            if (size == capacity) {
                delete(ringHigh[oldest], ringLow[oldest]);
                oldest = (oldest + 1) % capacity;
                size--;
            }
            int slot = home(fingerprint[1]);
            while (high[slot] != 0 || low[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            high[slot] = fingerprint[0];
            low[slot] = fingerprint[1];
            int newest = (oldest + size) % capacity;
            ringHigh[newest] = fingerprint[0];
            ringLow[newest] = fingerprint[1];
            size++;
            return true;
        }
    }

    @Override
    public boolean contains(String key) {
        long[] fingerprint = fingerprint(key);
        synchronized (this) {
            return find(fingerprint[0], fingerprint[1]) >= 0;
        }
    }

    /** Forgets the id now; its place in the ring is given up when its turn to be forgotten comes. */
    @Override
    public boolean remove(String key) {
        long[] fingerprint = fingerprint(key);
        synchronized (this) {
            return delete(fingerprint[0], fingerprint[1]);
        }
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public synchronized void clear() {
        java.util.Arrays.fill(high, 0);
        java.util.Arrays.fill(low, 0);
        oldest = 0;
        size = 0;
    }

    /** Ids remembered (an id removed early still counts until its turn in the ring comes). */
    public synchronized int size() {
        return size;
    }

    private int home(long lowBits) {
        return (int) lowBits & mask;
    }

    private int find(long h, long l) {
        int slot = home(l);
        while (high[slot] != 0 || low[slot] != 0) {
            if (high[slot] == h && low[slot] == l) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    /** Removes a fingerprint and closes the gap behind it (backward shift), so that no probe chain is cut. */
    private boolean delete(long h, long l) {
        int gap = find(h, l);
        if (gap < 0) {
            return false;
        }
        int next = gap;
        while (true) {
            next = (next + 1) & mask;
            if (high[next] == 0 && low[next] == 0) {
                break;
            }
            int wanted = home(low[next]);
            // the entry at next may move into the gap unless its home lies cyclically in (gap, next]
            boolean staysPut = gap <= next ? gap < wanted && wanted <= next : gap < wanted || wanted <= next;
            if (!staysPut) {
                high[gap] = high[next];
                low[gap] = low[next];
                gap = next;
            }
        }
        high[gap] = 0;
        low[gap] = 0;
        return true;
    }

    /** The first 128 bits of the key's SHA-256, never (0, 0), which marks an empty slot. */
    static long[] fingerprint(String key) {
        ByteBuffer digest = ByteBuffer.wrap(SHA_256.get().digest(key.getBytes(StandardCharsets.UTF_8)));
        long h = digest.getLong();
        long l = digest.getLong();
        if (h == 0 && l == 0) {
            l = 1;
        }
        return new long[] {h, l};
    }

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    });

    @Override
    protected void doStart() {
        // nothing to open: the arrays are allocated up front
    }

    @Override
    protected void doStop() {
        // kept across a route restart, like Camel's memory repository
    }
}
