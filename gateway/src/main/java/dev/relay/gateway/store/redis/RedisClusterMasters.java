package dev.relay.gateway.store.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * The masters of a Redis Cluster as Relay addresses them directly: a pool of connections to each
 * (a standalone client per node), which master owns each tag's slot, and how many replicas each
 * has. Durable writes run on these ({@link ClusterDurableWrite}), not through the cluster client:
 * {@code WAIT} counts one connection's writes, and the cluster client sends a keyless command to
 * any node. The owners are read from {@code CLUSTER NODES}, follow every {@code MOVED}, and are
 * read again after a node could not be reached (a failover).
 */
final class RedisClusterMasters {

  private static final int SLOTS = 16384;

  private final RedisStore store;
  private final Vertx vertx;
  private final RedisOptions options;
  private final Clock clock;
  /** Tag → its slot ({@code CLUSTER KEYSLOT}); a tag's slot never changes. */
  private final Map<String, Integer> slots = new ConcurrentHashMap<>();
  /** host:port → a pool of connections to that node. */
  private final Map<String, Redis> clients = new ConcurrentHashMap<>();
  /** host:port → what that master's {@code ROLE} said, for "auto". */
  private final Map<String, ReplicaCount> replicas = new ConcurrentHashMap<>();
  private volatile Future<AtomicReferenceArray<String>> owners;

  /** One line of {@code CLUSTER NODES}: the node's host:port, whether it is a live master, its slot ranges. */
  record Node(String address, boolean master, List<int[]> ranges) {

    static Node of(String line) {
      String[] fields = line.split(" ");
      List<String> flags = List.of(fields[2].split(","));
      List<int[]> ranges = new ArrayList<>();
      for (int i = 8; i < fields.length; i++) {
        if (!fields[i].startsWith("[")) { // "[slot->-id]": a slot on its way, still owned by this node's range
          String[] bounds = fields[i].split("-");
          ranges.add(new int[] {Integer.parseInt(bounds[0]), Integer.parseInt(bounds[bounds.length - 1])});
        }
      }
      return new Node(fields[1].split("[@,]")[0], flags.contains("master") && !flags.contains("fail"), ranges);
    }
  }

  RedisClusterMasters(RedisStore store, Vertx vertx, RedisOptions options, Clock clock) {
    this.store = store;
    this.vertx = vertx;
    this.options = options;
    this.clock = clock;
  }

  /** Every live master now, as host:port. */
  Future<List<String>> addresses() {
    return nodes().map(nodes -> nodes.stream().filter(Node::master).map(Node::address).toList());
  }

  /** The pool of connections to the node at {@code address} (host:port). */
  Redis client(String address) {
    return clients.computeIfAbsent(address, at -> Redis.createClient(vertx, new RedisOptions(options)
        .setType(RedisClientType.STANDALONE).setEndpoints(new ArrayList<>(List.of(url(at))))));
  }

  /** The master that owns {@code tag}'s slot, as host:port. */
  Future<String> ownerOf(String tag) {
    return slotOf(tag).compose(slot -> owners().compose(owned -> owned.get(slot) != null
        ? Future.succeededFuture(owned.get(slot))
        : Future.failedFuture("no master of the Redis Cluster serves the slot of " + tag)));
  }

  /** A node answered {@code MOVED slot address}: the slot is there now. */
  void moved(int slot, String address) {
    Future<AtomicReferenceArray<String>> known = owners;
    if (known != null && known.succeeded()) {
      known.result().set(slot, address);
    }
  }

  /** A node could not be reached: the owners are read again before the next write (it may have failed over). */
  void unreachable() {
    owners = null;
  }

  /** How many replicas the master at {@code address} has connected ({@code role}: its ROLE), kept {@link ReplicaCount#KEPT}. */
  Future<Integer> replicasOf(String address, Supplier<Future<Response>> role) {
    return replicas.computeIfAbsent(address, a -> new ReplicaCount(clock))
        .get(() -> role.get().map(RedisDurability::connectedReplicas));
  }

  Future<Void> close() {
    clients.values().forEach(Redis::close);
    return Future.succeededFuture();
  }

  private Future<Integer> slotOf(String tag) {
    Integer known = slots.get(tag);
    return known != null ? Future.succeededFuture(known)
        : store.send(Command.CLUSTER, "KEYSLOT", tag).map(slot -> {
          slots.put(tag, slot.toInteger());
          return slot.toInteger();
        });
  }

  private Future<AtomicReferenceArray<String>> owners() {
    Future<AtomicReferenceArray<String>> known = owners;
    if (known == null || known.failed()) {
      known = nodes().map(nodes -> {
        AtomicReferenceArray<String> owned = new AtomicReferenceArray<>(SLOTS);
        nodes.stream().filter(Node::master).forEach(node -> node.ranges().forEach(range -> {
          for (int slot = range[0]; slot <= range[1]; slot++) {
            owned.set(slot, node.address());
          }
        }));
        return owned;
      });
      owners = known;
    }
    return known;
  }

  private Future<List<Node>> nodes() {
    return store.send(Command.CLUSTER, "NODES").map(nodes -> nodes.toString().lines().filter(line -> !line.isBlank())
        .map(Node::of).toList());
  }

  /** The URL of a node, with the scheme and password of the configured endpoints. */
  private String url(String address) {
    String seed = options.getEndpoint();
    int at = seed.indexOf('@');
    String scheme = seed.substring(0, seed.indexOf("://") + 3);
    return scheme + (at < 0 ? "" : seed.substring(seed.indexOf("://") + 3, at + 1)) + address;
  }
}
