package io.github.erpgateway.reconcile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run did, as {@code POST /actuator/reconcile} and the MBean answer it. {@code checked}: record versions read;
 * of those {@code covered} by a stored webhook event, {@code published} (no webhook covered them), {@code extra}
 * (published though a webhook may have covered them: the gateway's memory of webhooks does not reach back that far),
 * {@code alreadyReconciled} (decided by an earlier run), {@code alreadyStored} (the broker had the id: stored by an
 * earlier, interrupted run or another gateway), {@code rejected} (no usable key or modification time).
 */
final class ReconciliationSummary {

    boolean ran = true;
    String reason;
    int checked;
    int covered;
    int published;
    int extra;
    int alreadyReconciled;
    int alreadyStored;
    int rejected;
    boolean complete = true;
    final List<Map<String, String>> failures = new ArrayList<>();

    static ReconciliationSummary notRun(String reason) {
        ReconciliationSummary summary = new ReconciliationSummary();
        summary.ran = false;
        summary.reason = reason;
        return summary;
    }

    void failed(String source, String tenant, String entity, String kind, String message) {
        Map<String, String> failure = new LinkedHashMap<>();
        failure.put("source", source);
        failure.put("tenant", tenant);
        failure.put("entity", entity);
        failure.put("kind", kind);
        failure.put("reason", message);
        failures.add(failure);
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("ran", ran);
        if (reason != null) {
            map.put("reason", reason);
        }
        map.put("checked", checked);
        map.put("covered", covered);
        map.put("published", published);
        map.put("extra", extra);
        map.put("alreadyReconciled", alreadyReconciled);
        map.put("alreadyStored", alreadyStored);
        map.put("rejected", rejected);
        map.put("complete", complete);
        map.put("failures", failures);
        return map;
    }

    @Override
    public String toString() {
        return "checked=" + checked + " covered=" + covered + " published=" + published + " extra=" + extra
                + " alreadyReconciled=" + alreadyReconciled + " alreadyStored=" + alreadyStored + " rejected=" + rejected
                + " complete=" + complete + " failures=" + failures.size();
    }
}
