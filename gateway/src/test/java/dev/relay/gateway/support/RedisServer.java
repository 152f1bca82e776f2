package dev.relay.gateway.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real {@code redis-server} process for a test, on a free loopback port, with AOF on (fsync
 * always) in its own directory, so "stop and start again" keeps what it acknowledged.
 */
public final class RedisServer implements AutoCloseable {

  private final Path dir;
  private final int port;
  private final java.util.List<String> extra;
  private Process process;

  private RedisServer(Path dir, int port, java.util.List<String> extra) {
    this.dir = dir;
    this.port = port;
    this.extra = extra;
  }

  public static RedisServer start(Path dir) {
    return start(dir, java.util.List.of());
  }

  /** A server with more settings (e.g. {@code --cluster-enabled yes}). */
  public static RedisServer start(Path dir, java.util.List<String> settings) {
    RedisServer server = new RedisServer(dir, freePort(), settings);
    server.launch();
    return server;
  }

  /** A replica of the master on {@code masterPort} (a proxy in front of it, to make it lag), in sync when this returns. */
  public static RedisServer replicaOf(Path dir, int masterPort) {
    RedisServer replica = new RedisServer(dir, freePort(), java.util.List.of("--replicaof", "127.0.0.1",
        Integer.toString(masterPort)));
    replica.launch();
    replica.awaitInSync();
    return replica;
  }

  /** Waits until this replica's link to its master is up (its first sync done). */
  public void awaitInSync() {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!cli("INFO", "replication").contains("master_link_status:up")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the replica did not sync with its master; see " + dir.resolve("redis.log"));
      }
      Thread.onSpinWait();
    }
  }

  /** Stops the process where it stands (SIGSTOP): its connections stay open, it answers nothing. */
  public void freeze() {
    signal("STOP");
  }

  /** Lets a {@link #freeze frozen} process run again (SIGCONT). */
  public void thaw() {
    signal("CONT");
  }

  private void signal(String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * One command on a connection that first sent {@code READONLY}, so a Cluster replica answers it
   * from its own data instead of redirecting to its master; the command's output.
   */
  public String readOnly(String... command) {
    String out = cliWithInput("READONLY\n" + String.join(" ", command) + "\n");
    if (!out.startsWith("OK")) {
      throw new IllegalStateException("READONLY refused: " + out);
    }
    return out.substring(2).strip();
  }

  /** Makes this replica a master, as Sentinel does on a failover. */
  public void promote() {
    cli("REPLICAOF", "NO", "ONE");
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  private void launch() {
    try {
      Files.createDirectories(dir);
      java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("redis-server", "--port",
          Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(), "--appendonly", "yes",
          "--appendfsync", "always", "--save", "", "--protected-mode", "no"));
      command.addAll(extra);
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("redis.log").toFile())
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("redis-server is not installed (apt-get install redis-server); .ci/run installs it", e);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.getOutputStream().write("PING\r\n".getBytes());
        byte[] answer = new byte[7];
        if (socket.getInputStream().read(answer) > 0 && new String(answer).startsWith("+PONG")) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.onSpinWait();
    }
    throw new IllegalStateException("redis-server did not start on port " + port + "; see " + dir.resolve("redis.log"));
  }

  /** Runs one command with {@code redis-cli}, as an operator would; returns its output. */
  public String cli(String... command) {
    return run(java.util.List.of(command), null);
  }

  /** {@code redis-cli} reading commands from {@code input}, one a line, all on one connection. */
  private String cliWithInput(String input) {
    return run(java.util.List.of(), input);
  }

  private String run(java.util.List<String> command, String input) {
    java.util.List<String> line = new java.util.ArrayList<>(java.util.List.of("redis-cli", "-h", "127.0.0.1", "-p",
        Integer.toString(port)));
    line.addAll(command);
    try {
      Process cli = new ProcessBuilder(line).redirectErrorStream(true).start();
      try (var in = cli.getOutputStream()) {
        if (input != null) {
          in.write(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
      }
      String out = new String(cli.getInputStream().readAllBytes()).strip();
      if (cli.waitFor() != 0) {
        throw new IllegalStateException("redis-cli " + String.join(" ", command) + ": " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops the server (SIGTERM, as an operator would); {@link #restart()} brings the same data back. */
  public void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Kills the server at once (SIGKILL): what AOF with fsync always must survive. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public void restart() {
    stop();
    launch();
  }

  @Override
  public void close() {
    stop();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
