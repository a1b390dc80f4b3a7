package io.github.erpgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.DirectoryStream;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.erpgateway.support.GatewayTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves the container image built by {@code ./mvnw -Pimage package} runs: unpacks the layers of
 * target/jib-image.tar in the order of its manifest into a root file system and starts the image's own
 * Entrypoint + Cmd there, chrooted, as the image's User, in its WorkingDir, with its Env, the way a container runtime
 * does (proc and /dev mounted, nothing of the host's file system visible). Then it checks health and a signed webhook.
 * Needs root (chroot, mounts) and util-linux' unshare; skipped with the reason otherwise. Run by failsafe in the
 * "image" profile: {@code ./mvnw -Pimage verify} (docs/deploy.md).
 */
class ImageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Path UNSHARE = Path.of("/usr/bin/unshare");
    private static final Path MOUNT = Path.of("/usr/bin/mount");
    private static final String SECRET = "image-test-secret";

    private Process gateway;

    @AfterEach
    void stopGateway() throws Exception {
        if (gateway != null && gateway.isAlive()) {
            // a runtime's stop: SIGTERM to the entrypoint (unshare itself ignores SIGTERM while it waits for it)
            gateway.descendants().forEach(ProcessHandle::destroy);
            if (!gateway.waitFor(60, TimeUnit.SECONDS)) {
                gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void theImageStartsAsItsOwnUserAndStoresASignedWebhook() throws Exception {
        Image image = unpack("own-user");
        assertThat(image.user()[0]).as("the image does not run as root").isNotEqualTo("0");
        startAndCheck(image, image.user(), Map.of(), Map.of());
    }

    /**
     * As OpenShift runs images (an arbitrary uid in group 0), with routes and mappings from volumes laid out as the
     * kubelet lays out a ConfigMap (files are links through ..data to a timestamped directory), as deploy/k8s mounts
     * them. The webhook's 202 says the routes and the mapping were read from there.
     */
    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void anyUserWithRoutesAndMappingsFromConfigMapVolumes() throws Exception {
        Image image = unpack("any-user");
        Path routes = configMapVolume(image.work().resolve("routes-volume"), Path.of("routes"), "*.camel.yaml");
        Path mappings = configMapVolume(image.work().resolve("mappings-volume"), Path.of("routes/mappings"), "*.jsonata");
        Map<String, Path> mounts = new LinkedHashMap<>();
        mounts.put("/app/routes", routes);
        mounts.put("/app/mappings", mappings);
        startAndCheck(image, new String[] {"1000770000", "0"}, mounts, Map.of("GATEWAY_MAPPINGS_DIR", "/app/mappings"));
    }

    private record Image(Path work, Path root, JsonNode config) {
        String[] user() throws IOException {
            return numericUser(config.path("User").asText("0"), root);
        }
    }

    /** The image's layers, unpacked in the order of its manifest into target/image-it/NAME/rootfs. */
    private static Image unpack(String name) throws Exception {
        Path tar = Path.of(System.getProperty("image.tar", "target/jib-image.tar")).toAbsolutePath();
        Assumptions.assumeTrue(Files.isRegularFile(tar), () -> tar + " is missing: build it with ./mvnw -Pimage package");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "unpacking an image with its owners and chrooting into it needs root");
        Assumptions.assumeTrue(Files.isExecutable(UNSHARE) && Files.isExecutable(MOUNT), "needs util-linux unshare and mount");

        Path work = Path.of("target/image-it", name).toAbsolutePath();
        deleteRecursively(work);
        Path image = Files.createDirectories(work.resolve("image"));
        run(List.of("tar", "-xf", tar.toString(), "-C", image.toString()));
        JsonNode manifest = JSON.readTree(image.resolve("manifest.json").toFile()).get(0);
        JsonNode config = JSON.readTree(image.resolve(manifest.get("Config").asText()).toFile()).get("config");
        Path root = Files.createDirectories(work.resolve("rootfs"));
        for (JsonNode layer : manifest.get("Layers")) {
            unpackLayer(image.resolve(layer.asText()), root);
        }
        return new Image(work, root, config);
    }

    private void startAndCheck(Image image, String[] user, Map<String, Path> volumes, Map<String, String> extraEnv)
            throws Exception {
        Path root = image.root();
        JsonNode config = image.config();
        // what the image itself says
        List<String> command = new ArrayList<>();
        config.path("Entrypoint").forEach(part -> command.add(part.asText()));
        config.path("Cmd").forEach(part -> command.add(part.asText()));
        String workingDir = config.path("WorkingDir").asText("/");
        Map<String, String> env = new LinkedHashMap<>();
        config.path("Env").forEach(entry -> {
            String[] pair = entry.asText().split("=", 2);
            env.put(pair[0], pair[1]);
        });
        assertThat(command).as("the image's Entrypoint and Cmd").isNotEmpty();
        assertThat(workingDir).isEqualTo("/app");

        // what a user passes with `docker run -e`: ports free on this machine and a source secret
        int httpPort = freePort();
        int managementPort = freePort();
        env.put("GATEWAY_HTTP_PORT", String.valueOf(httpPort));
        env.put("MANAGEMENT_SERVER_PORT", String.valueOf(managementPort));
        env.put("GATEWAY_BROKER_LISTEN", "tcp://127.0.0.1:" + freePort());
        env.put("GATEWAY_SOURCES_VISMANET_SECRETS", SECRET);
        env.putIfAbsent("HOME", "/");
        env.putAll(extraEnv);

        // A private mount namespace makes the root file system a mount of its own (so the broker's disk monitor finds
        // it in /proc/self/mounts, as in a container), read-only as deploy/k8s runs it (readOnlyRootFilesystem), with
        // the writable volumes the manifests give it, /tmp and /app/data, any other volumes, and the host's /dev bound
        // in (a runtime creates its own device nodes: the JVM reads /dev/urandom). The inner unshare adds a PID
        // namespace with its own /proc, chroots, changes to the working directory, drops to the user and execs the
        // entrypoint, found on the image's PATH.
        Path data = Files.createDirectories(image.work().resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
        Map<String, Path> mounts = new LinkedHashMap<>(volumes);
        mounts.put("/app/data", data);
        List<String> script = new ArrayList<>(List.of(
                q(MOUNT) + " --bind " + q(root) + " " + q(root),
                q(MOUNT) + " -o remount,bind,ro " + q(root),
                q(MOUNT) + " --rbind /dev " + q(root.resolve("dev")),
                q(MOUNT) + " -t tmpfs -o mode=1777 tmpfs " + q(root.resolve("tmp"))));
        Files.createDirectories(root.resolve("dev"));
        Files.createDirectories(root.resolve("proc"));
        for (Map.Entry<String, Path> mount : mounts.entrySet()) {
            Path target = root.resolve(mount.getKey().substring(1));
            Files.createDirectories(target); // the runtime creates missing mount points
            script.add(q(MOUNT) + " --bind " + q(mount.getValue()) + " " + q(target));
        }
        script.add("exec \"$@\"");
        List<String> full = new ArrayList<>(List.of(UNSHARE.toString(), "--mount", "--propagation=private", "--",
                "/bin/sh", "-c", String.join(" && ", script), "sh",
                UNSHARE.toString(), "--pid", "--fork", "--kill-child=SIGTERM",
                "--mount-proc=/proc", "--root=" + root, "--wd=" + workingDir,
                "--setgid=" + user[1], "--setuid=" + user[0], "--"));
        full.addAll(command);

        Path log = image.work().resolve("gateway.log");
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        gateway = builder.start();

        String management = "http://127.0.0.1:" + managementPort;
        HttpResponse<String> health = awaitHealthy(management + "/actuator/health", log);
        assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("UP");
        assertThat(get(management + "/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(get(management + "/actuator/health/liveness").statusCode()).isEqualTo(200);

        String id = UUID.randomUUID().toString().replace("-", "");
        byte[] body = ("{\"event\":\"Customer_Created\",\"notificationId\":\"" + id
                + "\",\"entityLocation\":\"api/v1/customer/1\",\"TenantId\":\"t\"}").getBytes();
        HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/webhooks/visma-net"))
                        .header("Content-Type", "application/json")
                        .header(GatewayTestSupport.SIGNATURE_HEADER, GatewayTestSupport.sign(SECRET, body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(202);
        assertThat(JSON.readTree(reply.body()).path("status").asText()).isEqualTo("accepted");

        // the journal went to data/ under the working directory (the volume), written by the user the image ran as
        Path journal = data.resolve("artemis");
        assertThat(journal).isDirectory();
        assertThat(String.valueOf(Files.getAttribute(journal, "unix:uid"))).as("owner of " + journal).isEqualTo(user[0]);
    }

    /**
     * A directory laid out as the kubelet writes a ConfigMap volume: the files in a timestamped directory, ..data
     * linking to it, and each file a link through ..data.
     */
    private static Path configMapVolume(Path volume, Path from, String glob) throws IOException {
        Path stamped = Files.createDirectories(volume.resolve("..2026_11_30_10_00_00.000000001"));
        Files.createSymbolicLink(volume.resolve("..data"), stamped.getFileName());
        try (DirectoryStream<Path> files = Files.newDirectoryStream(from, glob)) {
            for (Path file : files) {
                Files.copy(file, stamped.resolve(file.getFileName()));
                Files.createSymbolicLink(volume.resolve(file.getFileName()), Path.of("..data").resolve(file.getFileName()));
            }
        }
        return volume;
    }

    private static String q(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }

    /** Extracts one layer (a tar, gzipped or not) over the root, applying the OCI whiteouts it carries. */
    private static void unpackLayer(Path layer, Path root) throws Exception {
        run(List.of("tar", "--extract", "--same-owner", "--preserve-permissions", "--warning=no-unknown-keyword",
                "-f", layer.toString(), "-C", root.toString()));
        List<Path> whiteouts;
        try (Stream<Path> files = Files.walk(root)) {
            whiteouts = files.filter(file -> file.getFileName().toString().startsWith(".wh.")).toList();
        }
        for (Path whiteout : whiteouts) {
            String name = whiteout.getFileName().toString();
            if (name.equals(".wh..wh..opq")) {
                try (Stream<Path> siblings = Files.list(whiteout.getParent())) {
                    for (Path sibling : siblings.toList()) {
                        deleteRecursively(sibling);
                    }
                }
            } else {
                deleteRecursively(whiteout.resolveSibling(name.substring(".wh.".length())));
                Files.deleteIfExists(whiteout);
            }
        }
    }

    /** uid and gid of the image's User: numeric as Jib writes it, or a name looked up in the image's /etc/passwd. */
    private static String[] numericUser(String user, Path root) throws IOException {
        String[] parts = user.split(":", 2);
        if (parts[0].matches("\\d+")) {
            return new String[] {parts[0], parts.length > 1 ? parts[1] : parts[0]};
        }
        for (String line : Files.readAllLines(root.resolve("etc/passwd"))) {
            String[] fields = line.split(":");
            if (fields[0].equals(parts[0])) {
                return new String[] {fields[2], fields[3]};
            }
        }
        throw new AssertionError("the image's user " + user + " is not in its /etc/passwd");
    }

    private HttpResponse<String> awaitHealthy(String url, Path log) throws Exception {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!gateway.isAlive()) {
                throw new AssertionError("the gateway in the image exited with " + gateway.exitValue() + ":\n" + tail(log));
            }
            try {
                HttpResponse<String> response = get(url);
                if (response.statusCode() == 200) {
                    return response;
                }
            } catch (IOException notYetListening) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the gateway in the image was not healthy within " + START_TIMEOUT + ":\n" + tail(log));
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
