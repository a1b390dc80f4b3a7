package io.github.erpgateway.bench.report;

/**
 * One server process: how long it took to become healthy, what it used when idle just after, and how many seconds of
 * load it took until its throughput settled.
 */
public record ServerRow(String target, String command, double startupSeconds, double idleRssMiB, double idleHeapMiB,
                        String warmupSeconds) {
}
