package io.github.erpgateway.bench.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time all processes of the machine have used, from the first line of /proc/stat, in seconds. */
public final class MachineCpu {

    private MachineCpu() {
    }

    public static double busySeconds() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        // cpu user nice system idle iowait irq softirq steal ...: everything but idle and iowait is work
        long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3])
                + Long.parseLong(f[6]) + Long.parseLong(f[7]) + Long.parseLong(f[8]);
        return busy / 100.0;
    }

    /** How busy the machine is right now, in percent of one core, over a one-second sample. */
    public static double busyPercentNow() throws IOException, InterruptedException {
        double before = busySeconds();
        Thread.sleep(1_000);
        return (busySeconds() - before) * 100;
    }
}
