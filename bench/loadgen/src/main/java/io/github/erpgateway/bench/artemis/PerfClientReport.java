package io.github.erpgateway.bench.artemis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What {@code artemis perf client --json FILE} wrote: an array of one-second "interval" samples (each with
 * {@code warmup}, {@code time} in epoch ms and per-second rates {@code sent}, {@code completed}, {@code received}) and
 * a final "summary" whose {@code totalSendTime} histogram (microseconds, send to the broker's confirmation) leaves the
 * warm-up out while its {@code total*} counters include it. So the throughput is taken from the measured intervals,
 * each rate weighted by its interval's length (the time since the sample before; the tool samples every second, so a
 * first sample without one before it, as after a warm-up shorter than a second, counts as one second), leaving out
 * the samples at the end where nothing was sent any more (perf client's consumer still draining), and the latencies
 * from the summary's histogram. The tool's {@code --duration} includes its {@code --warmup}.
 */
public record PerfClientReport(double completedPerSecond, double measuredSeconds, long measuredSends,
                               double p50Millis, double p99Millis, double p999Millis, double maxMillis,
                               long totalSent, long totalCompleted, long totalReceived, String result) {

    public static PerfClientReport read(Path json) throws IOException {
        return parse(new JsonArray(Files.readString(json)));
    }

    static PerfClientReport parse(JsonArray samples) {
        List<double[]> measured = new ArrayList<>(); // {seconds, completed per second, sent per second}
        Long previousTime = null;
        JsonObject summary = null;
        for (Object item : samples) {
            JsonObject sample = (JsonObject) item;
            if ("summary".equals(sample.getString("sampleType"))) {
                summary = sample;
                continue;
            }
            long time = sample.getLong("time");
            if (!sample.getBoolean("warmup", false)) {
                double interval = previousTime == null ? 1.0 : (time - previousTime) / 1000.0;
                measured.add(new double[] {interval, number(sample, "completed"), number(sample, "sent")});
            }
            previousTime = time;
        }
        while (!measured.isEmpty() && measured.get(measured.size() - 1)[2] == 0) {
            measured.remove(measured.size() - 1); // the producers had stopped
        }
        double weighted = 0;
        double seconds = 0;
        for (double[] interval : measured) {
            weighted += interval[1] * interval[0];
            seconds += interval[0];
        }
        if (summary == null) {
            throw new IllegalStateException("the perf client's report has no summary (did it finish?)");
        }
        JsonObject sendTime = summary.getJsonObject("totalSendTime", new JsonObject());
        long measuredSends = (long) number(sendTime, "count");
        return new PerfClientReport(seconds > 0 ? weighted / seconds : Double.NaN, seconds, measuredSends,
                number(sendTime, "50") / 1000, number(sendTime, "99") / 1000, number(sendTime, "99.9") / 1000,
                number(sendTime, "max") / 1000, (long) number(summary, "totalSent"),
                (long) number(summary, "totalCompleted"), (long) number(summary, "totalReceived"),
                summary.getString("result", "?"));
    }

    /** The tool writes some numbers as JSON strings ("mean": "1300.38"). */
    private static double number(JsonObject object, String key) {
        Object value = object.getValue(key);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        return value == null ? Double.NaN : Double.parseDouble(value.toString());
    }
}
