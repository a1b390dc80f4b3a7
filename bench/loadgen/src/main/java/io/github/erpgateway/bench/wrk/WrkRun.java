package io.github.erpgateway.bench.wrk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The independent cross-check: wrk (one thread, same connection count, same duration) against the ceiling route,
 * with bench/wrk/post.lua, whose done() prints one "BENCH key=value…" line that this class reads. wrk sends one
 * fixed body, which only the ceiling can take as-is: at the gateway every request after the first is a duplicate.
 */
public final class WrkRun {

    /** What wrk measured; latencies in milliseconds. */
    public record Result(long requests, double seconds, long nonSuccess, long errors, double p50, double p99,
                         double p999, double max) {
        public double successPerSecond() {
            return (requests - nonSuccess) / seconds;
        }
    }

    public static boolean available() {
        try {
            Process process = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            process.waitFor(5, TimeUnit.SECONDS);
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static Result run(Path script, String url, int connections, Duration duration) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + duration.toSeconds() + "s",
                "--timeout", "30s", "-s", script.toString(), url).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("wrk failed:\n" + out);
        }
        for (String line : out.split("\n")) {
            if (line.startsWith("BENCH ")) {
                Map<String, Long> values = new HashMap<>();
                for (String pair : line.substring(6).trim().split(" ")) {
                    String[] kv = pair.split("=");
                    values.put(kv[0], Long.parseLong(kv[1]));
                }
                return new Result(values.get("requests"), values.get("duration_us") / 1e6, values.get("non2xx"),
                        values.get("errors"), values.get("p50_us") / 1e3, values.get("p99_us") / 1e3,
                        values.get("p999_us") / 1e3, values.get("max_us") / 1e3);
            }
        }
        throw new IOException("wrk printed no BENCH line (is " + script + " the harness' script?):\n" + out);
    }
}
