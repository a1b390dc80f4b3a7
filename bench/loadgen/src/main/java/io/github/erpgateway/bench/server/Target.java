package io.github.erpgateway.bench.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The three servers the harness measures, each started as its own {@code java -jar} process.
 * <ul>
 * <li>gateway: the real thing, demo profile (demo secrets), nothing else changed.</li>
 * <li>ceiling: the same gateway jar with the bench profile, posting to {@code /bench/ceiling}, a route that answers
 *     202 with a constant body and does no work: the most this server's HTTP stack can carry here.</li>
 * <li>peer: bench/peer, a plain Spring MVC + JmsTemplate app doing the gateway's essential work.</li>
 * </ul>
 */
public enum Target {

    GATEWAY(null, true),
    CEILING("/bench/ceiling", false),
    PEER(null, true);

    private final String pathOverride;
    private final boolean stores;

    Target(String pathOverride, boolean stores) {
        this.pathOverride = pathOverride;
        this.stores = stores;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The path every webhook goes to, or null for the source's own /webhooks/&lt;source&gt;. */
    public String pathOverride() { return pathOverride; }

    /** Whether the target stores what it accepts (so the broker check applies). */
    public boolean stores() { return stores; }

    public static Target of(String id) {
        return valueOf(id.trim().toUpperCase(Locale.ROOT));
    }

    /** The command line: JVM options first, then Spring Boot arguments that put every port on 127.0.0.1. */
    public List<String> command(Path jar, List<String> jvmOptions, Ports ports, Path dataDir) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--management.server.port=" + ports.management());
        switch (this) {
            case GATEWAY, CEILING -> {
                // the gateway's Tomcat port is its management port (server.port defaults to it): bind that to loopback
                command.add("--server.address=127.0.0.1");
                command.add("--spring.profiles.active=" + (this == CEILING ? "demo,bench" : "demo"));
                command.add("--gateway.http.host=127.0.0.1");
                command.add("--gateway.http.port=" + ports.http());
                command.add("--gateway.broker.listen=" + ports.brokerUrl());
                command.add("--gateway.broker.data-dir=" + dataDir);
            }
            case PEER -> {
                command.add("--server.address=127.0.0.1");
                command.add("--management.server.address=127.0.0.1");
                command.add("--server.port=" + ports.http());
                command.add("--peer.broker-listen=" + ports.brokerUrl());
                command.add("--peer.data-dir=" + dataDir);
            }
        }
        return command;
    }
}
