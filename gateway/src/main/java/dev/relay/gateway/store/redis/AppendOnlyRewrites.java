package dev.relay.gateway.store.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After an erasure, every Redis node that keeps an append-only file is asked to rewrite it, or the
 * deleted records stay in it: the master and each of its replicas (each replica writes its own file
 * from the replication stream), and on a Cluster every node, masters and replicas. A node that is
 * unreachable or refuses is named in the answer, so the operator can run {@code BGREWRITEAOF} there.
 */
final class AppendOnlyRewrites {

  private static final Logger LOG = LoggerFactory.getLogger(AppendOnlyRewrites.class);
  /** {@code slave0:ip=10.0.0.7,port=6380,state=online,…} in a master's {@code INFO replication}. */
  private static final Pattern REPLICA = Pattern.compile("(?m)^slave\\d+:ip=([^,]+),port=(\\d+)");

  private final Vertx vertx;
  private final RedisOptions options;
  /** The store's own way to the master (standalone or Sentinel's). */
  private final Function<Request, Future<Response>> master;

  AppendOnlyRewrites(Vertx vertx, RedisOptions options, Function<Request, Future<Response>> master) {
    this.vertx = vertx;
    this.options = options;
    this.master = master;
  }

  /** What was asked of each node, as one sentence for the admin who erased. */
  Future<String> everywhere() {
    Future<List<Node>> nodes = options.getType() == RedisClientType.CLUSTER ? clusterNodes() : masterAndReplicas();
    return nodes.compose(all -> {
      List<Future<String>> asked = all.stream().map(this::rewrite).toList();
      return Future.join(asked).transform(done -> Future.succeededFuture(summary(all, asked)));
    });
  }

  /** A node and how to send it a command. */
  private record Node(String name, Function<Request, Future<Response>> send) {
  }

  private Future<List<Node>> masterAndReplicas() {
    return master.apply(Request.cmd(Command.INFO).arg("replication")).map(info -> {
      List<Node> nodes = new ArrayList<>(List.of(new Node("the master", master)));
      Matcher replica = REPLICA.matcher(info.toString());
      while (replica.find()) {
        nodes.add(direct(replica.group(1), Integer.parseInt(replica.group(2))));
      }
      return nodes;
    });
  }

  /** Every node the cluster knows, masters and replicas, but those it marks failed or without an address. */
  private Future<List<Node>> clusterNodes() {
    return master.apply(Request.cmd(Command.CLUSTER).arg("NODES")).map(answer -> {
      List<Node> nodes = new ArrayList<>();
      for (String line : answer.toString().split("\n")) {
        String[] fields = line.strip().split(" ");
        if (fields.length < 3 || fields[2].contains("fail") || fields[2].contains("noaddr")
            || fields[2].contains("handshake")) {
          continue;
        }
        String address = RedisClusterMasters.Node.of(line.strip()).address();
        int colon = address.lastIndexOf(':');
        nodes.add(direct(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))));
      }
      return nodes;
    });
  }

  /** A node reached on its own, with the store's credentials and TLS settings, for one command at a time. */
  private Node direct(String host, int port) {
    URI configured = URI.create(options.getEndpoint());
    String endpoint = configured.getScheme() + "://" + (configured.getRawUserInfo() == null ? "" : configured.getRawUserInfo() + "@")
        + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    RedisOptions single = new RedisOptions(options).setType(RedisClientType.STANDALONE).setEndpoints(new ArrayList<>(List.of(endpoint)))
        .setMaxPoolSize(1);
    return new Node(host + ":" + port, request -> {
      Redis client = Redis.createClient(vertx, single);
      return client.send(request).eventually(client::close);
    });
  }

  /** {@code rewriting}, {@code no file} (this node keeps no AOF), or why not. */
  private Future<String> rewrite(Node node) {
    return node.send().apply(Request.cmd(Command.INFO).arg("persistence"))
        .compose(info -> !info.toString().contains("aof_enabled:1") ? Future.succeededFuture("no file")
            : node.send().apply(Request.cmd(Command.BGREWRITEAOF)).map("rewriting"))
        .onFailure(err -> LOG.atWarn().addKeyValue("node", node.name()).addKeyValue("error", err.getMessage())
            .log("a Redis node did not start an append-only file rewrite; deleted data stays in its file until it is rewritten"));
  }

  private static String summary(List<Node> nodes, List<Future<String>> asked) {
    List<String> refused = new ArrayList<>();
    int rewriting = 0;
    int without = 0;
    for (int i = 0; i < nodes.size(); i++) {
      Future<String> answer = asked.get(i);
      if (answer.failed()) {
        refused.add(nodes.get(i).name() + " (" + answer.cause().getMessage() + ")");
      } else if (answer.result().equals("rewriting")) {
        rewriting++;
      } else {
        without++;
      }
    }
    String done = "keys deleted; " + rewriting + " of " + nodes.size() + " Redis nodes rewriting their append-only file"
        + (without > 0 ? ", " + without + " keeping none (an RDB snapshot, if any, drops the keys at its next save)" : "");
    return refused.isEmpty() ? done
        : done + "; not rewritten on " + String.join(", ", refused) + ": run BGREWRITEAOF there, or wait for its automatic rewrite";
  }
}
