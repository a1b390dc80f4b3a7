package io.github.erpgateway.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

/** The pieces of a run that need no broker and no vendor: times, ids and checkpoints. */
class ReconciliationPartsTest {

    @Test
    void aModificationTimeWithoutAnOffsetIsReadInTheConfiguredZoneAndOneWithAnOffsetKeepsIt() {
        assertThat(VendorHttp.modified(TextNode.valueOf("2026-12-07T10:15:30.123"), ZoneId.of("UTC")))
                .isEqualTo(Instant.parse("2026-12-07T10:15:30.123Z"));
        assertThat(VendorHttp.modified(TextNode.valueOf("2026-12-07T10:15:30.123"), ZoneId.of("Europe/Oslo")))
                .isEqualTo(Instant.parse("2026-12-07T09:15:30.123Z"));
        assertThat(VendorHttp.modified(TextNode.valueOf("2026-12-07 10:15:30"), ZoneId.of("UTC")))
                .isEqualTo(Instant.parse("2026-12-07T10:15:30Z"));
        assertThat(VendorHttp.modified(TextNode.valueOf("2026-12-07T10:15:30.1+02:00"), ZoneId.of("UTC")))
                .isEqualTo(Instant.parse("2026-12-07T08:15:30.100Z"));
        assertThat(VendorHttp.modified(TextNode.valueOf("yesterday"), ZoneId.of("UTC"))).isNull();
        assertThat(VendorHttp.modified(null, ZoneId.of("UTC"))).isNull();
        assertThat(VendorHttp.modified(TextNode.valueOf("2".repeat(10_000)), ZoneId.of("UTC"))).isNull();
    }

    @Test
    void theFilterIsWrittenAsTheVendorDocumentsIt() {
        assertThat(VismaNetChanges.FILTER.format(java.time.LocalDateTime.ofInstant(Instant.parse("2026-12-07T09:05:03.007Z"),
                ZoneId.of("UTC")))).isEqualTo("2026-12-07 09:05:03.007");
    }

    @Test
    void oneVersionHasOneIdWhicheverRunFindsIt() {
        Instant time = Instant.parse("2026-12-07T10:15:30.123Z");
        String id = ReconciledEvent.id("visma-net", "t1", "customer", "10001", time);
        assertThat(ReconciledEvent.id("visma-net", "t1", "customer", "10001", Instant.parse("2026-12-07T10:15:30.123Z"))).isEqualTo(id);
        assertThat(id).matches("R[0-9a-f]{32}");
        assertThat(ReconciledEvent.id("visma-net", "t1", "customer", "10001", time.plusMillis(1))).isNotEqualTo(id);
        assertThat(ReconciledEvent.id("visma-net", "t2", "customer", "10001", time)).isNotEqualTo(id);
        // the separator cannot be forged by moving text from one part to the next
        assertThat(ReconciledEvent.id("visma-net", "t1", "customer", "1\n0001", time)).isNotEqualTo(id);
    }

    @Test
    void aCheckpointSurvivesItsTextAndForgetsWhatTheNextReadCannotReturn() {
        Checkpoint checkpoint = new Checkpoint();
        checkpoint.watermark = Instant.parse("2026-12-07T10:00:00Z");
        checkpoint.memorySince = Instant.parse("2026-12-07T08:00:00Z");
        checkpoint.lastRun = Instant.parse("2026-12-07T10:01:00Z");
        checkpoint.passFrom = Instant.parse("2026-12-07T09:55:00Z");
        checkpoint.passAt = "3";
        checkpoint.passNewest = Instant.parse("2026-12-07T09:59:00Z");
        checkpoint.seen.put("Rold", Instant.parse("2026-12-07T09:50:00Z").toEpochMilli());
        checkpoint.seen.put("Rnew", Instant.parse("2026-12-07T09:58:00Z").toEpochMilli());

        Checkpoint read = Checkpoint.parse(checkpoint.text());
        assertThat(read.text()).isEqualTo(checkpoint.text());
        assertThat(read.passAt).isEqualTo("3");

        read.prune(Duration.ofMinutes(5), 10);
        assertThat(read.seen).containsOnlyKeys("Rnew");
        read.seen.put("Rnewer", Instant.parse("2026-12-07T09:59:00Z").toEpochMilli());
        read.prune(Duration.ofMinutes(5), 1);
        assertThat(read.seen).containsOnlyKeys("Rnewer");
        assertThat(Checkpoint.parse("not json").watermark).isNull();
    }
}
