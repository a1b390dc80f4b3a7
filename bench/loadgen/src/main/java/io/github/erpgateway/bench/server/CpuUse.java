package io.github.erpgateway.bench.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;

/**
 * CPU used during one phase by the server, by the generator (this JVM) and by everything else on the machine, in
 * percent of one core: on this 2-core machine 200 % is everything. "Other" above a few percent means something
 * outside the benchmark disturbed the figures.
 */
public final class CpuUse {

    private final ServerUnderTest server;
    private final long startNanos = System.nanoTime();
    private final double serverStart;
    private final long generatorStart = generatorCpuNanos();
    private final double machineStart = MachineCpu.busySeconds();

    private CpuUse(ServerUnderTest server) throws IOException {
        this.server = server;
        this.serverStart = server.cpuSeconds();
    }

    public static CpuUse start(ServerUnderTest server) throws IOException {
        return new CpuUse(server);
    }

    /** "server/generator/other" in percent of one core since start, e.g. "152/41/3". */
    public String stop() throws IOException {
        double wall = (System.nanoTime() - startNanos) / 1e9;
        double serverPercent = (server.cpuSeconds() - serverStart) / wall * 100;
        double generatorPercent = (generatorCpuNanos() - generatorStart) / 1e9 / wall * 100;
        double machinePercent = (MachineCpu.busySeconds() - machineStart) / wall * 100;
        double otherPercent = Math.max(0, machinePercent - serverPercent - generatorPercent);
        return String.format(java.util.Locale.ROOT, "%.0f/%.0f/%.0f", serverPercent, generatorPercent, otherPercent);
    }

    private static long generatorCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
