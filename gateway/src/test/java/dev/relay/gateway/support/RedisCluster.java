package dev.relay.gateway.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A real Redis Cluster of three masters for a test, made as an operator makes one: three
 * {@code redis-server --cluster-enabled yes} on free loopback ports (AOF, fsync always), joined
 * with {@code redis-cli --cluster create}. Slots are split evenly (0–5460, 5461–10922, 10923–16383).
 */
public final class RedisCluster implements AutoCloseable {

  private final List<RedisServer> masters;

  private RedisCluster(List<RedisServer> masters) {
    this.masters = masters;
  }

  public static RedisCluster start(Path dir) {
    List<RedisServer> masters = IntStream.range(0, 3).mapToObj(n -> RedisServer.start(dir.resolve("node" + n),
        List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000")))
        .toList();
    RedisCluster cluster = new RedisCluster(masters);
    List<String> create = new java.util.ArrayList<>(List.of("--cluster", "create"));
    masters.forEach(m -> create.add("127.0.0.1:" + m.port()));
    create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    masters.get(0).cli(create.toArray(String[]::new));
    cluster.awaitOk();
    return cluster;
  }

  /** Every node agrees the cluster is up and knows all three masters. */
  private void awaitOk() {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!masters.stream().allMatch(m -> m.cli("CLUSTER", "INFO").contains("cluster_state:ok")
        && m.cli("CLUSTER", "INFO").contains("cluster_known_nodes:3"))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the cluster did not come up: " + masters.get(0).cli("CLUSTER", "INFO"));
      }
      Thread.onSpinWait();
    }
  }

  public List<RedisServer> masters() {
    return masters;
  }

  /** Comma-separated node URLs, as {@code RELAY_REDIS_URL} takes them. */
  public String urls() {
    return String.join(",", masters.stream().map(RedisServer::url).toList());
  }

  /** How many keys each master holds, in order. */
  public List<Long> keysPerMaster() {
    return masters.stream().map(m -> Long.parseLong(m.cli("DBSIZE").strip())).toList();
  }

  /** Stops every node and starts it again from its AOF and nodes.conf. */
  public void restart() {
    masters.forEach(RedisServer::stop);
    masters.forEach(RedisServer::restart);
    awaitOk();
  }

  @Override
  public void close() {
    masters.forEach(RedisServer::close);
  }
}
