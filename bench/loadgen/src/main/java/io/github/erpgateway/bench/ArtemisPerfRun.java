package io.github.erpgateway.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.erpgateway.bench.artemis.PerfClientReport;
import io.github.erpgateway.bench.report.Report;
import io.github.erpgateway.bench.report.ResultRow;
import io.github.erpgateway.bench.report.ServerRow;
import io.github.erpgateway.bench.server.MachineCpu;
import io.github.erpgateway.bench.server.ProcessStats;

/**
 * The broker's physical limit on this machine, measured in the same run as the servers: Artemis' own load tool,
 * {@code artemis perf client --persistent --message-size 1200 --producers 64 --max-pending 1}, against a standalone
 * broker created from the Artemis distribution ({@code artemis create}: its default configuration, NIO journal, every
 * acceptor on 127.0.0.1, login required) under the run's directory. No HTTP, no signature, no mapping and no
 * {@code _AMQ_DUPL_ID}: what the webhook servers do on top of their broker costs them against this figure. The broker
 * is stopped and its instance (journal included) deleted afterwards.
 */
final class ArtemisPerfRun {

    static final String VERSION = "2.40.0";
    private static final String QUEUE = "queue://erp.bench.perf-client";

    private final BenchOptions options;
    private final Path runDir;
    private final Report report;

    ArtemisPerfRun(BenchOptions options, Path runDir, Report report) {
        this.options = options;
        this.runDir = runDir;
        this.report = report;
    }

    void run() throws Exception {
        Path home = options.repo.resolve("bench/target/artemis-distribution/apache-artemis-" + VERSION);
        Path artemis = home.resolve("bin/artemis");
        if (!Files.isExecutable(artemis)) {
            throw new HarnessFailure("no Artemis distribution at " + options.repo.relativize(home)
                    + " (building bench/pom.xml unpacks it: bench/run.sh does)");
        }
        options.ports().requireFree();
        Path instance = runDir.resolve("artemis-broker");
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        int port = options.ports().broker();
        List<String> create = List.of(artemis.toString(), "create", instance.toString(), "--silent", "--nio",
                "--user", "bench", "--password", password, "--require-login",
                "--host", "127.0.0.1", "--default-port", String.valueOf(port), "--no-web", "--http-host", "127.0.0.1",
                "--no-amqp-acceptor", "--no-stomp-acceptor", "--no-mqtt-acceptor", "--no-hornetq-acceptor");
        say("artemis create " + options.repo.relativize(instance) + " (127.0.0.1:" + port + ", NIO journal, login required)");
        runToEnd(create, runDir.resolve("artemis-create.log"), 180, "artemis create");
        Path brokerLog = runDir.resolve("artemis.log");
        Process broker = new ProcessBuilder(instance.resolve("bin/artemis").toString(), "run")
                .redirectErrorStream(true).redirectOutput(brokerLog.toFile()).start();
        long startNanos = System.nanoTime();
        try {
            awaitActive(broker, brokerLog);
            double startup = (System.nanoTime() - startNanos) / 1e9;
            double idleRss = ProcessStats.rssKiB(broker.pid()) / 1024.0;
            say(String.format(Locale.ROOT, "broker active after %.1f s (pid %d, log %s)", startup, broker.pid(),
                    options.repo.relativize(brokerLog)));
            measure(artemis, port, password, broker, startup, idleRss);
        } finally {
            broker.destroy();
            if (!broker.waitFor(30, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
                broker.waitFor(10, TimeUnit.SECONDS);
            }
            if (!options.keepData) {
                deleteTree(instance);
            }
        }
    }

    private void measure(Path artemis, int port, String password, Process broker, double startup, double idleRss)
            throws Exception {
        long warmup = options.warmup.toSeconds();
        Path json = runDir.resolve("artemis-perf-client.json");
        // "perf client" sends and consumes (one consumer per destination) and ends only when everything sent has been
        // received, so "--consumers 0" never ends; without --drain-during "perf producer" sends the same load and
        // leaves the backlog on the broker, as the servers' queues are left
        String tool = options.drainDuring ? "client" : "producer";
        List<String> client = new ArrayList<>(List.of(artemis.toString(), "perf", tool,
                "--url", "tcp://127.0.0.1:" + port, "--user", "bench", "--password", password,
                "--persistent", "--message-size", "1200", "--producers", "64", "--max-pending", "1",
                // the tool's --duration includes its --warmup
                "--warmup", String.valueOf(warmup), "--duration", String.valueOf(warmup + options.duration.toSeconds()),
                "--json", json.toString()));
        client.add(QUEUE);
        say(String.join(" ", client).replace(password, "***"));
        Path clientLog = runDir.resolve("artemis-perf-client.log");
        Process process = new ProcessBuilder(client).redirectErrorStream(true).redirectOutput(clientLog.toFile()).start();
        // CPU over the measured seconds only: the client's JVM starts in about a second, then warms up
        Thread.sleep(warmup * 1000 + 1500);
        long cpuStart = System.nanoTime();
        double brokerStart = ProcessStats.cpuSeconds(broker.pid());
        double machineStart = MachineCpu.busySeconds();
        long limit = warmup + options.duration.toSeconds() + 120;
        if (!process.waitFor(limit, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new HarnessFailure("artemis perf " + tool + " did not finish within " + limit + " s; see " + clientLog);
        }
        double wall = (System.nanoTime() - cpuStart) / 1e9;
        double brokerCpu = (ProcessStats.cpuSeconds(broker.pid()) - brokerStart) / wall * 100;
        double restCpu = Math.max(0, (MachineCpu.busySeconds() - machineStart) / wall * 100 - brokerCpu);
        double rss = ProcessStats.rssKiB(broker.pid()) / 1024.0;
        if (process.exitValue() != 0 || !Files.isRegularFile(json)) {
            throw new HarnessFailure("artemis perf " + tool + " exited with " + process.exitValue() + "; see " + clientLog);
        }
        PerfClientReport perf = PerfClientReport.read(json);
        if (!"success".equals(perf.result())) {
            report.note("artemis: the perf " + tool + "'s result was `" + perf.result() + "` (see " + options.repo.relativize(clientLog) + ")");
        }
        String cpu = String.format(Locale.ROOT, "%.0f/client+%.0f", brokerCpu, restCpu);
        report.add(new ServerRow("artemis", "artemis create --nio (distribution " + VERSION + ", its default -Xmx2G); "
                + "artemis perf " + tool + " --persistent --message-size 1200 --producers 64 --max-pending 1", startup,
                idleRss, Double.NaN, warmup + " (perf " + tool + " --warmup)"));
        report.add(new ResultRow("artemis", "max p=64 perf " + tool, null, perf.completedPerSecond(), perf.p50Millis(),
                perf.p99Millis(), perf.p999Millis(), perf.maxMillis(), perf.measuredSends(), 0,
                perf.totalSent() - perf.totalCompleted(), "n/a", rss, Double.NaN, cpu, true));
        report.note(String.format(Locale.ROOT, "artemis: Artemis' own `perf %s` (persistent 1 200-byte messages, 64 "
                + "producers with one unconfirmed send each, %s) against a standalone broker from `artemis create`: no "
                + "HTTP and no `_AMQ_DUPL_ID`. Latencies are its send times (send to the broker's confirmation); 2xx = "
                + "sends confirmed in the %.1f s measured; totals with warm-up: %d sent, %d confirmed, %d consumed; CPU "
                + "is broker/(perf tool + everything else)", tool, options.drainDuring ? "one consumer draining the queue"
                : "no consumer", perf.measuredSeconds(), perf.totalSent(), perf.totalCompleted(), perf.totalReceived()));
        say(String.format(Locale.ROOT, "perf " + tool + ": %.0f confirmed sends/s over %.1f s, send time p50 %.2f ms, p99 %.2f ms, "
                + "RSS %.0f MiB, CPU %% broker/client+other %s", perf.completedPerSecond(), perf.measuredSeconds(),
                perf.p50Millis(), perf.p99Millis(), rss, cpu));
    }

    /** The broker logs AMQ221007 once it accepts connections (the port alone opens a little earlier). */
    private static void awaitActive(Process broker, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (!broker.isAlive()) {
                throw new HarnessFailure("the Artemis broker exited with " + broker.exitValue() + " before it was active; see " + log);
            }
            if (Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains("AMQ221007")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new HarnessFailure("the Artemis broker was not active within 2 minutes; see " + log);
    }

    private static void runToEnd(List<String> command, Path log, int seconds, String what) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new HarnessFailure(what + " did not finish within " + seconds + " s; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new HarnessFailure(what + " exited with " + process.exitValue() + "; see " + log);
        }
    }

    private static void say(String line) {
        System.out.println("[artemis] " + line);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
