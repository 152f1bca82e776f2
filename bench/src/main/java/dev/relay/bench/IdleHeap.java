package dev.relay.bench;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an idle chat socket holds in the gateway's heap, class by class: the live-object histogram
 * ({@code jcmd GC.class_histogram}, after a full GC) with N visitors connected who said hello as the
 * widget does, less the one without them, over N. The bench's {@code idle_websocket} phase gives the
 * total alone; this says where it goes (docs/benchmarks.md).
 */
public final class IdleHeap {

  private static final int BATCH = 250;
  private static final int WARM_UP = 200;
  private static final int TOP = 25;
  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

  private IdleHeap() {
  }

  /** A class's live instances and their bytes. */
  private record Count(long instances, long bytes) {
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 && !args[0].startsWith("--") ? args[0] : ".").toAbsolutePath().normalize();
    int sockets = Integer.parseInt(option(args, "--sockets=", "2000"));
    // --jar=<gateway jar>: another build (main's, built aside), to compare with the same method.
    String jar = option(args, "--jar=", root.resolve("gateway/target/relay-gateway.jar").toString());
    Path results = Files.createDirectories(root.resolve("bench/results"));
    int port = Launch.freePort();
    Map<String, String> env = new HashMap<>(Bench.limitsRaised());
    env.putAll(Map.of("RELAY_HTTP_PORT", Integer.toString(port), "RELAY_HTTP_HOST", "127.0.0.1",
        "RELAY_DATA_DIR", results.resolve("data-idle-" + System.nanoTime()).toString(),
        "RELAY_ADMIN_TOKEN", Bench.ADMIN, "RELAY_SATISFACTION_SURVEY", "false"));
    Process gateway = Launch.start(Launch.java("G1", results.resolve("gc-idle-heap.log"), "-jar", jar), env,
        results.resolve("gateway-idle-heap.log"));
    Vertx vertx = Vertx.vertx();
    try {
      Launch.awaitOk("http://127.0.0.1:" + port + "/health/ready", gateway, Duration.ofSeconds(60));
      RelayDriver driver = new RelayDriver(vertx, port, Bench.ADMIN, false);
      // Once first, so what the first sockets load for good (classes, pools, caches) is in both histograms.
      Bench.await(driver.connectVisitors(WARM_UP));
      Bench.await(driver.closeVisitors());
      Launch.sleep(500);
      Map<String, Count> before = histogram(gateway);
      for (int left = sockets; left > 0; left -= BATCH) {
        Bench.await(driver.connectVisitors(Math.min(BATCH, left)));
      }
      Map<String, Count> after = histogram(gateway);
      Bench.await(driver.closeVisitors());
      Files.writeString(results.resolve("idle-heap.md"), jar + "\n\n" + report(before, after, sockets, Integer.MAX_VALUE));
      System.out.print(jar + "\n\n" + report(before, after, sockets, TOP));
    } finally {
      Launch.stop(gateway);
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  private static String option(String[] args, String prefix, String otherwise) {
    return List.of(args).stream().filter(a -> a.startsWith(prefix)).map(a -> a.substring(prefix.length())).findFirst()
        .orElse(otherwise);
  }

  /** Live objects by class; the histogram runs a full GC first. */
  private static Map<String, Count> histogram(Process gateway) {
    String out = Launch.run(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(gateway.pid()), "GC.class_histogram"));
    Map<String, Count> counts = new HashMap<>();
    for (String line : out.lines().toList()) {
      Matcher row = ROW.matcher(line);
      if (row.find()) {
        counts.merge(row.group(3), new Count(Long.parseLong(row.group(1)), Long.parseLong(row.group(2))),
            (a, b) -> new Count(a.instances() + b.instances(), a.bytes() + b.bytes()));
      }
    }
    return counts;
  }

  /** The classes that grew or shrank by at least 8 bytes a socket, largest first, at most {@code rows}. */
  private static String report(Map<String, Count> before, Map<String, Count> after, int sockets, int rows) {
    Set<String> classes = new HashSet<>(before.keySet());
    classes.addAll(after.keySet());
    List<Map.Entry<String, Count>> grown = new ArrayList<>();
    long total = 0;
    for (String name : classes) {
      Count was = before.getOrDefault(name, new Count(0, 0));
      Count is = after.getOrDefault(name, new Count(0, 0));
      Count more = new Count(is.instances() - was.instances(), is.bytes() - was.bytes());
      total += more.bytes();
      grown.add(Map.entry(name, more));
    }
    grown.sort(Comparator.comparingLong((Map.Entry<String, Count> e) -> e.getValue().bytes()).reversed());
    StringBuilder out = new StringBuilder(String.format("%,d idle chat sockets: %,d bytes, %.0f B = %.2f KiB per socket%n%n",
        sockets, total, (double) total / sockets, total / 1024.0 / sockets));
    out.append("| class | per socket: instances | bytes |\n|---|---:|---:|\n");
    grown.stream().filter(e -> Math.abs(e.getValue().bytes()) >= 8L * sockets).limit(rows).forEach(e -> out.append(String.format("| `%s` | %.2f | %.0f |%n", e.getKey(),
        (double) e.getValue().instances() / sockets, (double) e.getValue().bytes() / sockets)));
    return out.toString();
  }
}
