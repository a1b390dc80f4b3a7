package io.github.erpgateway.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.erpgateway.broker.BrokerFragment;

/**
 * A standalone Artemis broker from the distribution Maven unpacked into target/artemis-distribution (the version of the
 * client the gateway uses), created with {@code bin/artemis create}, given the shipped fragment
 * config/artemis/broker-gateway.xml exactly as docs/production.md tells users to apply it, and run as its own JVM so a
 * test can kill it with SIGKILL and start it again on its journal.
 */
public final class ExternalArtemis implements AutoCloseable {

    public static final String USER = "gateway";
    public static final String PASSWORD = "gateway-broker-secret";

    /** The fragment users paste into their broker.xml; the tests apply this very file. */
    public static final Path FRAGMENT = Path.of("config/artemis/broker-gateway.xml");

    private static final String ACTIVE = "AMQ221007"; // Server is now active
    private static final String BACKUP_SYNCHRONIZED = "AMQ221024"; // Backup server ... is synchronized with primary

    private final Path instance;
    private final int port;
    private final boolean backup;
    private Process process;
    private Path log;
    private int runs;

    private ExternalArtemis(Path instance, int port, boolean backup) {
        this.instance = instance;
        this.port = port;
        this.backup = backup;
    }

    /** One broker on 127.0.0.1:port that requires {@link #USER}/{@link #PASSWORD}. */
    public static ExternalArtemis single(Path dir, int port) throws Exception {
        ExternalArtemis broker = new ExternalArtemis(dir.resolve("broker"), port, false);
        broker.create();
        return broker;
    }

    /**
     * A replicated primary/backup pair: the backup keeps a synchronous copy of the primary's journal (duplicate-id
     * cache included) over the network and becomes active when the primary is lost. Element 0 is the primary.
     */
    public static ExternalArtemis[] replicatedPair(Path dir, int primaryPort, int backupPort) throws Exception {
        ExternalArtemis primary = new ExternalArtemis(dir.resolve("primary"), primaryPort, false);
        ExternalArtemis backup = new ExternalArtemis(dir.resolve("backup"), backupPort, true);
        primary.create("--replicated", "--static-cluster", "tcp://127.0.0.1:" + backupPort);
        backup.create("--replicated", "--backup", "--static-cluster", "tcp://127.0.0.1:" + primaryPort);
        return new ExternalArtemis[] {primary, backup};
    }

    /** The distribution the maven-dependency-plugin unpacked (pom.xml, unpack-artemis-distribution). */
    static Path home() throws IOException {
        String configured = System.getProperty("artemis.home");
        if (configured != null) {
            return Path.of(configured);
        }
        try (Stream<Path> found = Files.list(Path.of("target/artemis-distribution"))) {
            return found.filter(p -> p.getFileName().toString().startsWith("apache-artemis-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Artemis distribution in target/artemis-distribution: run mvn process-test-resources"));
        }
    }

    private void create(String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(home().resolve("bin/artemis").toAbsolutePath().toString(), "create",
                instance.toAbsolutePath().toString(), "--silent", "--force",
                "--user", USER, "--password", PASSWORD, "--require-login",
                "--cluster-user", "cluster", "--cluster-password", "cluster-secret",
                "--host", "127.0.0.1", "--default-port", Integer.toString(port),
                "--no-web", "--no-autotune",
                "--no-amqp-acceptor", "--no-stomp-acceptor", "--no-mqtt-acceptor", "--no-hornetq-acceptor"));
        command.addAll(List.of(extra));
        Path out = instance.resolveSibling(instance.getFileName() + "-create.log");
        Files.createDirectories(out.getParent());
        Process create = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (create.waitFor() != 0) {
            throw new IllegalStateException("artemis create failed: " + Files.readString(out));
        }
        // what docs/production.md tells users to do, and deploy/compose does, with the same code
        BrokerFragment.apply(instance.resolve("etc/broker.xml"), FRAGMENT);
        BrokerFragment.installPlugin(instance.resolve("lib"), FRAGMENT);
    }

    /** Starts the broker's JVM on its journal and waits until it is active (a backup: synchronized with its primary). */
    public ExternalArtemis start() throws Exception {
        log = instance.resolveSibling(instance.getFileName() + "-run" + (++runs) + ".log");
        ProcessBuilder builder = new ProcessBuilder(instance.resolve("bin/artemis").toAbsolutePath().toString(), "run")
                .directory(instance.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // a small heap for the suite on a 2-core machine; the profile's default is -Xms512M -Xmx2G
        Map<String, String> env = builder.environment();
        env.put("JAVA_ARGS", "-Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dlog4j2.disableJmx=true"
                + " --add-opens java.base/jdk.internal.misc=ALL-UNNAMED");
        process = builder.start();
        awaitLog(backup ? BACKUP_SYNCHRONIZED : ACTIVE, Duration.ofSeconds(60));
        return this;
    }

    /**
     * SIGKILL of the broker's own JVM: no shutdown, no journal flush, no failover announcement. bin/artemis execs java,
     * so the started process is the JVM; anything it started is killed too.
     */
    public void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        ProcessHandle jvm = process.toHandle();
        String command = jvm.info().command().orElse("");
        if (!command.endsWith("java")) {
            throw new IllegalStateException("the broker process is not the JVM but " + command);
        }
        jvm.descendants().forEach(ProcessHandle::destroyForcibly);
        jvm.destroyForcibly();
        process.waitFor();
        process = null;
    }

    /**
     * SIGSTOP of the broker's JVM: it keeps its sockets, the kernel still accepts connections on them, and nothing
     * answers, as a broker in a long GC pause or on a starved machine. {@link #resume} continues it.
     */
    public void pause() throws Exception {
        signal("STOP");
    }

    public void resume() throws Exception {
        signal("CONT");
    }

    private void signal(String signal) throws Exception {
        if (new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " failed");
        }
    }

    /** Waits until the current run's log contains {@code text} (an AMQ message code). */
    public void awaitLog(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("the broker exited: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        throw new AssertionError(text + " not in " + log + " after " + timeout);
    }

    /** A backup that took over logs AMQ221007 too. */
    public void awaitActive(Duration timeout) throws Exception {
        awaitLog(ACTIVE, timeout);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public File log() {
        return log.toFile();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
