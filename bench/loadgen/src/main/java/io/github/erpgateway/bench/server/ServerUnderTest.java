package io.github.erpgateway.bench.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vertx.core.json.JsonObject;

/**
 * One server process: started with {@code java -jar} from the repository root (the gateway reads routes/ and
 * config/ from its working directory), its output in a log file, polled until healthy, measured, stopped.
 */
public final class ServerUnderTest implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    private final Target target;
    private final Process process;
    private final long startNanos;
    private final Ports ports;
    private final Path log;
    private boolean heapCountedTwice;
    private long logOffset;

    private ServerUnderTest(Target target, Process process, long startNanos, Ports ports, Path log) {
        this.target = target;
        this.process = process;
        this.startNanos = startNanos;
        this.ports = ports;
        this.log = log;
    }

    public static ServerUnderTest start(Target target, List<String> command, Path workingDir, Ports ports, Path log)
            throws IOException {
        ports.requireFree();
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        long startNanos = System.nanoTime();
        return new ServerUnderTest(target, builder.start(), startNanos, ports, log);
    }

    /** Waits for /actuator/health to answer 200; returns the time from process start to that answer. */
    public Duration awaitHealthy(Duration limit) throws InterruptedException {
        HttpRequest health = HttpRequest.newBuilder(managementUri("/actuator/health")).timeout(Duration.ofSeconds(2)).build();
        long deadline = startNanos + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(target.id() + " exited with " + process.exitValue() + " before it was healthy; see " + log);
            }
            try {
                if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - startNanos);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(target.id() + " was not healthy within " + limit.toSeconds() + " s; see " + log);
    }

    /** Resident set size of the whole process (heap, metaspace, code cache, thread stacks, buffers). */
    public long rssKiB() throws IOException {
        return ProcessStats.rssKiB(process.pid());
    }

    /** CPU time the process has used so far (user + system). */
    public double cpuSeconds() throws IOException {
        return ProcessStats.cpuSeconds(process.pid());
    }

    /** CPU time of each of its JIT compiler threads so far, by thread id. */
    public java.util.Map<String, Double> compilerCpuSeconds() throws IOException {
        return ProcessStats.compilerCpuSeconds(process.pid());
    }

    /**
     * Heap in use (live objects and garbage not yet collected), from the actuator's jvm.memory.used metric. When the
     * embedded Artemis binds its own JVM meters into the same registry (tag {@code broker}), the plain query sums
     * the heap twice; then one copy is read, the broker-tagged one, which measures the same JVM.
     */
    public double heapUsedMiB() throws IOException, InterruptedException {
        JsonObject metric = metric("/actuator/metrics/jvm.memory.used?tag=area:heap");
        for (Object tag : metric.getJsonArray("availableTags", new io.vertx.core.json.JsonArray())) {
            JsonObject available = (JsonObject) tag;
            if (available.getString("tag").equals("broker") && available.getJsonArray("values").size() == 1) {
                heapCountedTwice = true;
                metric = metric("/actuator/metrics/jvm.memory.used?tag=area:heap&tag=broker:"
                        + java.net.URLEncoder.encode(available.getJsonArray("values").getString(0), java.nio.charset.StandardCharsets.UTF_8));
                break;
            }
        }
        return metric.getJsonArray("measurements").getJsonObject(0).getDouble("value") / (1024 * 1024);
    }

    /**
     * Lines the server logged since the last call that say it ran out of memory or hit a broker I/O error: after
     * either, its figures no longer describe the server but its failure.
     */
    public List<String> newTroubleInLog() throws IOException {
        List<String> trouble = new java.util.ArrayList<>();
        byte[] chunk;
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            long end = file.length();
            file.seek(Math.min(logOffset, end));
            chunk = new byte[(int) Math.min(Integer.MAX_VALUE - 16, end - file.getFilePointer())];
            file.readFully(chunk);
            logOffset = file.getFilePointer();
        }
        for (String line : new String(chunk, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            if (line.contains("OutOfMemoryError") || line.contains("Java heap space") || line.contains("AMQ222010")) {
                trouble.add(line.length() > 300 ? line.substring(0, 300) + "…" : line);
            }
        }
        return trouble;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** True once {@link #heapUsedMiB()} found the heap meters registered twice (and read one copy). */
    public boolean heapCountedTwice() {
        return heapCountedTwice;
    }

    private JsonObject metric(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(managementUri(path)).timeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(path + " answered " + response.statusCode());
        }
        return new JsonObject(response.body());
    }

    public Target target() { return target; }
    public Ports ports() { return ports; }
    public Path log() { return log; }
    public long pid() { return process.pid(); }

    /** SIGTERM (Spring's orderly shutdown stops the broker cleanly), then SIGKILL if it takes over 30 s. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + ports.management() + path);
    }
}
