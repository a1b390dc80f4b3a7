package io.github.erpgateway.bench.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;

/**
 * CPU used during one phase by the server and by the generator (this JVM), in percent of one core: on this
 * 2-core machine 200 % is everything, so the pair shows who was short of CPU.
 */
public final class CpuUse {

    private final ServerUnderTest server;
    private final long startNanos = System.nanoTime();
    private final double serverStart;
    private final long generatorStart = generatorCpuNanos();

    private CpuUse(ServerUnderTest server) throws IOException {
        this.server = server;
        this.serverStart = server.cpuSeconds();
    }

    public static CpuUse start(ServerUnderTest server) throws IOException {
        return new CpuUse(server);
    }

    /** "server/generator" in percent of one core since start, e.g. "152/41". */
    public String stop() throws IOException {
        double wall = (System.nanoTime() - startNanos) / 1e9;
        double serverPercent = (server.cpuSeconds() - serverStart) / wall * 100;
        double generatorPercent = (generatorCpuNanos() - generatorStart) / 1e9 / wall * 100;
        return String.format(java.util.Locale.ROOT, "%.0f/%.0f", serverPercent, generatorPercent);
    }

    private static long generatorCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
