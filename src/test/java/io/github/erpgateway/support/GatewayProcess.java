package io.github.erpgateway.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.erpgateway.GatewayApplication;

/**
 * A gateway in its own JVM from the test classpath, on an external broker (gateway.broker.embedded=false), as it runs
 * in production: the suite talks to it over HTTP only, as a vendor and a load balancer would.
 */
public final class GatewayProcess implements AutoCloseable {

    /** The Visma.net secret of every gateway process. */
    public static final String SECRET = "process-visma-secret";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final int httpPort;
    private final int managementPort;
    private final Process process;
    private final Path threadDumps;
    private final AtomicInteger dumps = new AtomicInteger();

    private GatewayProcess(int httpPort, int managementPort, Process process, Path threadDumps) {
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.process = process;
        this.threadDumps = threadDumps;
    }

    /** Starts a gateway whose spring.artemis.broker-url is {@code brokerUrl}; call {@link #awaitReady} before use. */
    public static GatewayProcess start(String name, String brokerUrl, Path logDir, String... extra) throws IOException {
        List<String> settings = new ArrayList<>(List.of(
                "--gateway.broker.embedded=false",
                "--spring.artemis.mode=native",
                "--spring.artemis.broker-url=" + brokerUrl,
                "--spring.artemis.user=" + ExternalArtemis.USER,
                "--spring.artemis.password=" + ExternalArtemis.PASSWORD,
                "--gateway.routes.reload.enabled=false"));
        settings.addAll(List.of(extra));
        return launch(name, logDir, settings);
    }

    /**
     * Starts a gateway with its own embedded broker, accepting clients on {@code brokerPort} and keeping its journal in
     * {@code dataDir}: a second one started with the same two finds what the first stored. Call {@link #awaitReady}.
     */
    public static GatewayProcess startEmbedded(String name, int brokerPort, Path dataDir, Path logDir, String... extra)
            throws IOException {
        List<String> settings = new ArrayList<>(List.of(
                "--gateway.broker.listen=tcp://127.0.0.1:" + brokerPort,
                "--gateway.broker.data-dir=" + dataDir));
        settings.addAll(List.of(extra));
        return launch(name, logDir, settings);
    }

    /** The JVM and the settings every gateway process gets; its output goes to {@code logDir}/gateway-{@code name}.log. */
    private static GatewayProcess launch(String name, Path logDir, List<String> settings) throws IOException {
        int httpPort = freePort();
        int managementPort = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                GatewayApplication.class.getName(),
                "--gateway.http.port=" + httpPort,
                "--gateway.http.host=127.0.0.1",
                "--server.port=" + managementPort,
                "--gateway.sources.visma-net.secrets=" + SECRET,
                "--logging.level.root=WARN"));
        command.addAll(settings);
        Process process = new ProcessBuilder(command)
                .directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve("gateway-" + name + ".log").toFile())
                .start();
        return new GatewayProcess(httpPort, managementPort, process, Path.of("target", "thread-dumps", "gateway-" + name + "-" + process.pid()));
    }

    /** Waits until the webhook route answers and readiness is UP. */
    public GatewayProcess awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited with " + process.exitValue());
            }
            try {
                int route = HTTP.send(HttpRequest.newBuilder(URI.create(webhookUrl())).timeout(Duration.ofSeconds(5))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (route != 404 && ready()) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("gateway on port " + httpPort + " not ready after " + timeout);
    }

    /** /actuator/health/readiness answers 200 (UP); 503 or no answer is not ready. */
    public boolean ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Writes the gateway's thread dump (jcmd Thread.print) to target/thread-dumps (kept when the test passes), prefixed with {@code why}: what a webhook
     * slower than the bound was waiting for. At most 5 per gateway.
     */
    public void dumpThreads(String why) {
        int n = dumps.incrementAndGet();
        if (n > 5 || !process.isAlive()) {
            return;
        }
        Path file = Path.of(threadDumps + "-" + n + ".txt");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, why + System.lineSeparator());
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(file.toFile()))
                    .start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            // a diagnostic only
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code path} on the management port, e.g. /actuator/replay. */
    public String managementUrl(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    public String webhookUrl() {
        return "http://127.0.0.1:" + httpPort + "/webhooks/visma-net";
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
