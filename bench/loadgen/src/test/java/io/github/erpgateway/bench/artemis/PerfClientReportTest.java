package io.github.erpgateway.bench.artemis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.Test;

/**
 * The parse of {@code artemis perf client --json} and {@code perf producer --json}, on what the tools wrote
 * (distribution 2.40.0): the summary's counters include the warm-up, its send-time histogram does not.
 */
class PerfClientReportTest {

    /** perf client, 3 s warm-up, 10 s measured, 64 producers, one consumer. */
    private static PerfClientReport clientRun() throws Exception {
        return PerfClientReport.read(Path.of(PerfClientReportTest.class.getResource("/artemis/perf-client-2.40.0.json").toURI()));
    }

    @Test
    void throughputComesFromTheMeasuredIntervalsOnly() throws Exception {
        PerfClientReport report = clientRun();

        // eight measured intervals over 8.674 s, each rate weighted by its length; not totalCompleted / duration
        assertEquals(15_080, report.completedPerSecond(), 1);
        assertEquals(8.674, report.measuredSeconds(), 0.001);
        assertEquals(130_746, report.measuredSends());
        assertEquals(150_196, report.totalCompleted());
        assertEquals(150_196, report.totalReceived());
        assertEquals("success", report.result());
    }

    @Test
    void latenciesAreTheSummarysSendTimesInMilliseconds() throws Exception {
        PerfClientReport report = clientRun();

        assertEquals(0.555, report.p50Millis(), 1e-9);
        assertEquals(8.575, report.p99Millis(), 1e-9);
        assertEquals(15.999, report.p999Millis(), 1e-9);
        assertEquals(136.191, report.maxMillis(), 1e-9);
    }

    @Test
    void aFirstSampleWithoutOneBeforeItCountsAsOneSecond() {
        // perf producer --warmup 1 --duration 2 wrote a single interval, not marked as warm-up
        PerfClientReport report = PerfClientReport.parse(new JsonArray("""
                [{"sampleType":"interval","warmup":false,"time":1796043732516,"sent":9315,"delayed":9291,"completed":9257,
                  "sendTime":{"mean":"1324.23","50":1003,"90":3007,"99":9023,"99.9":47103,"99.99":55039,"max":55039,"count":9342}},
                 {"sampleType":"summary","time":1796043733680,"result":"success","totalSent":24195,"totalBlocked":24143,
                  "totalCompleted":24195,"totalSendTime":{"mean":"1202.95","50":1003,"90":3007,"99":8031,"99.9":10047,
                  "99.99":55039,"max":55039,"count":24195}}]
                """));

        assertEquals(9_257, report.completedPerSecond(), 0.5);
        assertEquals(1.0, report.measuredSeconds(), 1e-9);
        assertEquals(0, report.totalReceived());
    }

    @Test
    void samplesAfterTheProducersStoppedAreLeftOut() throws Exception {
        // --warmup 30 --duration 30 (the duration includes the warm-up): one measured second of sending, then one
        // where only the consumer drained
        PerfClientReport report = PerfClientReport.read(Path.of(getClass().getResource("/artemis/perf-client-2.40.0-warmup-29s.json").toURI()));

        assertEquals(25_930, report.completedPerSecond(), 0.5);
        assertEquals(1.031, report.measuredSeconds(), 1e-9);
        assertEquals(772_334, report.totalCompleted());
    }
}
