package io.github.erpgateway.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus' promtool from the Debian package prometheus, fetched by .ci/install-promtool.sh into target/tools when it
 * is not on the PATH (as Chromium is for the browser test). Aborts the caller (a skipped test, with the reason) where it
 * cannot be fetched; fails when fetching was possible but did not work.
 */
final class Promtool {

    /** What .ci/install-promtool.sh exits with when it cannot fetch promtool here. */
    private static final int CANNOT_INSTALL_HERE = 2;

    private Promtool() {
    }

    static Path ensureInstalled() throws Exception {
        Path project = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path script = project.resolve(".ci/install-promtool.sh");
        Assumptions.assumeTrue(Files.isRegularFile(script) && Files.isExecutable(Path.of("/bin/bash")),
                () -> "promtool cannot be fetched without " + script + " and /bin/bash");
        Process process = new ProcessBuilder("/bin/bash", script.toString(), project.resolve("target/tools/prometheus").toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(script + " did not finish within 10 minutes:\n" + output);
        }
        if (process.exitValue() == CANNOT_INSTALL_HERE) {
            Assumptions.abort("promtool is not available on this machine: " + output.strip());
        }
        List<String> lines = output.strip().lines().toList();
        Path promtool = lines.isEmpty() ? null : Path.of(lines.get(lines.size() - 1));
        if (process.exitValue() != 0 || promtool == null || !Files.isExecutable(promtool)) {
            throw new AssertionError(script + " exited with " + process.exitValue() + ":\n" + output);
        }
        return promtool;
    }

    /** Runs promtool with {@code arguments}; returns its exit code and output. */
    static Result run(Path promtool, String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(2, TimeUnit.MINUTES);
        return new Result(process.exitValue(), output);
    }

    record Result(int exitCode, String output) {
    }
}
