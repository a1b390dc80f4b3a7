package io.github.erpgateway.bench.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the harness measures: three servers, each started as its own {@code java -jar} process, and Artemis' own
 * load tool against a standalone broker.
 * <ul>
 * <li>gateway: the real thing, demo profile (demo secrets), nothing else changed.</li>
 * <li>gateway-enriched: the same, with the three vendors' enrichment switched on and pointed at the harness' stand-in
 *     vendor on loopback ({@code bench.vendor.StandInVendor}), so the divert copies every enriched event to its work
 *     queue and the enrichment routes call, publish and commit while the webhooks arrive (issue 11's cost).</li>
 * <li>gateway-divert: the same enrichment settings, so the divert copies every enriched event to its work queue, but
 *     without the enrichment routes (their files excluded): the harness consumes the work queues instead, like an
 *     enrichment that costs nothing, so what remains is the divert's own cost on the inbound webhook.</li>
 * <li>gateway-traced: the gateway with tracing exported as shipped (Boot's sampling: 0.1 of new traces) over OTLP/HTTP
 *     to the harness' draining stand-in collector on loopback ({@code bench.collector.StandInCollector}); issue 21's
 *     cost: compare it with gateway in the same run. gateway-traced-all: the same, every trace sampled.</li>
 * <li>ceiling: the same gateway jar with the bench profile, posting to {@code /bench/ceiling}, a route that answers
 *     202 with a constant body and does no work: the most this server's HTTP stack can carry here.</li>
 * <li>peer: bench/peer, a plain Spring MVC + JmsTemplate app doing the gateway's essential work.</li>
 * <li>artemis: no HTTP at all: {@code artemis perf client} against a broker created from the Artemis distribution
 *     ({@code bench.artemis.ArtemisPerfRun}), what the broker alone stores on this machine.</li>
 * </ul>
 */
public enum Target {

    GATEWAY(null, true),
    GATEWAY_ENRICHED(null, true),
    GATEWAY_DIVERT(null, true),
    GATEWAY_TRACED(null, true),
    GATEWAY_TRACED_ALL(null, true),
    CEILING("/bench/ceiling", false),
    PEER(null, true),
    ARTEMIS(null, false);

    private final String pathOverride;
    private final boolean stores;

    Target(String pathOverride, boolean stores) {
        this.pathOverride = pathOverride;
        this.stores = stores;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether it is the gateway jar (gateway, gateway-enriched, ceiling); artemis is no jar of ours. */
    public boolean runsGatewayJar() {
        return this == GATEWAY || this == GATEWAY_ENRICHED || this == GATEWAY_DIVERT || traced()
                || this == CEILING;
    }

    /** Whether spans are exported to the stand-in collector (gateway-traced, gateway-traced-all). */
    public boolean traced() {
        return this == GATEWAY_TRACED || this == GATEWAY_TRACED_ALL;
    }

    /** Whether enrichment is switched on (the divert exists). */
    public boolean enriches() {
        return this == GATEWAY_ENRICHED || this == GATEWAY_DIVERT;
    }

    /** The path every webhook goes to, or null for the source's own /webhooks/&lt;source&gt;. */
    public String pathOverride() { return pathOverride; }

    /** Whether the target stores what it accepts (so the broker check applies). */
    public boolean stores() { return stores; }

    public static Target of(String id) {
        return valueOf(id.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /**
     * The command line: JVM options first, then Spring Boot arguments that put every port on 127.0.0.1.
     * @param java the java executable (--server-java)
     * @param vendorBase the stand-in vendor's base URL (gateway-enriched only)
     * @param collectorEndpoint the stand-in collector's OTLP/HTTP traces URL (gateway-traced only)
     */
    public List<String> command(String java, Path jar, List<String> jvmOptions, Ports ports, Path dataDir, String vendorBase,
                                String collectorEndpoint) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--management.server.port=" + ports.management());
        switch (this) {
            case GATEWAY, GATEWAY_ENRICHED, GATEWAY_DIVERT, GATEWAY_TRACED, GATEWAY_TRACED_ALL, CEILING -> {
                // the gateway's Tomcat port is its management port (server.port defaults to it): bind that to loopback
                command.add("--server.address=127.0.0.1");
                command.add("--spring.profiles.active=" + (this == CEILING ? "demo,bench" : "demo"));
                command.add("--gateway.http.host=127.0.0.1");
                command.add("--gateway.http.port=" + ports.http());
                command.add("--gateway.broker.listen=" + ports.brokerUrl());
                command.add("--gateway.broker.data-dir=" + dataDir);
                if (enriches()) {
                    command.addAll(enrichmentAt(vendorBase));
                }
                if (traced()) {
                    // Spring Boot's own switches: the OTLP/HTTP exporter exists once the endpoint is set; gateway-traced
                    // samples as shipped (Boot's 0.1 of new traces), gateway-traced-all every trace
                    command.add("--management.otlp.tracing.endpoint=" + collectorEndpoint);
                    if (this == GATEWAY_TRACED_ALL) {
                        command.add("--management.tracing.sampling.probability=1.0");
                    }
                }
                if (this == GATEWAY_DIVERT) {
                    // the same pattern with and without the scheme: Camel matches it against the resource's location
                    command.add("--camel.main.routes-exclude-pattern=file:routes/*-enrichment.camel.yaml,"
                            + "routes/*-enrichment.camel.yaml,**/*-enrichment.camel.yaml");
                }
            }
            case PEER -> {
                command.add("--server.address=127.0.0.1");
                command.add("--management.server.address=127.0.0.1");
                command.add("--server.port=" + ports.http());
                command.add("--peer.broker-listen=" + ports.brokerUrl());
                command.add("--peer.data-dir=" + dataDir);
            }
            case ARTEMIS -> throw new IllegalStateException("artemis is not started with java -jar (ArtemisPerfRun)");
        }
        return command;
    }

    /**
     * A client id switches a vendor's enrichment on (EnrichmentProperties.Vendor#isActive); every URL points at the
     * stand-in. Business NXT's throttle (600 calls a minute, the real API's limit per token) is raised to 1 000 a
     * second, above what the harness sends there: at 600 a minute the work queue would only grow, which would measure
     * the throttle. Not higher: Camel's throttle keeps one permit object per request of the period, and 6 000 000 a
     * minute filled a 256 MiB heap.
     */
    private static List<String> enrichmentAt(String vendorBase) {
        List<String> args = new ArrayList<>();
        for (String vendor : List.of("visma-net", "business-nxt", "venio")) {
            String prefix = "--gateway.enrichment." + vendor + ".";
            args.add(prefix + "client-id=bench");
            args.add(prefix + "client-secret=bench-secret");
            args.add(prefix + "token-url=" + vendorBase + "/token");
        }
        args.add("--gateway.enrichment.visma-net.api-base=" + vendorBase + "/visma-net");
        args.add("--gateway.enrichment.business-nxt.graphql-url=" + vendorBase + "/graphql");
        args.add("--gateway.enrichment.business-nxt.requests-per-minute=60000");
        args.add("--gateway.enrichment.venio.api-base=" + vendorBase + "/venio");
        args.add("--gateway.enrichment.venio.subscription-key=bench-key");
        return args;
    }
}
