package dev.relay.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time a process spent (user + system), from {@code /proc/<pid>/stat}: what the process itself
 * used over a phase, whatever else runs on the machine. Zero where there is no {@code /proc}.
 */
final class Cpu {

  /** Clock ticks per second of {@code /proc} times ({@code getconf CLK_TCK}, 100 on Linux). */
  private static final long TICKS = ticksPerSecond();

  private Cpu() {
  }

  /** CPU time used so far by process {@code pid}, in microseconds. */
  static long micros(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // After the command name (in parentheses, which may hold spaces): state, ppid, … utime (14th), stime (15th).
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 1_000_000L / TICKS;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** The machine's load average (1, 5, 15 minutes), as {@code uptime} shows it. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The CPU time named processes use from its making on. */
  static final class Use {
    private final java.util.Map<String, Long> pids;
    private final java.util.Map<String, Long> from = new java.util.HashMap<>();

    Use(java.util.Map<String, Long> pids) {
      this.pids = pids;
      pids.forEach((name, pid) -> from.put(name, micros(pid)));
    }

    /** Each process's CPU µs since then, per one of {@code messages}. */
    io.vertx.core.json.JsonObject perMessage(long messages) {
      io.vertx.core.json.JsonObject per = new io.vertx.core.json.JsonObject();
      pids.forEach((name, pid) -> per.put(name, Bench.round((micros(pid) - from.get(name)) / (double) Math.max(1, messages))));
      return per;
    }
  }

  private static long ticksPerSecond() {
    try {
      return Long.parseLong(Launch.run(List.of("getconf", "CLK_TCK")).strip());
    } catch (RuntimeException e) {
      return 100;
    }
  }
}
