package io.github.erpgateway.bench.verify;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

import io.github.erpgateway.bench.load.PhaseStats;
import io.github.erpgateway.bench.webhook.EventIds;

/**
 * Nothing lost, nothing extra: every 2xx of the phase must be exactly one stored message with that request's id,
 * and nothing else may be stored. A request that got no reply (timeout, reset) may or may not have been stored;
 * such messages are counted apart and do not fail the check. Enriched events ({@code erp.enriched.*}, the
 * gateway-enriched target) carry the id of the event they enrich and are published after the reply, maybe after the
 * phase: they are counted apart as well, not matched with the phase's replies.
 */
public final class StoredCheck {

    static final String ENRICHED_PREFIX = "erp.enriched.";
    static final String WORK_QUEUE_PREFIX = "enrichment.";

    private final long accepted;
    private final long stored;
    private final long missing;
    private final long extra;
    private final long storedWithoutReply;
    private final long enriched;
    private final Map<String, Long> perQueue;
    private final List<String> extraSamples;

    private StoredCheck(long accepted, long stored, long missing, long extra, long storedWithoutReply, long enriched,
                        Map<String, Long> perQueue, List<String> extraSamples) {
        this.accepted = accepted;
        this.stored = stored;
        this.missing = missing;
        this.extra = extra;
        this.storedWithoutReply = storedWithoutReply;
        this.enriched = enriched;
        this.perQueue = perQueue;
        this.extraSamples = extraSamples;
    }

    /**
     * Drains the broker and compares what it held with what the phase was told.
     *
     * @param noReply every request of this server's run so far that was sent and never answered: the server may
     *                store such a request late, even after the drain of its own phase
     * @param consumedDuring what a {@link LiveDrain} consumed while the phase ran; counted like the final drain
     */
    public static StoredCheck run(QueueDrainer drainer, EventIds ids, PhaseStats phase, BitSet noReply,
                                  List<LiveDrain.Received> consumedDuring) throws Exception {
        BitSet expected = (BitSet) phase.accepted().clone();
        BitSet all = phase.accepted();
        long[] counts = new long[4]; // stored, extra, storedWithoutReply, enriched
        List<String> extraSamples = new ArrayList<>();
        QueueDrainer.StoredMessageSink sink = (queue, ceId) -> {
            if (queue.startsWith(ENRICHED_PREFIX) || queue.startsWith(WORK_QUEUE_PREFIX)) {
                counts[3]++;
                return;
            }
            counts[0]++;
            long sequence = ids.sequenceOf(ceId);
            boolean ours = sequence >= 0 && sequence <= Integer.MAX_VALUE;
            if (ours && expected.get((int) sequence)) {
                expected.clear((int) sequence); // a second message with the same id is an extra
            } else if (ours && noReply.get((int) sequence)) {
                counts[2]++;
            } else {
                counts[1]++;
                if (extraSamples.size() < 5) {
                    String why = !ours ? "not an id of this run" : all.get((int) sequence) ? "stored twice" : "never answered 2xx";
                    extraSamples.add(queue + " ce_id=" + ceId + " (" + why + ")");
                }
            }
        };
        Map<String, Long> perQueue = new java.util.TreeMap<>();
        for (LiveDrain.Received message : consumedDuring) {
            sink.stored(message.queue(), message.ceId());
            perQueue.merge(message.queue(), 1L, Long::sum);
        }
        drainer.drain(sink).forEach((queue, count) -> perQueue.merge(queue, count, Long::sum));
        return new StoredCheck(phase.accepted().cardinality(), counts[0], expected.cardinality(), counts[1], counts[2],
                counts[3], perQueue, extraSamples);
    }

    public boolean ok() { return missing == 0 && extra == 0; }
    public long accepted() { return accepted; }
    public long stored() { return stored; }
    public long missing() { return missing; }
    public long extra() { return extra; }
    public long storedWithoutReply() { return storedWithoutReply; }
    /**
     * Enriched events, or for gateway-divert the enrichment work items, received while the phase ran and in the
     * drain after it (not part of the check).
     */
    public long enriched() { return enriched; }
    public Map<String, Long> perQueue() { return perQueue; }
    /** Up to five extra messages, each with its queue, id and why it is extra. */
    public List<String> extraSamples() { return extraSamples; }

    /** e.g. "12 345 = 12 345 ✓" or "12 340 ≠ 12 345 ✗ (5 missing)" */
    public String summary() {
        StringBuilder text = new StringBuilder();
        text.append(stored).append(ok() ? " ✓" : " ✗");
        if (missing > 0) {
            text.append(" (").append(missing).append(" missing)");
        }
        if (extra > 0) {
            text.append(" (").append(extra).append(" extra)");
        }
        if (storedWithoutReply > 0) {
            text.append(" (+").append(storedWithoutReply).append(" without reply)");
        }
        if (enriched > 0) {
            text.append(" · ").append(enriched).append(" enrichment");
        }
        return text.toString();
    }
}
