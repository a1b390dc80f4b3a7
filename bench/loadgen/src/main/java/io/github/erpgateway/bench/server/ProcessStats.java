package io.github.erpgateway.bench.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

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

    /**
     * CPU time used so far by each of the JIT compiler threads ("C1 CompilerThread0", "C2 CompilerThread0", ...;
     * Linux keeps the first 15 characters of a thread's name), by thread id. A thread that ended is missing: compare
     * two readings by id ({@link #compilerSecondsBetween}).
     */
    public static Map<String, Double> compilerCpuSeconds(long pid) throws IOException {
        Map<String, Double> seconds = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    seconds.put(task.getFileName().toString(), (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0);
                }
            }
        }
        return seconds;
    }

    /** The compiler threads' CPU seconds from one reading to a later one (threads started between count from 0). */
    public static double compilerSecondsBetween(Map<String, Double> before, Map<String, Double> after) {
        double sum = 0;
        for (Map.Entry<String, Double> thread : after.entrySet()) {
            sum += Math.max(0, thread.getValue() - before.getOrDefault(thread.getKey(), 0.0));
        }
        return sum;
    }
}
