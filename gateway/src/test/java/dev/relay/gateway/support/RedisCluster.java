package dev.relay.gateway.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A real Redis Cluster of three masters for a test, made as an operator makes one: three
 * {@code redis-server --cluster-enabled yes} on free loopback ports (AOF, fsync always), joined
 * with {@code redis-cli --cluster create}. Slots are split evenly (0–5460, 5461–10922, 10923–16383).
 * {@link #startWithReplicas} gives each master a replica ({@code redis-cli --cluster add-node --cluster-slave}).
 */
public final class RedisCluster implements AutoCloseable {

  private final List<RedisServer> masters;
  /** The replica of each master, in the masters' order; empty without replicas. */
  private final List<RedisServer> replicas = new java.util.ArrayList<>();

  private RedisCluster(List<RedisServer> masters) {
    this.masters = masters;
  }

  /** Three masters, each with one replica in sync with it when this returns. */
  public static RedisCluster startWithReplicas(Path dir) {
    RedisCluster cluster = start(dir);
    for (int n = 0; n < cluster.masters.size(); n++) {
      RedisServer master = cluster.masters.get(n);
      RedisServer replica = RedisServer.start(dir.resolve("replica" + n), List.of("--cluster-enabled", "yes",
          "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000"));
      cluster.replicas.add(replica);
      master.cli("--cluster", "add-node", "127.0.0.1:" + replica.port(), "127.0.0.1:" + master.port(),
          "--cluster-slave", "--cluster-master-id", master.cli("CLUSTER", "MYID").strip());
    }
    cluster.awaitOk();
    cluster.replicas.forEach(RedisServer::awaitInSync);
    return cluster;
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

  /** Every node agrees the cluster is up and knows every node. */
  private void awaitOk() {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String known = "cluster_known_nodes:" + (masters.size() + replicas.size());
    while (!nodes().allMatch(m -> m.cli("CLUSTER", "INFO").contains("cluster_state:ok")
        && m.cli("CLUSTER", "INFO").contains(known))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the cluster did not come up: " + masters.get(0).cli("CLUSTER", "INFO"));
      }
      Thread.onSpinWait();
    }
  }

  private java.util.stream.Stream<RedisServer> nodes() {
    return java.util.stream.Stream.concat(masters.stream(), replicas.stream());
  }

  public List<RedisServer> masters() {
    return masters;
  }

  /** The replica of {@code master} ({@link #startWithReplicas}). */
  public RedisServer replicaOf(RedisServer master) {
    return replicas.get(masters.indexOf(master));
  }

  /** The master that owns the slot of {@code key} (or of a hash tag such as {@code {relay:5}}). */
  public RedisServer ownerOf(String key) {
    int slot = slotOf(key);
    return masters.stream().filter(m -> owns(m, slot)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no master owns slot " + slot));
  }

  /** Comma-separated node URLs, as {@code RELAY_REDIS_URL} takes them. */
  public String urls() {
    return String.join(",", masters.stream().map(RedisServer::url).toList());
  }

  /** How many keys each master holds, in order. */
  public List<Long> keysPerMaster() {
    return masters.stream().map(m -> Long.parseLong(m.cli("DBSIZE").strip())).toList();
  }

  /**
   * Starts moving {@code slot} from {@code from} to {@code to} as {@code redis-cli --cluster reshard}
   * does, and stops half-way: the slot is migrating/importing and every key in it is on {@code to}
   * already, so {@code from} answers {@code ASK} for each (and {@code to} {@code TRYAGAIN} to a
   * command on several keys of which one is new). {@link #endMove} finishes it.
   */
  public void beginMove(int slot, RedisServer from, RedisServer to) {
    String s = Integer.toString(slot);
    to.cli("CLUSTER", "SETSLOT", s, "IMPORTING", from.cli("CLUSTER", "MYID").strip());
    from.cli("CLUSTER", "SETSLOT", s, "MIGRATING", to.cli("CLUSTER", "MYID").strip());
    String keys;
    while (!(keys = from.cli("CLUSTER", "GETKEYSINSLOT", s, "100")).isBlank()) {
      List<String> migrate = new java.util.ArrayList<>(List.of("MIGRATE", "127.0.0.1", Integer.toString(to.port()), "",
          "0", "5000", "KEYS"));
      migrate.addAll(keys.lines().toList());
      from.cli(migrate.toArray(String[]::new));
    }
  }

  /** Gives {@code slot} to {@code to} on every master ({@code CLUSTER SETSLOT … NODE}): the move is over. */
  public void endMove(int slot, RedisServer to) {
    String id = to.cli("CLUSTER", "MYID").strip();
    to.cli("CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", id);
    masters.stream().filter(m -> m != to).forEach(m -> m.cli("CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", id));
  }

  /** The slot of {@code key} (or of a hash tag such as {@code {relay:5}}). */
  public int slotOf(String key) {
    return Integer.parseInt(masters.get(0).cli("CLUSTER", "KEYSLOT", key).strip());
  }

  /** Whether {@code master}'s own line of CLUSTER NODES lists {@code slot} in its ranges. */
  private static boolean owns(RedisServer master, int slot) {
    String myself = master.cli("CLUSTER", "NODES").lines().filter(l -> l.contains("myself")).findFirst().orElseThrow();
    String[] fields = myself.split(" ");
    for (int i = 8; i < fields.length; i++) {
      if (!fields[i].startsWith("[")) {
        String[] range = fields[i].split("-");
        if (slot >= Integer.parseInt(range[0]) && slot <= Integer.parseInt(range[range.length - 1])) {
          return true;
        }
      }
    }
    return false;
  }

  /** Stops every node and starts it again from its AOF and nodes.conf. */
  public void restart() {
    nodes().forEach(RedisServer::stop);
    nodes().forEach(RedisServer::restart);
    awaitOk();
  }

  @Override
  public void close() {
    nodes().forEach(RedisServer::close);
  }
}
