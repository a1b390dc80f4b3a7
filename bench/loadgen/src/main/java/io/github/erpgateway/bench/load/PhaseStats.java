package io.github.erpgateway.bench.load;

import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * What one load phase observed. Written only on the generator's event-loop thread; read by the orchestrator after
 * the phase's future completed (which orders the reads after the writes).
 */
public final class PhaseStats {

    /** Latencies above two minutes are recorded as two minutes. */
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(2);

    private final String name;
    private final Histogram latencyMicros = new Histogram(HIGHEST_MICROS, 3);
    private final Map<Integer, Long> nonSuccessStatuses = new TreeMap<>();
    private final Map<String, Long> replyStatuses = new TreeMap<>();
    private final Map<String, Long> errorKinds = new TreeMap<>();
    /** Sequences answered 2xx: each must be stored exactly once (the gateway claims so with every 2xx). */
    private final BitSet accepted = new BitSet();
    /** Sequences sent whose answer never came (timeout, reset): stored or not, nobody can tell. */
    private final BitSet unknownOutcome = new BitSet();
    /** Sequences written to a connection and not answered yet. */
    private final BitSet awaitingReply = new BitSet();

    private long sent;
    private long success;
    private long nonSuccess;
    private long errors;
    private long unsent;
    private long successInWindow;
    private long windowStartNanos;
    private long windowEndNanos;
    private long lastReplyNanos;
    private boolean frozen;

    public PhaseStats(String name) {
        this.name = name;
    }

    void window(long startNanos, long endNanos) {
        this.windowStartNanos = startNanos;
        this.windowEndNanos = endNanos;
    }

    void markSent(long sequence) {
        if (frozen) {
            return;
        }
        sent++;
        awaitingReply.set((int) sequence);
    }

    void recordReply(long sequence, int status, String replyStatus, long latencyNanos, long nowNanos) {
        if (frozen) {
            return;
        }
        awaitingReply.clear((int) sequence);
        latencyMicros.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, latencyNanos / 1_000)));
        lastReplyNanos = Math.max(lastReplyNanos, nowNanos);
        if (status >= 200 && status < 300) {
            success++;
            accepted.set((int) sequence);
            replyStatuses.merge(replyStatus == null ? "(no status)" : replyStatus, 1L, Long::sum);
            if (nowNanos >= windowStartNanos && nowNanos <= windowEndNanos) {
                successInWindow++;
            }
        } else {
            nonSuccess++;
            nonSuccessStatuses.merge(status, 1L, Long::sum);
        }
    }

    void recordError(long sequence, Throwable failure, boolean wasSent) {
        if (frozen) {
            return;
        }
        awaitingReply.clear((int) sequence);
        errors++;
        if (wasSent) {
            unknownOutcome.set((int) sequence);
        }
        String kind = failure.getClass().getSimpleName();
        String message = failure.getMessage();
        if (message != null) {
            kind += ": " + (message.length() > 80 ? message.substring(0, 80) + "…" : message);
        }
        errorKinds.merge(kind, 1L, Long::sum);
    }

    /**
     * Ends the phase with requests still outstanding: those written to a connection count as errors of unknown
     * outcome, those never written as unsent. Later callbacks are ignored.
     */
    void freeze(long outstanding) {
        if (frozen) {
            return;
        }
        int written = awaitingReply.cardinality();
        if (written > 0) {
            unknownOutcome.or(awaitingReply);
            errors += written;
            errorKinds.merge("no reply before the phase ended", (long) written, Long::sum);
        }
        unsent += Math.max(0, outstanding - written);
        awaitingReply.clear();
        frozen = true;
    }

    void freeze() {
        frozen = true;
    }

    public String name() { return name; }
    public Histogram latencyMicros() { return latencyMicros; }
    public long sent() { return sent; }
    public long success() { return success; }
    public long nonSuccess() { return nonSuccess; }
    public long errors() { return errors; }
    public long unsent() { return unsent; }
    public Map<Integer, Long> nonSuccessStatuses() { return nonSuccessStatuses; }
    public Map<String, Long> replyStatuses() { return replyStatuses; }
    public Map<String, Long> errorKinds() { return errorKinds; }
    public BitSet accepted() { return accepted; }
    public BitSet unknownOutcome() { return unknownOutcome; }

    /** 2xx replies per second of the measurement window (closed loop: replies that arrived inside it). */
    public double successPerSecondInWindow() {
        double seconds = (windowEndNanos - windowStartNanos) / 1e9;
        return seconds <= 0 ? 0 : successInWindow / seconds;
    }

    /** 2xx replies per second from the first scheduled send to the last reply (fixed rate: what was sustained). */
    public double successPerSecondToLastReply() {
        double seconds = (Math.max(lastReplyNanos, windowEndNanos) - windowStartNanos) / 1e9;
        return seconds <= 0 ? 0 : success / seconds;
    }

    /**
     * How long after the last scheduled send the last reply came. A server that keeps up answers within its service
     * time; one that fell behind works off a backlog first.
     */
    public double secondsFromScheduleEndToLastReply() {
        return Math.max(0, lastReplyNanos - windowEndNanos) / 1e9;
    }

    public double percentileMillis(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    public double maxMillis() {
        return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getMaxValue() / 1000.0;
    }
}
