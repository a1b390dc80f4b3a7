package io.github.erpgateway.bench.report;

/**
 * One measured line of the report. Latencies in milliseconds, NaN when nothing was measured; {@code stored} is the
 * broker check's summary or "n/a" for the ceiling, which stores nothing; {@code cpu} is "server/generator" percent
 * of one core during the phase; {@code sustained} is false for a fixed rate the server could not keep up with.
 */
public record ResultRow(String target, String mode, Integer rate, double successPerSecond, double p50, double p99,
                        double p999, double max, long success, long nonSuccess, long errors, String stored,
                        double rssMiB, double heapMiB, String cpu, boolean sustained) {
}
