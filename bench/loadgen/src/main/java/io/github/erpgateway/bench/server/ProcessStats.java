package io.github.erpgateway.bench.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and resident memory of any process of this machine, from /proc. */
public final class ProcessStats {

    private ProcessStats() {
    }

    /** Resident set size (heap, metaspace, code cache, threads, buffers) in KiB. */
    public static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for pid " + pid);
    }

    /**
     * CPU time used so far (user + system), from /proc/&lt;pid&gt;/stat in clock ticks of 1/100 s (USER_HZ, 100 on
     * Linux x86-64 and arm64).
     */
    public static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        // the command name (field 2) may contain spaces: count fields after its closing parenthesis
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }
}
