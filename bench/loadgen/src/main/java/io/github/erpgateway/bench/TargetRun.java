package io.github.erpgateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.erpgateway.bench.load.LoadGenerator;
import io.github.erpgateway.bench.load.PhaseStats;
import io.github.erpgateway.bench.report.Report;
import io.github.erpgateway.bench.report.ResultRow;
import io.github.erpgateway.bench.report.ServerRow;
import io.github.erpgateway.bench.server.CpuUse;
import io.github.erpgateway.bench.server.ProcessStats;
import io.github.erpgateway.bench.server.ServerUnderTest;
import io.github.erpgateway.bench.server.Target;
import io.github.erpgateway.bench.verify.QueueDrainer;
import io.github.erpgateway.bench.verify.LiveDrain;
import io.github.erpgateway.bench.verify.StoredCheck;
import io.github.erpgateway.bench.collector.StandInCollector;
import io.github.erpgateway.bench.vendor.StandInVendor;
import io.github.erpgateway.bench.webhook.EventIds;
import io.github.erpgateway.bench.webhook.WebhookFactory;
import io.github.erpgateway.bench.wrk.WrkRun;

/**
 * Everything measured on one server: start it on a fresh broker journal, time it to healthy, warm it up, run the
 * modes, and after each phase sample its memory and check the broker against the replies; then stop it.
 */
final class TargetRun {

    private final BenchOptions options;
    private final Target target;
    private final Path jar;
    private final Path runDir;
    private final Report report;
    private final EventIds ids = new EventIds();
    /** Requests of any phase so far that were sent and never answered: stored or not, nobody can tell. */
    private final BitSet unanswered = new BitSet();
    private boolean checksOk = true;
    private ServerUnderTest server;
    private double startupSeconds;
    private double idleRssMiB;
    private double idleHeapMiB;
    private boolean troubleSeen;
    private QueueDrainer drainer;
    /** gateway-enriched only: the vendors' APIs it calls. */
    private StandInVendor vendor;
    /** gateway-traced only: where its spans go. */
    private StandInCollector collector;

    TargetRun(BenchOptions options, Target target, Path jar, Path runDir, Report report) {
        this.options = options;
        this.target = target;
        this.jar = jar;
        this.runDir = runDir;
        this.report = report;
    }

    /** @return false when a broker check failed; throws when the harness could not measure at all */
    boolean run() throws Exception {
        Path dataDir = runDir.resolve(target.id() + "-broker");
        vendor = target == Target.GATEWAY_ENRICHED ? StandInVendor.start(options.vendorPort) : null;
        collector = target.traced() ? StandInCollector.start(options.collectorPort) : null;
        List<String> command = target.command(options.serverJava, jar, options.serverJvmOptions, options.ports(), dataDir,
                vendor == null ? "http://127.0.0.1:" + options.vendorPort : vendor.baseUrl(),
                collector == null ? "http://127.0.0.1:" + options.collectorPort + "/v1/traces" : collector.endpoint());
        say("starting: " + String.join(" ", command));
        try (StandInCollector alsoStopsLast = collector;
             StandInVendor stopsLast = vendor;
             ServerUnderTest started = ServerUnderTest.start(target, command, options.repo, options.ports(),
                runDir.resolve(target.id() + ".log"))) {
            server = started;
            Duration startup = server.awaitHealthy(Duration.ofMinutes(3));
            startupSeconds = startup.toMillis() / 1000.0;
            idleRssMiB = server.rssKiB() / 1024.0;
            idleHeapMiB = server.heapUsedMiB();
            say(String.format(Locale.ROOT, "healthy after %.1f s (pid %d, log %s)", startupSeconds,
                    server.pid(), options.repo.relativize(server.log())));
            // gateway-divert has no enrichment routes: the harness takes the work items instead, at no cost
            drainer = new QueueDrainer(options.ports().brokerUrl(), target == Target.GATEWAY_DIVERT
                    ? List.of("erp.", "enrichment.") : List.of("erp."));
            measure();
            if (server.heapCountedTwice()) {
                report.note(target.id() + ": /actuator/metrics/jvm.memory.used?tag=area:heap counts the heap twice (the "
                        + "embedded Artemis registers its own JVM meters, tag broker, in the same registry); the heap "
                        + "figures are one copy");
            }
        } finally {
            if (!options.keepData) {
                deleteTree(dataDir);
            }
        }
        return checksOk;
    }

    private void measure() throws Exception {
        WebhookFactory webhooks = new WebhookFactory(options.mix, ids, target.pathOverride());
        try (LoadGenerator generator = new LoadGenerator(webhooks, "127.0.0.1", options.ports().http(), options.timeout)) {
            warmUp(generator);
            if (options.modeMax) {
                CpuUse cpu = CpuUse.start(server);
                LiveDrain live = startLiveDrain();
                PhaseStats max = generator.closedLoop("max c=" + options.concurrency, options.concurrency, options.duration);
                addRow(max, null, max.successPerSecondInWindow(), cpu.stop(), true, stopLiveDrain(live));
            }
            if (options.wrk && target == Target.CEILING) {
                runWrk();
            }
            if (options.modeRate) {
                for (int rate : options.rates) {
                    CpuUse cpu = CpuUse.start(server);
                    LiveDrain live = startLiveDrain();
                    PhaseStats fixed = generator.fixedRate("rate " + rate + "/s", rate, options.rateDuration,
                            options.rateConnections);
                    List<LiveDrain.Received> consumedDuring = stopLiveDrain(live);
                    double sustained = fixed.successPerSecondToLastReply();
                    // kept up: every request sent, and the last answered within a second of the schedule's end
                    // (a throughput near the rate alone also fits a server with a growing backlog)
                    boolean keptUp = fixed.unsent() == 0 && fixed.errors() == 0
                            && fixed.secondsFromScheduleEndToLastReply() < 1.0;
                    addRow(fixed, rate, sustained, cpu.stop(), keptUp, consumedDuring);
                    if (!keptUp) {
                        report.note(String.format(Locale.ROOT, "%s at %d/s: did not keep up - %.0f 2xx/s, last reply %.1f s "
                                + "after the last scheduled send (the latencies are mostly queueing)%s", target.id(), rate, sustained,
                                fixed.secondsFromScheduleEndToLastReply(),
                                fixed.unsent() > 0 ? "; " + fixed.unsent() + " requests never sent before the backlog deadline" : ""));
                    }
                }
            }
        }
    }

    /** Below this share of one core in the last warm-up slice the JIT is taken as done with the hot code. */
    static final int COMPILER_QUIET_PERCENT = 10;

    /**
     * Closed-loop load in slices of up to 5 s until the server has settled, after at least --warmup and at most
     * --warmup-max seconds: no longer rising (the mean of the last three slices' throughputs at most 5 % above the
     * mean of the three before), and the JIT compiler threads using under {@value #COMPILER_QUIET_PERCENT} % of a core
     * in the last slice. (Three slices within 5 % of each other, the rule before, was never met on a host whose 5 s
     * slices vary by ±15 %: 300 s of warm-up with the compiler quiet after 100.) A fixed warm-up does not fit all
     * servers: on 2 cores the gateway needed about a minute (JIT compilation of a large code base, the broker's
     * journal files being created) while the peer settles in seconds. Throughput alone is not enough either: on
     * 2026-12-07 the gateway's throughput had settled after 70 s while C2 still used 40-60 % of a core for two more
     * minutes, and three phases at the same rate measured 158, 122 and 96 % CPU (p99 108, 59, 22 ms) one after the
     * other. Each slice is drained and checked like any phase.
     */
    private void warmUp(LoadGenerator generator) throws Exception {
        Duration slice = options.warmupMax.compareTo(Duration.ofSeconds(5)) < 0 ? options.warmupMax : Duration.ofSeconds(5);
        java.util.List<Double> throughputs = new java.util.ArrayList<>();
        java.util.List<Double> compiling = new java.util.ArrayList<>();
        long sliceSeconds = Math.max(1, slice.toSeconds());
        boolean settled = false;
        long elapsed = 0;
        long accepted = 0;
        while (elapsed < options.warmupMax.toSeconds()) {
            java.util.Map<String, Double> compilerBefore = server.compilerCpuSeconds();
            long sliceStart = System.nanoTime();
            PhaseStats stats = generator.closedLoop("warm-up", options.concurrency, slice);
            compiling.add(ProcessStats.compilerSecondsBetween(compilerBefore, server.compilerCpuSeconds())
                    / ((System.nanoTime() - sliceStart) / 1e9) * 100);
            check(stats, List.of());
            requireSomeSuccess(stats);
            reportTrouble(stats);
            elapsed += sliceSeconds;
            accepted += stats.success();
            throughputs.add(stats.successPerSecondInWindow());
            int n = throughputs.size();
            if (n >= 6) {
                double last = mean(throughputs.subList(n - 3, n));
                double before = mean(throughputs.subList(n - 6, n - 3));
                settled = before > 0 && last <= before * 1.05 && compiling.get(n - 1) < COMPILER_QUIET_PERCENT;
            }
            if (settled && elapsed >= options.warmup.toSeconds()) {
                break;
            }
        }
        String trend = throughputs.stream().map(t -> String.format(Locale.ROOT, "%.0f", t))
                .collect(Collectors.joining(" → "));
        String jit = compiling.stream().map(t -> String.format(Locale.ROOT, "%.0f", t))
                .collect(Collectors.joining(" → "));
        say(String.format(Locale.ROOT, "warm-up %d s, %d 2xx, %s: %s 2xx/s per %d s slice; JIT compiler threads %s %% of a core",
                elapsed, accepted, settled ? "settled" : "NOT settled", trend, sliceSeconds, jit));
        if (!settled && options.warmupMax.toSeconds() >= 15) {
            report.note(String.format(Locale.ROOT, "%s: not settled after the %d s warm-up (%s 2xx/s per slice; JIT compiler "
                    + "threads %s %% of a core): its figures may still include warm-up", target.id(), elapsed, trend, jit));
        }
        report.add(new ServerRow(target.id(), displayCommand(), startupSeconds, idleRssMiB, idleHeapMiB,
                elapsed + (settled ? "" : " (not settled)")));
    }

    /** @param consumedDuring what --drain-during consumed while the phase ran (empty without it) */
    private void addRow(PhaseStats stats, Integer rate, double successPerSecond, String cpu, boolean sustained,
                        List<LiveDrain.Received> consumedDuring) throws Exception {
        requireAlive(stats);
        reportTrouble(stats);
        // memory first: draining the broker is load of its own
        double rss = server.rssKiB() / 1024.0;
        double heap;
        try {
            heap = server.heapUsedMiB();
        } catch (IOException e) {
            throw new ServerFailure(target.id() + " stopped answering its actuator after " + stats.name() + " ("
                    + e + ")" + (troubleSeen ? ", after running out of memory" : "") + "; see " + server.log());
        }
        String stored = check(stats, consumedDuring);
        requireSomeSuccess(stats);
        if (target.enriches()) {
            describeEnrichment(stats);
        }
        if (collector != null) {
            // a collector that drained nothing would make the traced run look free
            say("stand-in collector so far: " + collector.describeExports());
        }
        ResultRow row = new ResultRow(target.id(), stats.name(), rate, successPerSecond,
                stats.percentileMillis(50), stats.percentileMillis(99), stats.percentileMillis(99.9), stats.maxMillis(),
                stats.success(), stats.nonSuccess(), stats.errors() + stats.unsent(), stored, rss, heap, cpu, sustained);
        report.add(row);
        say(String.format(Locale.ROOT, "%s: %.0f 2xx/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, %d non-2xx, %d errors, stored %s, RSS %.0f MiB, heap %.0f MiB, CPU %% server/generator/other %s",
                stats.name(), successPerSecond, row.p50(), row.p99(), row.p999(), stats.nonSuccess(),
                row.errors(), stored, rss, heap, cpu));
        explain(stats);
    }

    private void requireAlive(PhaseStats stats) {
        if (!server.isAlive()) {
            throw new ServerFailure(target.id() + " died during " + stats.name() + "; see " + server.log());
        }
    }

    /** Out of memory or a critical broker error during the phase: the row then describes a failing server. */
    private void reportTrouble(PhaseStats stats) throws IOException {
        List<String> trouble = server.newTroubleInLog();
        if (!trouble.isEmpty()) {
            troubleSeen = true;
            report.note(String.format(Locale.ROOT, "**%s %s: the server logged %d line(s) of trouble**, first: `%s` (log %s)",
                    target.id(), stats.name(), trouble.size(), trouble.get(0).replace('`', '\''),
                    options.repo.relativize(server.log())));
            say("TROUBLE in the server log: " + trouble.get(0));
        }
    }

    private LiveDrain startLiveDrain() throws Exception {
        if (!options.drainDuring || !target.stores()) {
            return null;
        }
        try {
            return drainer.startLive();
        } catch (Exception e) {
            throw new HarnessFailure("could not start consuming " + target.id() + "'s queues: " + e);
        }
    }

    private List<LiveDrain.Received> stopLiveDrain(LiveDrain live) throws Exception {
        if (live == null) {
            return List.of();
        }
        List<LiveDrain.Received> received = live.stop();
        say(received.size() + " messages consumed while the phase ran");
        return received;
    }

    /** Drains the broker and compares; "n/a" for the ceiling, which stores nothing. */
    private String check(PhaseStats stats, List<LiveDrain.Received> consumedDuring) throws Exception {
        if (!target.stores()) {
            return "n/a";
        }
        StoredCheck check;
        unanswered.or(stats.unknownOutcome());
        if (!stats.unknownOutcome().isEmpty()) {
            Thread.sleep(2_000); // let the server finish what it was still doing for the abandoned requests
        }
        try {
            check = StoredCheck.run(drainer, ids, stats, unanswered, consumedDuring);
        } catch (Exception e) {
            String message = "could not drain " + target.id() + "'s broker at " + options.ports().brokerUrl() + ": " + e;
            if (troubleSeen || !server.isAlive()) {
                throw new ServerFailure(message + ", after the server ran out of memory or died");
            }
            throw new HarnessFailure(message);
        }
        if (!check.ok()) {
            checksOk = false;
            report.note(String.format(Locale.ROOT, "**%s %s: broker check FAILED** - %d 2xx, %d stored, %d missing, %d extra%s; per queue %s",
                    target.id(), stats.name(), check.accepted(), check.stored(), check.missing(), check.extra(),
                    check.extraSamples().isEmpty() ? "" : " e.g. " + check.extraSamples(), check.perQueue()));
        }
        return check.summary();
    }

    /**
     * What the enrichment did meanwhile: its work queues' backlog right after the drain (0 or a few when its
     * consumers keep up with the webhooks) and the stand-in vendor's calls.
     */
    private void describeEnrichment(PhaseStats stats) throws Exception {
        Map<String, Long> backlog = drainer.messageCounts("enrichment.");
        String line = String.format(Locale.ROOT, "%s %s: enrichment work queues held %s after the phase's drain%s",
                target.id(), stats.name(), backlog, vendor == null ? "" : "; stand-in vendor so far: " + vendor.describeCalls());
        say(line);
        report.note(line);
    }

    private void runWrk() throws Exception {
        if (!WrkRun.available()) {
            report.note("wrk requested but not installed (apt-get install -y wrk): no cross-check row");
            return;
        }
        CpuUse cpu = CpuUse.start(server);
        WrkRun.Result wrk = WrkRun.run(options.repo.resolve("bench/wrk/post.lua"),
                "http://127.0.0.1:" + options.ports().http() + target.pathOverride(), options.concurrency, options.duration);
        report.add(new ResultRow(target.id(), "wrk c=" + options.concurrency, null, wrk.successPerSecond(), wrk.p50(),
                wrk.p99(), wrk.p999(), wrk.max(), wrk.requests() - wrk.nonSuccess(), wrk.nonSuccess(), wrk.errors(),
                "n/a", server.rssKiB() / 1024.0, server.heapUsedMiB(), cpu.stop().replaceFirst("/[0-9]+/", "/wrk+"), true));
        say(String.format(Locale.ROOT, "wrk c=%d: %.0f 2xx/s, p50 %.2f ms, p99 %.2f ms", options.concurrency,
                wrk.successPerSecond(), wrk.p50(), wrk.p99()));
    }

    /** Non-2xx codes, error kinds and non-"accepted" replies go into the notes: they change what a figure means. */
    private void explain(PhaseStats stats) {
        String prefix = target.id() + " " + stats.name() + ": ";
        if (!stats.nonSuccessStatuses().isEmpty()) {
            report.note(prefix + "non-2xx " + counts(stats.nonSuccessStatuses()));
        }
        if (!stats.errorKinds().isEmpty()) {
            report.note(prefix + "errors " + counts(stats.errorKinds()));
        }
        Map<String, Long> unusual = stats.replyStatuses().entrySet().stream()
                .filter(e -> !e.getKey().equals("accepted"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        if (!unusual.isEmpty()) {
            report.note(prefix + "2xx replies other than accepted " + counts(unusual));
        }
    }

    private void requireSomeSuccess(PhaseStats stats) {
        if (stats.success() == 0) {
            if (troubleSeen) {
                throw new ServerFailure(target.id() + " " + stats.name() + ": not one 2xx reply after running out of memory; see " + server.log());
            }
            throw new HarnessFailure(target.id() + " " + stats.name() + ": not one 2xx reply (non-2xx "
                    + counts(stats.nonSuccessStatuses()) + ", errors " + counts(stats.errorKinds()) + "); see " + server.log());
        }
    }

    private String displayCommand() {
        String jvm = String.join(" ", options.serverJvmOptions);
        String shownJar = jar.startsWith(runDir) ? "target/erp-webhook-gateway-0.1.0-SNAPSHOT.jar" : options.repo.relativize(jar).toString();
        String profile = switch (target) {
            case GATEWAY -> " --spring.profiles.active=demo";
            case GATEWAY_ENRICHED -> " --spring.profiles.active=demo --gateway.enrichment.<vendor>.*=<stand-in vendor on loopback>";
            case GATEWAY_DIVERT -> " --spring.profiles.active=demo --gateway.enrichment.<vendor>.*=… --camel.main.routes-exclude-pattern=file:routes/*-enrichment.camel.yaml";
            case GATEWAY_TRACED -> " --spring.profiles.active=demo --management.otlp.tracing.endpoint=<stand-in collector on loopback>";
            case GATEWAY_TRACED_ALL -> " --spring.profiles.active=demo --management.otlp.tracing.endpoint=<stand-in collector on loopback>"
                    + " --management.tracing.sampling.probability=1.0";
            case ARTEMIS -> "";
            case CEILING -> " --spring.profiles.active=demo,bench";
            case PEER -> "";
        };
        String java = options.serverJava.equals(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                ? "java" : options.serverJava;
        return (java + " " + jvm + " -jar " + shownJar + profile).replaceAll(" +", " ");
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    private static String counts(Map<?, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + " ×" + e.getValue()).collect(Collectors.joining(", "));
    }

    private void say(String line) {
        System.out.println("[" + target.id() + "] " + line);
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
