package io.github.erpgateway.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.erpgateway.bench.server.Ports;
import io.github.erpgateway.bench.server.Target;
import io.github.erpgateway.bench.webhook.Mix;

/** The command-line options of bench/run.sh (everything but the build switches, which run.sh handles itself). */
final class BenchOptions {

    static final String USAGE = """
            usage: bench/run.sh [options]
              --smoke                  about a minute: does the harness work? (tiny durations, no RESULTS.md entry)
              --targets LIST           what to measure, in order (default gateway,ceiling,peer,artemis); also
                                       gateway-enriched: the gateway with every vendor's enrichment on, calling a
                                       stand-in vendor on 127.0.0.1 (issue 11's cost: --targets gateway,gateway-enriched);
                                       gateway-divert: enrichment on but its routes left out, the harness consuming
                                       the work queues (the divert's own cost); gateway-traced: tracing exported
                                       to a draining stand-in OTLP/HTTP collector on 127.0.0.1, sampled as shipped;
                                       gateway-traced-all: the same, every trace sampled (issue 21's cost:
                                       run.sh --tracing, i.e. --targets gateway,gateway-traced,gateway-traced-all)
              --modes LIST             max (mode A), rate (mode B) or both (default max,rate)
              --mix LIST               sources and weights, e.g. visma-net or visma-net:2,venio (default all three)
              --warmup S               closed-loop warm-up per server: at least S seconds, then until the throughput
                                       of 5 s slices no longer rises (last three at most 5 % above the three
                                       before) and the JIT compiler threads used under 10 % of a core in the
                                       last slice (default 30)
              --warmup-max S           ... but no longer than this (default 300)
              --duration S             mode A measurement (default 30)
              --concurrency N          mode A connections, one request in flight each (default 64)
              --rates LIST             mode B arrival rates per second (default 1000,2000,5000)
              --rate-duration S        mode B measurement per rate (default 30)
              --rate-connections N     mode B connection limit; requests past it wait, and the wait counts (default 128)
              --timeout S              per-request reply timeout, and how long a backlog may drain (default 30)
              --server-jvm-opts "..."  JVM options of every server under test (default "-Xmx256m")
              --server-java PATH       the java that runs every server under test, e.g.
                                       /usr/lib/jvm/temurin-25-jdk-amd64/bin/java (default: the harness' own)
              --http-port N --management-port N --broker-port N   (default 18080, 18081, 61626)
              --vendor-port N          the stand-in vendor of gateway-enriched, on 127.0.0.1 (default 18090)
              --collector-port N       the stand-in collector of gateway-traced, on 127.0.0.1 (default 18091)
              --wrk                    also run wrk against the ceiling route, as an independent check
              --results FILE           Markdown file to append to (default bench/RESULTS.md; none in smoke mode)
              --no-results             print only
              --note TEXT              a line added to the RESULTS.md entry
              --quiet-wait S           before each server, wait up to S s for other processes to use < 25 % of a core
                                       (default 300; 0 in smoke mode)
              --keep-data              keep the servers' broker journals under bench/target/runs/
              --drain-during           consume the erp.* queues while each measured phase runs, as production
                                       consumers would (in the generator's JVM: its CPU is in the gen column);
                                       without it the broker holds each phase's backlog until the phase ends
              --skip-gateway-build     (run.sh) use the gateway jar already in target/
              --no-lock                (run.sh) measure without holding /tmp/mvn.lock
              --help
            exit status: 0 measured; 1 the harness could not do its job (build, start, no 2xx at all, drain);
                         2 the broker check failed (stored messages differ from the 2xx replies);
                         3 a server under test died or stopped answering (e.g. out of memory); 64 bad options
                         (figures are appended to RESULTS.md unless the status is 1 or 64)
            """;

    Path repo = Path.of(".").toAbsolutePath().normalize();
    boolean smoke;
    List<Target> targets = List.of(Target.GATEWAY, Target.CEILING, Target.PEER, Target.ARTEMIS);
    boolean modeMax = true;
    boolean modeRate = true;
    Mix mix = Mix.parse("visma-net,business-nxt,venio");
    Duration warmup = Duration.ofSeconds(30);
    Duration warmupMax = Duration.ofSeconds(300);
    Duration duration = Duration.ofSeconds(30);
    int concurrency = 64;
    List<Integer> rates = List.of(1000, 2000, 5000);
    Duration rateDuration = Duration.ofSeconds(30);
    int rateConnections = 128;
    Duration timeout = Duration.ofSeconds(30);
    List<String> serverJvmOptions = List.of("-Xmx256m");
    String serverJava = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    int httpPort = 18080;
    int managementPort = 18081;
    int brokerPort = 61626;
    int vendorPort = 18090;
    int collectorPort = 18091;
    boolean wrk;
    Path results;
    boolean noResults;
    String note;
    boolean keepData;
    boolean drainDuring;
    Duration quietWait = Duration.ofSeconds(300);
    boolean help;
    Path gatewayJar;
    Path peerJar;

    private static String executable(String value) {
        if (!java.nio.file.Files.isExecutable(java.nio.file.Path.of(value))) {
            throw new IllegalArgumentException("--server-java " + value + ": not an executable file");
        }
        return value;
    }

    static BenchOptions parse(String[] args) {
        Map<String, String> given = new TreeMap<>();
        BenchOptions options = new BenchOptions();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            switch (name) {
                case "smoke" -> options.smoke = true;
                case "wrk" -> options.wrk = true;
                case "no-results" -> options.noResults = true;
                case "keep-data" -> options.keepData = true;
                case "drain-during" -> options.drainDuring = true;
                case "help" -> options.help = true;
                default -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("--" + name + " needs a value");
                        }
                        value = args[++i];
                    }
                    given.put(name, value);
                }
            }
        }
        if (options.smoke) {
            options.applySmokeDefaults();
        }
        given.forEach(options::set);
        return options;
    }

    /**
     * Small enough to finish in about 30 s plus the start-ups; the figures mean nothing. Every target runs, so that
     * none of them can rot unnoticed (gateway-enriched and gateway-divert too, which a full run leaves out unless
     * asked for).
     */
    private void applySmokeDefaults() {
        targets = List.of(Target.GATEWAY, Target.GATEWAY_ENRICHED, Target.GATEWAY_DIVERT, Target.GATEWAY_TRACED,
                Target.CEILING, Target.PEER, Target.ARTEMIS);
        warmup = Duration.ofSeconds(1);
        warmupMax = Duration.ofSeconds(1);
        duration = Duration.ofSeconds(2);
        concurrency = 8;
        rates = List.of(200);
        rateDuration = Duration.ofSeconds(2);
        rateConnections = 16;
        timeout = Duration.ofSeconds(10);
        noResults = true;
        quietWait = Duration.ZERO;
    }

    private void set(String name, String value) {
        switch (name) {
            case "repo" -> repo = Path.of(value).toAbsolutePath().normalize();
            case "targets" -> targets = split(value).stream().map(Target::of).toList();
            case "modes" -> {
                List<String> modes = split(value);
                modeMax = modes.remove("max");
                modeRate = modes.remove("rate");
                if (!modes.isEmpty() || !(modeMax || modeRate)) {
                    throw new IllegalArgumentException("--modes takes max, rate or both");
                }
            }
            case "mix" -> mix = Mix.parse(value);
            case "warmup" -> warmup = seconds(value, 0);
            case "warmup-max" -> warmupMax = seconds(value, 1);
            case "quiet-wait" -> quietWait = seconds(value, 0);
            case "duration" -> duration = seconds(value, 1);
            case "concurrency" -> concurrency = positive(value);
            case "rates" -> rates = split(value).stream().map(BenchOptions::positive).toList();
            case "rate-duration" -> rateDuration = seconds(value, 1);
            case "rate-connections" -> rateConnections = positive(value);
            case "timeout" -> timeout = seconds(value, 1);
            case "server-java" -> serverJava = executable(value);
            case "server-jvm-opts" -> serverJvmOptions = Arrays.stream(value.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
            case "http-port" -> httpPort = positive(value);
            case "management-port" -> managementPort = positive(value);
            case "broker-port" -> brokerPort = positive(value);
            case "vendor-port" -> vendorPort = positive(value);
            case "collector-port" -> collectorPort = positive(value);
            case "results" -> results = Path.of(value);
            case "note" -> note = value;
            case "gateway-jar" -> gatewayJar = Path.of(value);
            case "peer-jar" -> peerJar = Path.of(value);
            default -> throw new IllegalArgumentException("unknown option --" + name);
        }
    }

    Ports ports() {
        return new Ports(httpPort, managementPort, brokerPort);
    }

    Path gatewayJar() {
        return repo.resolve(gatewayJar != null ? gatewayJar : Path.of("target/erp-webhook-gateway-0.1.0-SNAPSHOT.jar"));
    }

    Path peerJar() {
        return repo.resolve(peerJar != null ? peerJar : Path.of("bench/peer/target/bench-peer.jar"));
    }

    /** Null when nothing is to be written. */
    Path resultsFile() {
        if (noResults && results == null) {
            return null;
        }
        return repo.resolve(results != null ? results : Path.of("bench/RESULTS.md"));
    }

    String describe() {
        List<String> parts = new ArrayList<>();
        parts.add("mix " + mix);
        if (drainDuring) {
            parts.add("queues consumed during each phase");
        }
        parts.add("warm-up c=" + concurrency + " until settled (" + warmup.toSeconds() + "–" + warmupMax.toSeconds() + " s)");
        if (modeMax) {
            parts.add("max: c=" + concurrency + " for " + duration.toSeconds() + " s");
        }
        if (modeRate) {
            parts.add("rates " + rates + "/s for " + rateDuration.toSeconds() + " s each, ≤" + rateConnections + " connections");
        }
        parts.add("timeout " + timeout.toSeconds() + " s");
        parts.add("generator: 1 Vert.x event loop, same machine");
        return String.join(" · ", parts);
    }

    private static List<String> split(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    private static Duration seconds(String value, int minimum) {
        int seconds = Integer.parseInt(value.trim());
        if (seconds < minimum) {
            throw new IllegalArgumentException("a duration must be at least " + minimum + " s: " + value);
        }
        return Duration.ofSeconds(seconds);
    }

    private static int positive(String value) {
        int number = Integer.parseInt(value.trim());
        if (number < 1) {
            throw new IllegalArgumentException("must be positive: " + value);
        }
        return number;
    }
}
