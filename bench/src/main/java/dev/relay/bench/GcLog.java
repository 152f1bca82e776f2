package dev.relay.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * What a JVM's unified log ({@code -Xlog:gc*,safepoint}) says about the time its threads were stopped:
 * every safepoint (GC pauses and the rest), and the GC pauses alone, whatever the collector.
 */
final class GcLog {

  /** {@code -Xlog} options that write what {@link #summary} reads to {@code file}. */
  static String option(Path file) {
    return "-Xlog:gc*,safepoint:file=" + file + ":uptime,level,tags";
  }

  private static final Pattern SAFEPOINT = Pattern.compile("Total: (\\d+) ns");
  private static final Pattern PAUSE = Pattern.compile("\\[gc(?:,start)?\\s*\\].*Pause .* (\\d+(?:\\.\\d+)?)ms$");

  private GcLog() {
  }

  static JsonObject summary(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      return new JsonObject().put("error", "no GC log: " + e.getMessage());
    }
    Histogram safepoints = new Histogram(3);
    Histogram pauses = new Histogram(3);
    for (String line : lines) {
      Matcher s = SAFEPOINT.matcher(line);
      if (line.contains("[safepoint") && s.find()) {
        safepoints.recordValue(Long.parseLong(s.group(1)) / 1_000);
      }
      Matcher p = PAUSE.matcher(line);
      if (p.find()) {
        pauses.recordValue(Math.round(Double.parseDouble(p.group(1)) * 1_000));
      }
    }
    return new JsonObject().put("file", file.getFileName().toString())
        .put("safepoints", stops(safepoints)).put("gc_pauses", stops(pauses));
  }

  private static JsonObject stops(Histogram micros) {
    double total = 0;
    for (var v : micros.recordedValues()) {
      total += v.getValueIteratedTo() * (double) v.getCountAtValueIteratedTo();
    }
    return new JsonObject().put("count", micros.getTotalCount())
        .put("total_ms", Math.round(total / 10.0) / 100.0)
        .put("p99_ms", Math.round(micros.getValueAtPercentile(99) / 10.0) / 100.0)
        .put("max_ms", Math.round(micros.getMaxValue() / 10.0) / 100.0);
  }
}
