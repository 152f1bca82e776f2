package dev.relay.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one routed message costs Redis, counted while the gateway routes one message at a time (so
 * no two messages' requests share a read): round trips are Redis's reads of client data ({@code
 * INFO stats} {@code total_reads_processed}: a pipelined batch that arrives at once is one read;
 * commands sent at once on separate connections are several), commands are what the clients sent
 * ({@code MONITOR}, commands run inside scripts counted apart). Each figure is less what the
 * gateway does idle (its job ticks) over as long, measured just before.
 */
final class RedisTraffic {

  private static final long IDLE_MS = 3_000;
  /** A MONITOR line: {@code 1733150000.123456 [0 127.0.0.1:5555] "evalsha" …}, or {@code [0 lua]} inside a script. */
  private static final Pattern LINE = Pattern.compile("^(\\d+\\.\\d+) \\[\\d+ ([^\\]]+)\\] \"([^\"]+)\"");

  private final int port;
  private final Path log;

  RedisTraffic(int port, Path log) {
    this.port = port;
    this.log = log;
  }

  /** A moment of the count: when (Unix seconds) and how many reads Redis had done. */
  private record Mark(double at, long reads) {
  }

  /** What {@code routeSome} costs per message: it routes messages one at a time and answers how many. */
  JsonObject perMessage(java.util.function.LongSupplier routeSome) {
    Process monitor = Launch.start(List.of("redis-cli", "-p", Integer.toString(port), "MONITOR"), Map.of(), log);
    try {
      Launch.sleep(500);
      Mark idleFrom = mark();
      Launch.sleep(IDLE_MS);
      Mark idleTo = mark();
      long messages = routeSome.getAsLong();
      Mark busyTo = mark();
      Launch.sleep(500);
      Launch.stop(monitor);
      Counts idle = counts(idleFrom, idleTo);
      Counts busy = counts(idleTo, busyTo);
      double scale = (busyTo.at() - idleTo.at()) / (idleTo.at() - idleFrom.at());
      return new JsonObject().put("messages", messages)
          .put("seconds", Bench.round(busyTo.at() - idleTo.at()))
          .put("roundtrips_per_msg", Bench.round((busy.reads() - idle.reads() * scale) / messages))
          .put("commands_per_msg", Bench.round((busy.client() - idle.client() * scale) / messages))
          .put("script_commands_per_msg", Bench.round((busy.scripted() - idle.scripted() * scale) / messages))
          .put("idle_roundtrips_per_s", Bench.round(idle.reads() / ((idleTo.at() - idleFrom.at()))));
    } finally {
      Launch.stop(monitor);
    }
  }

  /** Reads, commands from clients and commands inside scripts between two marks. */
  private record Counts(double reads, long client, long scripted) {
  }

  private Counts counts(Mark from, Mark to) {
    long client = 0;
    long scripted = 0;
    try (Stream<String> lines = Files.lines(log)) {
      for (String line : (Iterable<String>) lines::iterator) {
        Matcher m = LINE.matcher(line);
        if (!m.find() || "info".equalsIgnoreCase(m.group(3))) {
          continue;
        }
        double at = Double.parseDouble(m.group(1));
        if (at >= from.at() && at < to.at()) {
          if ("lua".equals(m.group(2))) {
            scripted++;
          } else {
            client++;
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the MONITOR log " + log, e);
    }
    // The INFO that took the closing mark was itself one read.
    return new Counts(to.reads() - from.reads() - 1, client, scripted);
  }

  private Mark mark() {
    String info = Launch.run(List.of("redis-cli", "-p", Integer.toString(port), "INFO", "stats"));
    long reads = info.lines().filter(l -> l.startsWith("total_reads_processed:"))
        .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).strip())).findFirst()
        .orElseThrow(() -> new IllegalStateException("this Redis does not report total_reads_processed"));
    return new Mark(System.currentTimeMillis() / 1000.0, reads);
  }
}
