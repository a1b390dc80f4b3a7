package io.github.erpgateway.bench.report;

/** One server process: how long it took to become healthy and what it used when idle just after. */
public record ServerRow(String target, String command, double startupSeconds, double idleRssMiB, double idleHeapMiB) {
}
