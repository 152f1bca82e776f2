package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.connector.twilio.TwilioTestServer;
import dev.relay.gateway.support.Await;
import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.RedisServer;
import dev.relay.gateway.support.TcpProxy;
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
 * A Redis master with a real replica whose link lags (a frozen proxy between them), then a
 * failover to that replica, as Sentinel does it: what was acknowledged is on the new master,
 * what could not be replicated was not acknowledged, and the channels' retries bring it in once.
 */
@ExtendWith(VertxExtension.class)
class DurableAcksTest {

  static final String ADMIN = TestGateway.ADMIN_TOKEN;
  static final String CUSTOMER = "+33698765432";
  @TempDir
  Path dir;
  RedisServer master;
  TcpProxy link;
  RedisServer replica;
  TwilioTestServer twilio;
  Map<String, String> env;
  TestGateway onMaster;
  TestGateway onPromoted;
  Vertx other;

  @BeforeEach
  void start(Vertx vertx) {
    master = RedisServer.start(dir.resolve("master"));
    link = TcpProxy.to(master.port());
    replica = RedisServer.replicaOf(dir.resolve("replica"), link.port());
    twilio = TwilioTestServer.start(vertx);
    env = new HashMap<>(Map.of("RELAY_STORE", "redis", "RELAY_CHAT_SECRET", "durable-acks-share-this-secret-0123456789",
        "TWILIO_ACCOUNT_SID", TwilioTestServer.ACCOUNT_SID, "TWILIO_AUTH_TOKEN", TwilioTestServer.AUTH_TOKEN,
        "RELAY_TWILIO_NUMBER", TwilioGatewayTestCase.NUMBER, "RELAY_PUBLIC_URL", TwilioGatewayTestCase.PUBLIC,
        "RELAY_TWILIO_API_BASE", twilio.base(), "RELAY_TWILIO_TIMEOUT", "PT0.5S",
        "RELAY_REDIS_WAIT_TIMEOUT", "PT0.3S"));
    env.put("RELAY_REDIS_URL", master.url());
    onMaster = TestGateway.start(vertx, dir.resolve("a"), env);
  }

  @AfterEach
  void stop() {
    link.unfreeze();
    onMaster.close();
    if (onPromoted != null) {
      onPromoted.close();
      Await.result(other.close());
    }
    twilio.close();
    link.close();
    replica.close();
    master.close();
  }

  private int text(TestGateway gateway, String sid, String body) {
    return twilio.post(TwilioGatewayTestCase.PUBLIC + "/webhooks/twilio/sms", gateway.port(), Map.of("MessageSid", sid,
        "AccountSid", TwilioTestServer.ACCOUNT_SID, "From", CUSTOMER, "To", TwilioGatewayTestCase.NUMBER, "Body", body,
        "NumMedia", "0"), TwilioTestServer.AUTH_TOKEN).statusCode();
  }

  @Test
  void aLiveAgentStreamSkipsNothingWhenTheInboxSequenceOfThePromotedReplicaLagged(Vertx vertx) {
    TcpProxy toMaster = TcpProxy.to(master.port());
    Map<String, String> followed = new HashMap<>(env);
    followed.put("RELAY_REDIS_URL", toMaster.redisUrl());
    followed.put("RELAY_REDIS_WAIT_REPLICAS", "0"); // acks on the master alone: the replica may lag behind the streams
    TestGateway gateway = TestGateway.start(vertx, dir.resolve("c"), followed);
    try {
      String kristin = gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
      var stream = gateway.stream(kristin);
      assertEquals(200, text(gateway, "SM" + "1".repeat(32), "Bonjour"));
      stream.next(f -> "message.received".equals(f.getString("event")), "the first text");
      link.freeze();
      for (int i = 2; i <= 4; i++) {
        assertEquals(200, text(gateway, "SM" + String.valueOf(i).repeat(32), "Message " + i));
        stream.next(f -> "message.received".equals(f.getString("event")), "text on the master only");
      }

      master.kill();
      replica.promote();
      toMaster.retarget(replica.port()); // the gateway now talks to the promoted replica, whose counter is behind
      long deadline = System.currentTimeMillis() + 10_000;
      int status = 0;
      while (status != 200 && System.currentTimeMillis() < deadline) {
        status = text(gateway, "SM" + "5".repeat(32), "Après la bascule");
      }
      assertEquals(200, status, "stored on the new master");
      JsonObject after = stream.next(f -> "message.received".equals(f.getString("event")),
          "the text after the failover, on the stream that stayed open");
      assertEquals("Après la bascule", after.getJsonObject("data").getJsonObject("message").getString("text"));
      stream.close();
    } finally {
      gateway.close();
      toMaster.close();
    }
  }

  @Test
  void whatTheLaggingReplicaDoesNotHaveIsNotAcknowledgedAndAfterTheFailoverNothingAcknowledgedIsMissing() {
    onMaster.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
    assertEquals(200, text(onMaster, "SM" + "1".repeat(32), "Bonjour, ma box ne s'allume plus"));
    ChatVisitor ann = onMaster.newVisitor();
    ann.say("Bonjour depuis le chat");

    link.freeze(); // the replica stops receiving the master's writes
    assertEquals(503, text(onMaster, "SM" + "2".repeat(32), "Vous êtes là ?"),
        "on the master only: not acknowledged, so Twilio sends it again");
    ann.socket.send(new JsonObject().put("type", "message").put("clientId", "lagged").put("text", "Toujours là ?"));
    JsonObject refused = ann.socket.next(f -> "error".equals(f.getString("type")) || "ack".equals(f.getString("type")),
        "the answer to a chat message the replica could not get");
    assertEquals("unavailable", refused.getString("code"), "a retryable error, not an ack: " + refused);
    String token = ann.token();
    ann.close();

    master.kill(); // the master is lost; Sentinel promotes the lagging replica
    replica.promote();
    env.put("RELAY_REDIS_URL", replica.url());
    other = Vertx.vertx();
    onPromoted = TestGateway.start(other, dir.resolve("b"), env);

    assertEquals(200, text(onPromoted, "SM" + "2".repeat(32), "Vous êtes là ?"), "Twilio's retry is taken");
    ChatVisitor back = onPromoted.visitor(token);
    back.welcome();
    back.socket.send(new JsonObject().put("type", "message").put("clientId", "lagged").put("text", "Toujours là ?"));
    back.socket.next(f -> "ack".equals(f.getString("type")) && "lagged".equals(f.getString("clientId")), "the retry");
    back.close();

    List<String> texts = onPromoted.get("/api/conversations", ADMIN).getJsonArray("items").stream()
        .map(c -> ((JsonObject) c).getJsonObject("conversation").getString("id"))
        .flatMap(id -> onPromoted.get("/api/conversations/" + id, ADMIN).getJsonArray("messages").stream())
        .map(m -> ((JsonObject) m).getString("text")).sorted().toList();
    assertEquals(List.of("Bonjour depuis le chat", "Bonjour, ma box ne s'allume plus", "Toujours là ?", "Vous êtes là ?"),
        texts, "every acknowledged message survived the failover, and each retry is stored once");
  }
}
