package io.github.erpgateway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import io.github.erpgateway.bench.report.Environment;
import io.github.erpgateway.bench.report.Report;
import io.github.erpgateway.bench.server.Target;

/**
 * Entry point of bench/run.sh: measures each target in turn, prints the report, appends it to bench/RESULTS.md.
 * Exit status: 0 measured, 1 harness failure, 2 broker check failed, 3 a server under test failed, 64 bad options.
 */
public final class BenchMain {

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage() + "\n\n" + BenchOptions.USAGE);
            System.exit(64);
            return;
        }
        if (options.help) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        System.exit(new BenchMain().run(options));
    }

    /**
     * Waits (up to --quiet-wait seconds) until other processes use under 25 % of a core: on a shared 2-core machine a
     * test run next door halves the figures. The lock keeps Maven builds out; this catches everything else.
     */
    private static void awaitQuietMachine(BenchOptions options, Target target, Report report) throws Exception {
        if (options.quietWait.isZero()) {
            return;
        }
        long deadline = System.nanoTime() + options.quietWait.toNanos();
        double busy = io.github.erpgateway.bench.server.MachineCpu.busyPercentNow();
        boolean told = false;
        while (busy > 25 && System.nanoTime() < deadline) {
            if (!told) {
                System.out.printf(java.util.Locale.ROOT, "[%s] waiting for the machine to be quiet: other processes use %.0f %% of a core%n",
                        target.id(), busy);
                told = true;
            }
            Thread.sleep(4_000);
            busy = io.github.erpgateway.bench.server.MachineCpu.busyPercentNow();
        }
        if (busy > 25) {
            report.note(String.format(java.util.Locale.ROOT, "%s was measured on a busy machine (other processes used %.0f %% of a core when it started)",
                    target.id(), busy));
        }
    }

    int run(BenchOptions options) {
        Environment environment = Environment.detect(options.repo);
        String settings = (options.smoke ? "SMOKE RUN (figures meaningless) · " : "") + options.describe();
        Report report = new Report(environment, settings);
        if (environment.busyPercentAtStart() > 20) {
            String busy = String.format(java.util.Locale.ROOT, "the machine was busy when the run began (%.0f %% of a core"
                    + " in use by other processes): see the \"other\" CPU of each row", environment.busyPercentAtStart());
            System.out.println("bench: WARNING " + busy);
            report.note(busy);
        }
        if (options.note != null) {
            report.note(options.note);
        }
        boolean checksOk = true;
        boolean harnessOk = true;
        boolean serversOk = true;
        Path runDir = options.repo.resolve("bench/target/runs/"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Path gatewayCopy = runDir.resolve("gateway.jar");
        try {
            Files.createDirectories(runDir);
            if (options.targets.stream().anyMatch(Target::runsGatewayJar)) {
                // run a copy: a rebuild of target/ during the run (the tree is shared) must not pull the jar from under it
                Path jar = options.gatewayJar();
                if (!Files.isRegularFile(jar)) {
                    throw new HarnessFailure("no gateway jar at " + jar + " (build it, or drop --skip-gateway-build)");
                }
                Files.copy(jar, gatewayCopy, StandardCopyOption.REPLACE_EXISTING);
            }
            if (options.targets.contains(Target.PEER) && !Files.isRegularFile(options.peerJar())) {
                throw new HarnessFailure("no peer jar at " + options.peerJar() + " (build bench/pom.xml)");
            }
            System.out.println("bench: " + settings);
            System.out.println("bench: logs in " + options.repo.relativize(runDir));
            for (Target target : options.targets) {
                Path jar = target == Target.PEER ? options.peerJar() : gatewayCopy;
                awaitQuietMachine(options, target, report);
                try {
                    if (target == Target.ARTEMIS) {
                        new ArtemisPerfRun(options, runDir, report).run();
                    } else {
                        checksOk &= new TargetRun(options, target, jar, runDir, report).run();
                    }
                } catch (ServerFailure e) {
                    serversOk = false;
                    report.note("**" + target.id() + " failed** - " + e.getMessage() + " (figures above are those measured before)");
                    System.out.println("[" + target.id() + "] SERVER FAILED: " + e.getMessage());
                } catch (Exception e) {
                    harnessOk = false;
                    report.note("**" + target.id() + ": harness failure** - " + e.getMessage());
                    System.out.println("[" + target.id() + "] FAILED: " + e);
                }
            }
        } catch (Exception e) {
            harnessOk = false;
            report.note("**harness failure** - " + e.getMessage());
            System.out.println("bench: FAILED: " + e);
        } finally {
            try {
                Files.deleteIfExists(gatewayCopy);
            } catch (Exception ignored) {
                // a leftover copy under bench/target is harmless
            }
        }
        String rendered = report.render();
        System.out.println();
        System.out.println(rendered);
        Path results = options.resultsFile();
        if (results != null && harnessOk) {
            try {
                report.appendTo(results);
                System.out.println("bench: appended to " + options.repo.relativize(results.toAbsolutePath()));
            } catch (Exception e) {
                System.out.println("bench: could not append to " + results + ": " + e);
                harnessOk = false;
            }
        }
        if (!harnessOk) {
            System.out.println("bench: the harness could not complete (exit 1)");
            return 1;
        }
        if (!serversOk) {
            System.out.println("bench: a server under test failed: see the notes (exit 3)");
            return 3;
        }
        if (!checksOk) {
            System.out.println("bench: broker check FAILED: stored messages differ from the 2xx replies (exit 2)");
            return 2;
        }
        return 0;
    }
}
