package io.github.erpgateway.bench.artemis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The parse of {@code artemis perf client --json}, on a file the tool wrote (distribution 2.40.0, 3 s warm-up, 10 s
 * measured, 64 producers): its summary's counters include the warm-up, its send-time histogram does not.
 */
class PerfClientReportTest {

    @Test
    void throughputComesFromTheMeasuredIntervalsOnly() throws Exception {
        PerfClientReport report = PerfClientReport.read(Path.of(getClass().getResource("/artemis/perf-client-2.40.0.json").toURI()));

        // eight measured intervals over 8.674 s, each rate weighted by its length; not totalCompleted / duration
        assertEquals(15_080, report.completedPerSecond(), 1);
        assertEquals(8.674, report.measuredSeconds(), 0.001);
        assertEquals(130_746, report.measuredSends());
        assertEquals(150_196, report.totalCompleted());
        assertEquals("success", report.result());
    }

    @Test
    void latenciesAreTheSummarysSendTimesInMilliseconds() throws Exception {
        PerfClientReport report = PerfClientReport.read(Path.of(getClass().getResource("/artemis/perf-client-2.40.0.json").toURI()));

        assertEquals(0.555, report.p50Millis(), 1e-9);
        assertEquals(8.575, report.p99Millis(), 1e-9);
        assertEquals(15.999, report.p999Millis(), 1e-9);
        assertEquals(136.191, report.maxMillis(), 1e-9);
    }
}
