package dev.relay.bench;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts what the benchmark measures as separate processes, so the generator never shares their JVM. */
final class Launch {

  private Launch() {
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Process start(List<String> command, Map<String, String> env, Path log) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    try {
      return builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("could not start " + command.get(0) + ": " + e.getMessage(), e);
    }
  }

  /**
   * A JVM with the benchmark's usual flags: the same heap and collector for everything measured (the
   * gateway's production ones, docs/benchmarks.md), its stops logged to {@code gcLog}.
   */
  static List<String> java(String collector, Path gcLog, String... rest) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms1g", "-Xmx1g", "-XX:+Use" + collector + "GC", "-XX:+AlwaysPreTouch", GcLog.option(gcLog)));
    command.addAll(List.of(rest));
    return command;
  }

  /** Waits until {@code url} answers 200, or fails after {@code timeout}. */
  static void awaitOk(String url, Process process, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(url + ": the process exited with " + process.exitValue());
      }
      try {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setConnectTimeout(500);
        // A connection taken in the instant the server binds may never be answered (Vert.x 5.0's
        // Micrometer metrics: "socketMetric is null" in requestBegin): ask again on a new one.
        connection.setReadTimeout(2_000);
        if (connection.getResponseCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      sleep(100);
    }
    throw new IllegalStateException(url + " did not answer within " + timeout);
  }

  static void stop(Process process) {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Runs a command to completion and answers what it printed. */
  static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes());
      process.waitFor();
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
