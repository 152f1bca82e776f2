package dev.relay.bench;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/** End-to-end latencies in microseconds (HdrHistogram, 3 significant digits), safe to record from any thread. */
final class Latencies {

  private final Recorder recorder = new Recorder(3);

  void record(long nanos) {
    recorder.recordValue(Math.max(0, nanos / 1_000));
  }

  /** What was recorded since the last call. */
  Histogram take() {
    return recorder.getIntervalHistogram();
  }

  static JsonObject summary(Histogram h) {
    return new JsonObject()
        .put("count", h.getTotalCount())
        .put("p50_ms", ms(h.getValueAtPercentile(50)))
        .put("p99_ms", ms(h.getValueAtPercentile(99)))
        .put("p999_ms", ms(h.getValueAtPercentile(99.9)))
        .put("max_ms", ms(h.getMaxValue()));
  }

  private static double ms(long micros) {
    return Math.round(micros / 10.0) / 100.0;
  }
}
