package dev.relay.gateway.store.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One durable write on a Redis Cluster, on connections of its own: its commands go to the master
 * that owns the tag's slot and follow the node's redirections to wherever they run — {@code MOVED}
 * (the slot has moved: the owner is updated) and {@code ASK} (it is moving: {@code ASKING}, then the
 * command, on the importing node); {@code TRYAGAIN} (a script's keys split by a move in progress)
 * is tried again shortly. One connection per node; {@link #replicated} then sends {@code WAIT} on
 * each connection that ran a command, so it counts exactly what this write did, on every node it
 * did it on. (The cluster client cannot do this: a keyless {@code WAIT} goes to any node, and a
 * {@code batch()} reports a redirection as {@code ERR [i] MOVED …}, which it does not follow.)
 */
final class ClusterDurableWrite {

  /** Redirections and retries one command may take. */
  private static final int TRIES = 8;
  private static final long TRYAGAIN_PAUSE_MS = 20;

  private final RedisStore store;
  private final RedisClusterMasters masters;
  private final String home;
  private final Map<String, Future<RedisConnection>> connections = new ConcurrentHashMap<>();
  private final Set<String> ran = ConcurrentHashMap.newKeySet();

  /** @param home the master that owns the slot the write is for (host:port) */
  ClusterDurableWrite(RedisStore store, RedisClusterMasters masters, String home) {
    this.store = store;
    this.masters = masters;
    this.home = home;
  }

  Future<Response> send(Request request) {
    return send(home, request, false, TRIES);
  }

  private Future<Response> send(String node, Request request, boolean asking, int left) {
    return connection(node).compose(connection -> {
      // Pipelined on this connection, so nothing else of ours comes between ASKING and the command.
      Future<Response> asked = asking ? connection.send(Request.cmd(Command.ASKING)) : Future.succeededFuture();
      Future<Response> answer = connection.send(request);
      return asked.compose(ok -> answer);
    }).onSuccess(answer -> ran.add(node)).recover(err -> {
      String[] error = String.valueOf(err.getMessage()).split(" ");
      boolean moved = "MOVED".equals(error[0]);
      if (left > 0 && (moved || "ASK".equals(error[0])) && error.length >= 3) {
        String to = address(node, error[2]);
        if (moved) {
          masters.moved(Integer.parseInt(error[1]), to);
        }
        return send(to, request, !moved, left - 1);
      }
      if (left > 0 && "TRYAGAIN".equals(error[0])) {
        return store.later(TRYAGAIN_PAUSE_MS * (TRIES - left + 1)).compose(v -> send(node, request, asking, left - 1));
      }
      ran.add(node); // it ran here and failed for its own reason (NOSCRIPT, a full Redis), or the node is gone
      return Future.failedFuture(err);
    });
  }

  /** A redirection's node; one that gives only ":port" means the host of the node that answered. */
  private static String address(String node, String given) {
    return given.startsWith(":") ? node.substring(0, node.lastIndexOf(':')) + given : given;
  }

  private Future<RedisConnection> connection(String node) {
    return connections.computeIfAbsent(node, at -> masters.client(at).connect().onFailure(err -> masters.unreachable()));
  }

  /**
   * {@code WAIT} on every connection that ran a command, for the replicas {@code durability} asks
   * of that node (for "auto": one if it has any, by its {@code ROLE}); fewer on any → unavailable.
   */
  Future<Void> replicated(RedisDurability durability) {
    List<Future<Void>> waits = ran.stream()
        .map(node -> connections.get(node).compose(connection -> replicatedOn(node, connection, durability))).toList();
    return Future.all(waits).<Void>mapEmpty().recover(err -> Future.failedFuture(RedisStore.unavailable(err)));
  }

  private Future<Void> replicatedOn(String node, RedisConnection connection, RedisDurability durability) {
    Future<Integer> needed = durability.replicas() != null ? Future.succeededFuture(durability.replicas())
        : masters.replicasOf(node, () -> connection.send(Request.cmd(Command.ROLE))).map(durability::needed);
    return needed.compose(count -> durability.confirm(connection::send, count));
  }

  /** Gives every connection back to its pool. */
  Future<Void> close() {
    return Future.all(connections.values().stream().map(f -> f.compose(RedisConnection::close).otherwiseEmpty()).toList())
        .mapEmpty();
  }
}
