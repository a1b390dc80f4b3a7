package io.github.erpgateway.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;

/** Where and on what the figures were measured: date, git commit, JDK, cores and memory. */
public record Environment(String date, String commit, String jdk, String machine, double loadAverage,
                          double busyPercentAtStart) {

    public static Environment detect(Path repo) {
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        String commit = git(repo, "rev-parse", "--short", "HEAD");
        // only changes that can alter what is measured: the gateway's code, routes, configuration and build
        String changes = git(repo, "status", "--porcelain", "--", "src/main", "routes", "config", "pom.xml");
        if (commit.isEmpty()) {
            commit = "unknown";
        } else if (!changes.isBlank()) {
            commit += " + uncommitted changes";
        }
        String jdk = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        String machine = Runtime.getRuntime().availableProcessors() + " cores" + cpuModel() + ", " + memory() + " RAM";
        return new Environment(date, commit, jdk, machine, currentLoadAverage(), sampleBusyPercent());
    }

    private static double sampleBusyPercent() {
        try {
            return io.github.erpgateway.bench.server.MachineCpu.busyPercentNow();
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    /** The 1-minute load average when the run began: above ~0.5 something else was using this 2-core machine. */
    private static double currentLoadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> " (" + line.substring(line.indexOf(':') + 1).trim() + ")")
                    .findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format("%.1f GiB", kib / 1024.0 / 1024.0);
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }

    private static String git(Path repo, String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = repo.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
