package io.github.erpgateway.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Collects a run's figures and renders them as Markdown: printed, and appended to bench/RESULTS.md. */
public final class Report {

    private final Environment environment;
    private final String settings;
    private final List<ServerRow> servers = new ArrayList<>();
    private final List<ResultRow> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public Report(Environment environment, String settings) {
        this.environment = environment;
        this.settings = settings;
    }

    public void add(ServerRow server) { servers.add(server); }
    public void add(ResultRow row) { rows.add(row); }
    public void note(String note) { notes.add(note); }

    public String render() {
        StringBuilder md = new StringBuilder();
        md.append("## ").append(environment.date()).append(" · commit ").append(environment.commit()).append("\n\n");
        md.append(environment.jdk()).append(" · ").append(environment.machine())
                .append(String.format(Locale.ROOT, " · at start: load average %.2f, CPU busy %.0f %%",
                        environment.loadAverage(), environment.busyPercentAtStart())).append("  \n");
        md.append(settings).append("\n\n");

        md.append("| server | start-up s | RSS idle MiB | heap idle MiB | warm-up s | command |\n");
        md.append("|---|--:|--:|--:|--:|---|\n");
        for (ServerRow s : servers) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.0f | %s | %s | `%s` |%n",
                    s.target(), s.startupSeconds(), s.idleRssMiB(), mib(s.idleHeapMiB()), s.warmupSeconds(), s.command()));
        }
        md.append('\n');

        md.append("| server | mode | 2xx/s | p50 ms | p99 ms | p99.9 ms | max ms | 2xx | non-2xx | errors | stored | RSS MiB | heap MiB | CPU % srv/gen/other |\n");
        md.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|\n");
        for (ResultRow r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %s | %s | %s | %s | %d | %d | %d | %s | %s | %s | %s |%n",
                    r.target(), r.mode(), r.successPerSecond(), ms(r.p50()), ms(r.p99()), ms(r.p999()), ms(r.max()),
                    r.success(), r.nonSuccess(), r.errors(), r.stored(), mib(r.rssMiB()), mib(r.heapMiB()), r.cpu()));
        }
        md.append('\n');

        List<String> ratios = ratios();
        if (!ratios.isEmpty()) {
            md.append("Ratios: ").append(String.join(" · ", ratios)).append("\n\n");
        }
        for (String note : notes) {
            md.append("- ").append(note).append('\n');
        }
        if (!notes.isEmpty()) {
            md.append('\n');
        }
        return md.toString();
    }

    public void appendTo(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.writeString(file, "# Benchmark results\n\nAppended by `bench/run.sh`; bench/README.md says what each column means.\n\n",
                    StandardCharsets.UTF_8);
        }
        Files.writeString(file, render(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /**
     * Maximum throughput of the gateway against each baseline (ceiling, peer, Artemis' perf client), gateway/peer p99
     * at each fixed rate, and what enrichment costs (gateway-enriched against gateway: throughput, server CPU per
     * accepted webhook, p99).
     */
    private List<String> ratios() {
        List<String> ratios = new ArrayList<>();
        Optional<ResultRow> gatewayMax = find("gateway", null);
        for (String baseline : new String[] {"ceiling", "peer", "artemis"}) {
            Optional<ResultRow> other = find(baseline, null);
            if (gatewayMax.isPresent() && other.isPresent() && other.get().successPerSecond() > 0) {
                // artemis: "perf client" with --drain-during, "perf producer" without
                String name = baseline.equals("artemis")
                        ? "artemis-perf-" + other.get().mode().substring(other.get().mode().lastIndexOf(' ') + 1) : baseline;
                ratios.add(String.format(Locale.ROOT, "max throughput gateway/%s **%.2f**", name,
                        gatewayMax.get().successPerSecond() / other.get().successPerSecond()));
            }
        }
        enrichmentRatios(ratios);
        for (ResultRow row : rows) {
            if (row.target().equals("gateway") && row.rate() != null) {
                if (!row.sustained()) {
                    ratios.add("no p99 ratio at " + row.rate() + "/s: the gateway could not sustain it");
                    continue;
                }
                for (String other : new String[] {"ceiling", "peer"}) {
                    find(other, row.rate()).filter(o -> o.p99() > 0 && o.sustained()).ifPresent(o -> ratios.add(String.format(Locale.ROOT,
                            "p99 at %d/s gateway/%s %.1f", row.rate(), other, row.p99() / o.p99())));
                }
            }
        }
        return ratios;
    }

    /**
     * Enrichment's share of the inbound webhook's cost: gateway-enriched against gateway in each phase both ran, as
     * throughput (max), server CPU per accepted webhook (the enrichment routes' own work included: they run in the
     * same process) and p99.
     */
    private void enrichmentRatios(List<String> ratios) {
        for (ResultRow on : rows) {
            if (!on.target().equals("gateway-enriched") && !on.target().equals("gateway-divert")) {
                continue;
            }
            find("gateway", on.rate()).filter(off -> off.mode().equals(on.mode())).ifPresent(off -> {
                List<String> parts = new ArrayList<>();
                if (on.rate() == null) {
                    parts.add(String.format(Locale.ROOT, "throughput %.2f", on.successPerSecond() / off.successPerSecond()));
                }
                double cpuOn = serverCpuPerWebhook(on);
                double cpuOff = serverCpuPerWebhook(off);
                if (cpuOn > 0 && cpuOff > 0) {
                    parts.add(String.format(Locale.ROOT, "server CPU per webhook %.2f (%.0f vs %.0f us)", cpuOn / cpuOff,
                            cpuOn, cpuOff));
                }
                if (on.sustained() && off.sustained() && off.p99() > 0) {
                    parts.add(String.format(Locale.ROOT, "p99 %.2f", on.p99() / off.p99()));
                }
                ratios.add((on.target().equals("gateway-divert") ? "divert only" : "enrichment") + " on/off at "
                        + on.mode() + ": **" + String.join(", ", parts) + "**");
            });
        }
    }

    /** Microseconds of server CPU per 2xx, from the row's "server/generator/other" percentages of one core. */
    private static double serverCpuPerWebhook(ResultRow row) {
        try {
            double percent = Double.parseDouble(row.cpu().split("/")[0]);
            return row.successPerSecond() > 0 ? percent / 100 / row.successPerSecond() * 1e6 : Double.NaN;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The target's row for a rate, or its maximum-throughput row (rate null) measured by the harness itself. */
    private Optional<ResultRow> find(String target, Integer rate) {
        return rows.stream()
                .filter(r -> r.target().equals(target))
                .filter(r -> rate == null ? r.rate() == null && r.mode().startsWith("max") : rate.equals(r.rate()))
                .findFirst();
    }

    private static String ms(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return value < 100 ? String.format(Locale.ROOT, "%.2f", value) : String.format(Locale.ROOT, "%.0f", value);
    }

    private static String mib(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.0f", value);
    }
}
