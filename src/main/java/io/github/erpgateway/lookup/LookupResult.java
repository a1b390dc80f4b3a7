package io.github.erpgateway.lookup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one lookup found, and how much it searched. */
public final class LookupResult {

    static final String HINT = "No queue holds this id now. Either a consumer took it (stored, then consumed), or the"
            + " gateway never stored it under this id: look for it in the gateway's log (logger gateway.webhooks, one"
            + " line per webhook: source=... id=... outcome=...), and in Prometheus at"
            + " gateway_webhooks_total{outcome=\"duplicate\"} (a redelivery answered without storing it again),"
            + " {outcome=\"rejected-signature\"} and the other outcomes.";

    private final String id;
    private final List<Map<String, Object>> hits = new ArrayList<>();
    private final List<String> searched = new ArrayList<>();
    private int messages;
    private String stoppedEarly;
    private long tookMillis;

    LookupResult(String id) {
        this.id = id;
    }

    void browsed() {
        messages++;
    }

    void found(Map<String, Object> hit) {
        hits.add(hit);
    }

    void searched(String queue) {
        searched.add(queue);
    }

    void stoppedEarly(String why) {
        stoppedEarly = why;
    }

    void took(long millis) {
        tookMillis = millis;
    }

    int messages() {
        return messages;
    }

    public boolean found() {
        return !hits.isEmpty();
    }

    /** 200 with the hits, 404 when no queue searched holds it. */
    public int status() {
        return found() ? 200 : 404;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", id);
        map.put("found", hits);
        map.put("complete", stoppedEarly == null);
        if (stoppedEarly != null) {
            map.put("stoppedEarly", stoppedEarly);
        }
        map.put("queuesSearched", searched);
        map.put("messagesBrowsed", messages);
        map.put("tookMs", tookMillis);
        if (hits.isEmpty()) {
            map.put("hint", stoppedEarly == null ? HINT : "Not found in the part searched; the search stopped early ("
                    + "raise gateway.lookup.max-messages or max-duration). " + HINT);
        }
        return map;
    }
}
