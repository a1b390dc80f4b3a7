package io.github.erpgateway.reconcile;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where a tenant's entity stands, as kept in the broker (one last-value message per source|tenant|entity):
 * <ul>
 *   <li>{@code watermark}: the next pass reads records modified at or after {@code watermark - overlap};</li>
 *   <li>{@code pass}: a pass left unfinished (the run's record bound, or a kill): its {@code from}, where its last
 *       stored page is ({@code at}: the vendor's page number or cursor), when it started (the gateway's clock) and the
 *       newest modification time seen so far;
 *       the next run continues it from that page (read again: records may have moved up a page);</li>
 *   <li>{@code seen}: the ids of the versions already decided whose modification time the next read still reaches, so
 *       a re-read overlap (also after a restart, when the memory of webhooks is empty) is not published again;</li>
 *   <li>{@code lastRun} and {@code lastSuccess}: for the schedule and the metric, shared by every gateway.</li>
 * </ul>
 */
final class Checkpoint {

    Instant watermark;
    /** Since when the broker's memory of webhooks (reconcile.covered) is complete: the first run's gateway start. */
    Instant memorySince;
    Instant lastRun;
    Instant lastSuccess;
    Instant passFrom;
    /** Where the last page whose events are all stored is (the vendor's page number or cursor); null: none yet. */
    String passAt;
    Instant passNewest;
    /** When the pass read its first page: the watermark never moves past it (records changed during the pass). */
    Instant passStarted;
    /** Version id -> modification time (epoch millis), oldest first. */
    final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    static Checkpoint parse(String text) {
        Checkpoint checkpoint = new Checkpoint();
        if (text == null) {
            return checkpoint;
        }
        try {
            JsonNode node = Reconciler.JSON.readTree(text);
            checkpoint.watermark = instant(node.path("watermark"));
            checkpoint.memorySince = instant(node.path("memorySince"));
            checkpoint.lastRun = instant(node.path("lastRun"));
            checkpoint.lastSuccess = instant(node.path("lastSuccess"));
            JsonNode pass = node.path("pass");
            if (pass.isObject()) {
                checkpoint.passFrom = instant(pass.path("from"));
                checkpoint.passAt = pass.path("at").isTextual() ? pass.path("at").asText() : null;
                checkpoint.passNewest = instant(pass.path("newest"));
                checkpoint.passStarted = instant(pass.path("started"));
            }
            node.path("seen").fields().forEachRemaining(e -> checkpoint.seen.put(e.getKey(), e.getValue().asLong()));
        } catch (IOException e) {
            // only the gateway writes these; an unreadable one starts over from the lookback
        }
        return checkpoint;
    }

    String text() {
        ObjectNode node = Reconciler.JSON.createObjectNode();
        put(node, "watermark", watermark);
        put(node, "memorySince", memorySince);
        put(node, "lastRun", lastRun);
        put(node, "lastSuccess", lastSuccess);
        if (passFrom != null) {
            ObjectNode pass = node.putObject("pass");
            put(pass, "from", passFrom);
            if (passAt != null) {
                pass.put("at", passAt);
            }
            put(pass, "newest", passNewest);
            put(pass, "started", passStarted);
        }
        ObjectNode ids = node.putObject("seen");
        seen.forEach(ids::put);
        return node.toString();
    }

    /** After a finished pass: forget what the next read cannot return, and keep at most {@code max} ids. */
    void prune(Duration overlap, int max) {
        long oldestReadable = watermark.minus(overlap).toEpochMilli();
        seen.values().removeIf(modified -> modified < oldestReadable);
        cap(max);
    }

    /** Keeps the {@code max} newest ids: a pass continued over several runs grows {@code seen} until it ends. */
    void cap(int max) {
        if (seen.size() > max) {
            List<Map.Entry<String, Long>> entries = new ArrayList<>(seen.entrySet());
            entries.sort(Map.Entry.comparingByValue());
            seen.clear();
            for (Map.Entry<String, Long> entry : entries.subList(entries.size() - max, entries.size())) {
                seen.put(entry.getKey(), entry.getValue());
            }
        }
    }

    private static Instant instant(JsonNode value) {
        try {
            return value.isTextual() ? Instant.parse(value.asText()) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void put(ObjectNode node, String name, Instant value) {
        if (value != null) {
            node.put(name, value.toString());
        }
    }

}
