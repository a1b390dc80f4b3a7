package io.github.erpgateway.replay;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one replay run did, as the endpoint and the MBean answer it. {@code moved} counts the messages that left the
 * side queue: each was stored on its entity queue, recognised as already stored, or stored on a side queue again.
 */
public final class ReplaySummary {

    private final String queue;
    private int stored;
    private int duplicates;
    private int unrouted;
    private int parked;
    private int deadLettered;
    private int failed;
    private String error;
    private String failedMessageId;
    private boolean brokerFailure;

    ReplaySummary(String queue) {
        this.queue = queue;
    }

    void add(String outcome) {
        switch (outcome) {
            case ReplayRunner.STORED -> stored++;
            case ReplayRunner.DUPLICATE -> duplicates++;
            case ReplayRunner.UNROUTED -> unrouted++;
            case ReplayRunner.PARKED -> parked++;
            case ReplayRunner.DEAD_LETTERED -> deadLettered++;
            default -> throw new IllegalArgumentException(outcome);
        }
    }

    void failed(String reason, String messageId, boolean byBroker) {
        failed++;
        error = reason;
        failedMessageId = messageId;
        brokerFailure = byBroker;
    }

    public int moved() {
        return stored + duplicates + unrouted + parked + deadLettered;
    }

    public int failed() {
        return failed;
    }

    /** True when the run stopped because the broker did not store or remove a message. */
    public boolean stoppedByBroker() {
        return brokerFailure;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("queue", queue);
        map.put("moved", moved());
        map.put("stored", stored);
        map.put("duplicates", duplicates);
        map.put("unrouted", unrouted);
        map.put("parked", parked);
        map.put("deadLettered", deadLettered);
        map.put("failed", failed);
        if (error != null) {
            map.put("error", error);
        }
        if (failedMessageId != null) {
            map.put("failedMessageId", failedMessageId);
        }
        return map;
    }

    @Override
    public String toString() {
        return "queue=" + queue + " moved=" + moved() + " stored=" + stored + " duplicates=" + duplicates + " unrouted="
                + unrouted + " parked=" + parked + " deadLettered=" + deadLettered + " failed=" + failed;
    }
}
