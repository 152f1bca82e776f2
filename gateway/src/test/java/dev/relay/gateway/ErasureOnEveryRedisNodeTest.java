package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.RedisCluster;
import dev.relay.gateway.support.RedisServer;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a data-protection officer checks on a replicated or clustered Redis: once a customer is
 * erased, no node's append-only file still holds what they wrote — not the master's only, but each
 * replica's (written from the replication stream) and every Cluster node's.
 */
@ExtendWith(VertxExtension.class)
class ErasureOnEveryRedisNodeTest {

  /** Only Léa's message holds this: it may survive her erasure nowhere. */
  static final String LEAS = "Ma carte se termine par 4417-RQ, merci de ne pas la garder";

  @TempDir
  Path dir;
  final List<AutoCloseable> started = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }

  @Test
  void theReplicasFileIsRewrittenToo(Vertx vertx) throws IOException {
    RedisServer master = started(RedisServer.start(dir.resolve("master")));
    RedisServer replica = started(RedisServer.replicaOf(dir.resolve("replica"), master.port()));
    TestGateway gateway = started(TestGateway.start(vertx, dir.resolve("relay"),
        Map.of("RELAY_STORE", "redis", "RELAY_REDIS_URL", master.url())));

    JsonObject erased = eraseLea(gateway, List.of(dir.resolve("master"), dir.resolve("replica")));

    assertNoTrace(List.of(master, replica), List.of(dir.resolve("master"), dir.resolve("replica")));
    assertTrue(erased.getString("storeFiles").contains("2 of 2 Redis nodes rewriting"), erased.encode());
  }

  @Test
  void everyClusterNodesFileIsRewritten(Vertx vertx) throws IOException {
    RedisCluster cluster = started(RedisCluster.start(dir.resolve("cluster")));
    TestGateway gateway = started(TestGateway.start(vertx, dir.resolve("relay"),
        Map.of("RELAY_STORE", "redis", "RELAY_REDIS_TYPE", "cluster", "RELAY_REDIS_URL", cluster.urls())));
    List<Path> nodes = List.of(dir.resolve("cluster/node0"), dir.resolve("cluster/node1"), dir.resolve("cluster/node2"));

    JsonObject erased = eraseLea(gateway, nodes);

    assertNoTrace(cluster.masters(), nodes);
    assertTrue(erased.getString("storeFiles").contains("3 of 3 Redis nodes rewriting"), erased.encode());
  }

  /** Léa writes by chat, her text reaches some node's file, an admin erases her; the erasure's answer. */
  private JsonObject eraseLea(TestGateway gateway, List<Path> nodes) throws IOException {
    ChatVisitor lea = gateway.newVisitor();
    String conversation = lea.say(LEAS).getString("conversationId");
    lea.close();
    assertTrue(files(nodes).contains("4417-RQ"), "the scan sees what Redis wrote");
    String customer = gateway.get("/api/conversations/" + conversation, TestGateway.ADMIN_TOKEN)
        .getJsonObject("customer").getString("id");
    return gateway.post("/api/admin/customers/" + customer + "/erase", TestGateway.ADMIN_TOKEN, null, 200);
  }

  /** Once every node has finished its rewrite (and dropped its old files), none holds her text. */
  private static void assertNoTrace(List<RedisServer> servers, List<Path> nodes) throws IOException {
    long deadline = System.currentTimeMillis() + 30_000; // a rewrite on a loaded machine can take a while
    String files;
    do {
      files = files(nodes);
      boolean rewritten = servers.stream().map(s -> s.cli("INFO", "persistence"))
          .allMatch(info -> info.contains("aof_rewrite_in_progress:0") && info.contains("aof_rewrite_scheduled:0"));
      if (rewritten && !files.contains("4417-RQ")) {
        break;
      }
      Thread.onSpinWait();
    } while (System.currentTimeMillis() < deadline);
    assertFalse(files.contains("4417-RQ"), "a node's append-only file still holds what Léa wrote");
  }

  private static String files(List<Path> roots) throws IOException {
    StringBuilder all = new StringBuilder();
    for (Path root : roots) {
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path file : paths.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".log")).toList()) {
          try {
            all.append(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
          } catch (NoSuchFileException replaced) {
            // Redis swapped its files while we walked them; the caller looks again
          }
        }
      }
    }
    return all.toString();
  }

  private <T extends AutoCloseable> T started(T thing) {
    started.add(thing);
    return thing;
  }
}
