package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.connector.twilio.TwilioTestServer;
import dev.relay.gateway.store.redis.Shards;
import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.RedisCluster;
import dev.relay.gateway.support.RedisServer;
import dev.relay.gateway.support.TestGateway;
import dev.relay.gateway.support.TwilioGatewayTestCase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable acks on a real Redis Cluster of three masters with one replica each, the gateway on
 * its defaults ("auto": one replica where the master has one): a text is acknowledged to Twilio
 * only once the replica of the master that owns its customer's slot has it; with that replica
 * frozen (SIGSTOP) the text gets a 503 (a chat message a retryable error), and the retry after it
 * thaws is taken and stored once;
 * once the slot has moved to another master, the wait follows it.
 */
@ExtendWith(VertxExtension.class)
class ClusterDurableAcksTest {

  private static final String ADMIN = TestGateway.ADMIN_TOKEN;
  private static final String CUSTOMER = "+15145550199";

  @TempDir
  Path dir;
  RedisCluster cluster;
  TwilioTestServer twilio;
  TestGateway gateway;

  @BeforeEach
  void start(Vertx vertx) {
    cluster = RedisCluster.startWithReplicas(dir.resolve("cluster"));
    twilio = TwilioTestServer.start(vertx);
    Map<String, String> env = new HashMap<>(Map.of("RELAY_STORE", "redis", "RELAY_REDIS_TYPE", "cluster",
        "RELAY_REDIS_URL", cluster.urls(), "RELAY_CHAT_SECRET", "cluster-durable-share-this-secret-0123456789",
        "TWILIO_ACCOUNT_SID", TwilioTestServer.ACCOUNT_SID, "TWILIO_AUTH_TOKEN", TwilioTestServer.AUTH_TOKEN,
        "RELAY_TWILIO_NUMBER", TwilioGatewayTestCase.NUMBER, "RELAY_PUBLIC_URL", TwilioGatewayTestCase.PUBLIC,
        "RELAY_TWILIO_API_BASE", twilio.base(), "RELAY_TWILIO_TIMEOUT", "PT0.5S"));
    env.put("RELAY_REDIS_WAIT_TIMEOUT", "PT0.3S");
    gateway = TestGateway.start(vertx, dir.resolve("gateway"), env);
    gateway.onlineAgent("Élise Gagnon", "elise@acme.test");
  }

  @AfterEach
  void stop() {
    gateway.close();
    twilio.close();
    cluster.close();
  }

  private int text(String sid, String body) {
    return twilio.post(TwilioGatewayTestCase.PUBLIC + "/webhooks/twilio/sms", gateway.port(), Map.of("MessageSid", sid,
        "AccountSid", TwilioTestServer.ACCOUNT_SID, "From", CUSTOMER, "To", TwilioGatewayTestCase.NUMBER, "Body", body,
        "NumMedia", "0"), TwilioTestServer.AUTH_TOKEN).statusCode();
  }

  /** The customer's one conversation, as the admin sees it. */
  private JsonObject conversation() {
    String id = ((JsonObject) gateway.get("/api/conversations", ADMIN).getJsonArray("items").getValue(0))
        .getJsonObject("conversation").getString("id");
    return gateway.get("/api/conversations/" + id, ADMIN);
  }

  private static String customerId(JsonObject conversation) {
    return conversation.getJsonObject("conversation").getString("customerId");
  }

  /** The inbound message with {@code text}: its record as the replica holds it (docs/redis-keys.md), or "" if absent. */
  private static String onReplica(RedisServer replica, JsonObject conversation, String text) {
    String id = conversation.getJsonArray("messages").stream().map(m -> (JsonObject) m)
        .filter(m -> text.equals(m.getString("text"))).findFirst().orElseThrow().getString("id");
    return replica.readOnly("GET", Shards.tag(customerId(conversation)) + ":message:" + id);
  }

  @Test
  void anAcknowledgedTextIsAlreadyOnTheReplicaOfTheMasterThatOwnsItsSlot() {
    assertEquals(200, text("SM" + "1".repeat(32), "Bonjour, ma facture est trop élevée"));

    JsonObject conversation = conversation();
    RedisServer master = cluster.ownerOf(Shards.tag(customerId(conversation)));
    String stored = onReplica(cluster.replicaOf(master), conversation, "Bonjour, ma facture est trop élevée");
    assertTrue(stored.contains("Bonjour, ma facture est trop élevée"), "the replica has it at the ack: " + stored);
  }

  @Test
  void withTheReplicaFrozenATextIsRefusedAndTwiliosRetryAfterItThawsIsStoredOnce() {
    assertEquals(200, text("SM" + "1".repeat(32), "Bonjour"));
    RedisServer replica = cluster.replicaOf(cluster.ownerOf(Shards.tag(customerId(conversation()))));

    replica.freeze();
    try {
      assertEquals(503, text("SM" + "2".repeat(32), "Vous êtes là ?"),
          "on the master only: not acknowledged, so Twilio sends it again");
    } finally {
      replica.thaw();
    }

    // Twilio retries until it gets a 200; the thawed replica catches up within a few of them.
    assertEquals(200, textUntilTaken("SM" + "2".repeat(32), "Vous êtes là ?"), "Twilio's retry is taken once the replica has it");

    JsonObject conversation = conversation();
    List<String> texts = conversation.getJsonArray("messages").stream().map(m -> (JsonObject) m)
        .filter(m -> "inbound".equalsIgnoreCase(m.getString("direction"))).map(m -> m.getString("text")).toList();
    assertEquals(List.of("Bonjour", "Vous êtes là ?"), texts, "the refused text is stored once");
    assertTrue(onReplica(replica, conversation, "Vous êtes là ?").contains("Vous êtes là ?"), "and the replica has it");
  }

  @Test
  void withTheReplicaFrozenAChatMessageGetsARetryableErrorAndItsRetryIsStoredOnce() {
    ChatVisitor ann = gateway.newVisitor();
    ann.say("Bonjour depuis le chat");
    RedisServer replica = cluster.replicaOf(cluster.ownerOf(Shards.tag(customerId(conversation()))));
    JsonObject lagged = new JsonObject().put("type", "message").put("clientId", "lagged").put("text", "Toujours là ?");

    replica.freeze();
    try {
      ann.socket.send(lagged);
      JsonObject refused = ann.socket.next(f -> "error".equals(f.getString("type")) || "ack".equals(f.getString("type")),
          "the answer to a chat message the replica could not get");
      assertEquals("unavailable", refused.getString("code"), "a retryable error, not an ack: " + refused);
    } finally {
      replica.thaw();
    }
    JsonObject answer = new JsonObject();
    long deadline = System.currentTimeMillis() + 10_000;
    while (!"ack".equals(answer.getString("type")) && System.currentTimeMillis() < deadline) {
      ann.socket.send(lagged); // the widget sends it again with the same client id
      answer = ann.socket.next(f -> "error".equals(f.getString("type")) || "ack".equals(f.getString("type")), "the retry");
    }
    assertEquals("ack", answer.getString("type"), "the retry is acknowledged: " + answer);
    ann.close();

    JsonObject conversation = conversation();
    List<String> texts = conversation.getJsonArray("messages").stream().map(m -> (JsonObject) m)
        .filter(m -> "inbound".equalsIgnoreCase(m.getString("direction"))).map(m -> m.getString("text")).toList();
    assertEquals(List.of("Bonjour depuis le chat", "Toujours là ?"), texts, "the refused message is stored once");
    assertTrue(onReplica(replica, conversation, "Toujours là ?").contains("Toujours là ?"), "and the replica has it");
  }

  /** Texts {@code sid} until Twilio gets its 200, as Twilio's retries do; the last status. */
  private int textUntilTaken(String sid, String body) {
    long deadline = System.currentTimeMillis() + 10_000;
    int status = 0;
    while (status != 200 && System.currentTimeMillis() < deadline) {
      status = text(sid, body);
    }
    return status;
  }

  /**
   * While the slot is half-moved Redis itself refuses a script that creates a key next to others
   * ({@code TRYAGAIN}, through the cluster client too), so nothing is acknowledged; once it has
   * moved, the gateway's writes follow {@code MOVED} and wait for the new master's replica, not the
   * old one's.
   */
  @Test
  void afterItsSlotMovesATextWaitsForTheReplicaOfItsNewMasterNotOfTheOldOne() {
    assertEquals(200, text("SM" + "1".repeat(32), "Bonjour"));
    String tag = Shards.tag(customerId(conversation()));
    int slot = cluster.slotOf(tag);
    RedisServer from = cluster.ownerOf(tag);
    RedisServer to = cluster.masters().stream().filter(m -> m != from).findFirst().orElseThrow();

    cluster.beginMove(slot, from, to);
    assertEquals(503, text("SM" + "2".repeat(32), "Pendant le déplacement"), "half-moved: not acknowledged");
    cluster.endMove(slot, to); // the gateway still has `from` as the slot's owner: MOVED

    RedisServer oldReplica = cluster.replicaOf(from);
    oldReplica.freeze();
    try {
      assertEquals(200, text("SM" + "2".repeat(32), "Pendant le déplacement"),
          "Twilio's retry, written on the new master: the old master's frozen replica is not waited for");
    } finally {
      oldReplica.thaw();
    }
    RedisServer newReplica = cluster.replicaOf(to);
    assertTrue(onReplica(newReplica, conversation(), "Pendant le déplacement").contains("Pendant le déplacement"),
        "the new master's replica has it at the ack");

    newReplica.freeze();
    try {
      assertEquals(503, text("SM" + "3".repeat(32), "Après le déplacement"), "the new master's replica is frozen");
    } finally {
      newReplica.thaw();
    }
    assertEquals(200, textUntilTaken("SM" + "3".repeat(32), "Après le déplacement"), "Twilio's retry is taken");
    List<String> texts = conversation().getJsonArray("messages").stream().map(m -> (JsonObject) m)
        .filter(m -> "inbound".equalsIgnoreCase(m.getString("direction"))).map(m -> m.getString("text")).toList();
    assertEquals(List.of("Bonjour", "Pendant le déplacement", "Après le déplacement"), texts, "each text stored once");
  }
}
