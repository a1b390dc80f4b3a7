package io.github.erpgateway.bench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ProcessStatsTest {

    @Test
    void findsThisJvmsCompilerThreads() throws Exception {
        Map<String, Double> threads = ProcessStats.compilerCpuSeconds(ProcessHandle.current().pid());

        // a JVM with tiered compilation has at least one C1 and one C2 thread
        assertFalse(threads.isEmpty());
        assertTrue(threads.values().stream().allMatch(seconds -> seconds >= 0));
    }

    @Test
    void countsANewThreadFromZeroAndNeverAnEndedOneNegative() {
        Map<String, Double> before = Map.of("11", 2.0, "12", 5.0);
        Map<String, Double> after = Map.of("11", 2.5, "13", 0.25);

        assertEquals(0.75, ProcessStats.compilerSecondsBetween(before, after), 1e-9);
    }
}
