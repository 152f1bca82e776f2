package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.Await;
import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.MutableClock;
import dev.relay.gateway.support.RedisServer;
import dev.relay.gateway.support.TestGateway;
import dev.relay.gateway.support.TwilioGatewayTestCase;
import dev.relay.connector.twilio.TwilioTestServer;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateways (each on its own Vert.x, as two pods would be) sharing one real redis-server: the
 * customer's experience does not change with the replica they reach.
 */
@ExtendWith(VertxExtension.class)
class ReplicasTest {

  static final String ADMIN = TestGateway.ADMIN_TOKEN;
  @TempDir
  Path dir;
  RedisServer redis;
  Vertx otherVertx;
  TestGateway a;
  TestGateway b;
  final MutableClock clock = new MutableClock(TestGateway.START);
  TwilioTestServer twilio;

  @BeforeEach
  void start(Vertx vertx) {
    redis = RedisServer.start(dir.resolve("redis"));
    twilio = TwilioTestServer.start(vertx);
    Map<String, String> env = Map.of("RELAY_STORE", "redis", "RELAY_REDIS_URL", redis.url(),
        "RELAY_CHAT_SECRET", "replicas-share-this-chat-secret-0123456789",
        "TWILIO_ACCOUNT_SID", TwilioTestServer.ACCOUNT_SID, "TWILIO_AUTH_TOKEN", TwilioTestServer.AUTH_TOKEN,
        "RELAY_TWILIO_NUMBER", TwilioGatewayTestCase.NUMBER, "RELAY_PUBLIC_URL", TwilioGatewayTestCase.PUBLIC,
        "RELAY_TWILIO_API_BASE", twilio.base(), "RELAY_TWILIO_TIMEOUT", "PT0.5S");
    a = TestGateway.start(vertx, dir.resolve("a"), env, clock);
    otherVertx = Vertx.vertx();
    b = TestGateway.start(otherVertx, dir.resolve("b"), env, clock);
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
    Await.result(otherVertx.close());
    twilio.close();
    redis.close();
  }

  @Test
  void anAgentDeactivatedOnOneReplicaIsSignedOutOnTheOtherAtOnce() {
    JsonObject created = a.createAgent("Kristin Lavransdatter", "kristin@acme.test");
    String kristin = created.getString("token");
    FrameSocket onB = b.stream(kristin);
    a.post("/api/admin/agents/" + created.getJsonObject("agent").getString("id") + "/deactivate", ADMIN, null, 200);
    assertEquals("signed_out", onB.next("error").getString("code"), "her desk on the other replica is closed");
    onB.waitClosed();
    assertEquals(401, b.request(HttpMethod.GET, "/api/agents/me", kristin, null).statusCode());
  }

  @Test
  void aCustomerOnOneReplicaReachesTheirAgentOnTheOtherAndTheReplyComesBack() {
    String kristin = a.createAgent("Kristin Lavransdatter", "kristin@acme.test").getString("token");
    b.atDesk(kristin);
    FrameSocket stream = b.stream(kristin);
    ChatVisitor ann = a.newVisitor();
    String conversation = ann.say("Hello from replica A").getString("conversationId");
    JsonObject received = stream.next(f -> "message.received".equals(f.getString("event")), "the message, live on B");
    assertEquals(conversation, received.getJsonObject("data").getString("conversationId"));

    b.post("/api/conversations/" + conversation + "/messages", kristin, new JsonObject().put("text", "Hi Ann!"), 202);
    JsonObject reply = ann.reply();
    assertEquals("Hi Ann!", reply.getString("text"), "written on B, delivered to the visitor's socket on A");
    assertEquals("Kristin Lavransdatter", reply.getJsonObject("author").getString("name"));
    stream.close();
    ann.close();
  }

  @Test
  void whatAVisitorWritesInATabOnOneReplicaShowsInTheirOtherTabOnTheOther() {
    a.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
    ChatVisitor firstTab = a.newVisitor();
    firstTab.say("Bonjour, je n’ai pas reçu ma commande n° 4512");
    ChatVisitor secondTab = b.visitor(firstTab.token());
    secondTab.welcome();

    JsonObject said = firstTab.say("Elle devait arriver mardi.");
    JsonObject echo = secondTab.socket.next("echo");
    assertEquals("Elle devait arriver mardi.", echo.getString("text"), "the other tab, on replica B, shows it");
    assertEquals(said.getString("messageId"), echo.getString("messageId"));
    secondTab.say("Je suis joignable au 06 98 76 54 32.");
    assertEquals("Je suis joignable au 06 98 76 54 32.", firstTab.socket.next("echo").getString("text"), "and back");
    firstTab.close();
    secondTab.close();
  }

  @Test
  void theFollowUpFiresOnceAcrossBothReplicas() throws Exception {
    String kristin = a.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
    ChatVisitor ann = a.newVisitor();
    String conversation = ann.say("Question").getString("conversationId");
    b.post("/api/conversations/" + conversation + "/resolve", kristin, null, 200);
    clock.advance(Duration.ofDays(7));
    CompletableFuture<Integer> onA = CompletableFuture.supplyAsync(a::runDueJobs);
    CompletableFuture<Integer> onB = CompletableFuture.supplyAsync(b::runDueJobs);
    int fired = onA.get() + onB.get();
    assertTrue(fired <= 1, "never twice");
    long deadline = System.currentTimeMillis() + 5_000;
    while (a.get("/api/admin/jobs?kind=follow-up&state=done", ADMIN).getJsonArray("items").isEmpty()
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50); // the schedulers' own ticks may be the ones that claim it
    }
    assertEquals(1, a.get("/api/admin/jobs?kind=follow-up&state=done", ADMIN).getJsonArray("items").size());
    assertTrue(ann.reply().getString("text").contains("is everything still fine?"));
    ann.socket.expectNone(f -> "message".equals(f.getString("type")), "a second check-in", 500);
    ann.close();
  }

  @Test
  void whenAReplicaGoesAwayTheVisitorReconnectsToTheOtherAndReachesTheSameAgent() {
    String kristin = a.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
    ChatVisitor ann = a.newVisitor();
    ann.say("First, on A");
    String token = ann.token();
    a.close();
    ann.socket.waitClosed();

    FrameSocket stream = b.stream(kristin);
    ChatVisitor back = b.visitor(token);
    assertEquals("First, on A", back.welcome().getJsonArray("history").getJsonObject(0).getString("text"),
        "nothing acknowledged on A is lost");
    back.say("Then, on B");
    JsonObject seen = stream.next(f -> "message.received".equals(f.getString("event"))
        && "Then, on B".equals(f.getJsonObject("data").getJsonObject("message").getString("text")), "on B");
    assertEquals(b.get("/api/agents/me", kristin).getString("id"),
        b.get("/api/conversations/" + seen.getJsonObject("data").getString("conversationId"), ADMIN)
            .getJsonObject("conversation").getString("agentId"), "the same agent");
    stream.close();
    back.close();
  }

  @Test
  void withoutAChatSecretSetReplicasShareOneSoAVisitorMovingBetweenThemStaysTheSameCustomer() {
    Vertx third = Vertx.vertx();
    Map<String, String> unset = Map.of("RELAY_STORE", "redis", "RELAY_REDIS_URL", redis.url());
    TestGateway c = TestGateway.start(third, dir.resolve("c"), unset, clock);
    TestGateway d = TestGateway.start(third, dir.resolve("d"), unset, clock);
    try {
      c.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
      ChatVisitor ann = c.newVisitor();
      ann.say("Bonjour, c'est Ann, sur la première réplique");
      String token = ann.token();
      ann.close();
      for (TestGateway replica : List.of(d, c, d)) {
        ChatVisitor back = replica.visitor(token);
        assertEquals("Bonjour, c'est Ann, sur la première réplique",
            back.welcome().getJsonArray("history").getJsonObject(0).getString("text"), "the same customer on every replica");
        back.close();
      }
      assertEquals(1, d.get("/api/conversations", ADMIN).getJsonArray("items").size(), "one conversation, not one per replica");
      assertTrue(redis.cli("EXISTS", "{relay}:secret:chat-secret").endsWith("1"), "kept in the shared store");
    } finally {
      c.close();
      d.close();
      Await.result(third.close());
    }
  }

  @Test
  void rulesSavedOnOneReplicaAreUsedByTheOther() throws Exception {
    var saved = a.request(HttpMethod.PUT, "/api/admin/routing-rules", ADMIN, """
        version: 1
        rules:
          - name: everyone-to-vip
            when: "true"
            then: { team: vip }
        """, Map.of("Content-Type", "application/yaml", "If-Match", "\"1\""));
    assertEquals(200, saved.statusCode(), saved.bodyAsString());
    String team = null;
    long deadline = System.currentTimeMillis() + 5_000;
    while (!"vip".equals(team) && System.currentTimeMillis() < deadline) {
      team = b.post("/api/admin/routing-rules/simulate", ADMIN, new JsonObject(), 200)
          .getJsonObject("decision").getString("team");
      Thread.sleep(20);
    }
    assertEquals("vip", team, "B applies the rules A saved");
  }

  @Test
  void textsSavedOnOneReplicaAreWhatTheOtherSays() {
    var saved = a.request(HttpMethod.PUT, "/api/admin/texts/fr-CA", ADMIN, new JsonObject().put("overrides",
        new JsonObject().put("widget.launcher", "Clavardez avec nous!")));
    assertEquals(200, saved.statusCode(), saved.bodyAsString());
    Promise<String> seen = Promise.promise();
    var client = b.vertx().createHttpClient();
    long poll = b.vertx().setPeriodic(20, id -> client
        .request(HttpMethod.GET, b.port(), "localhost", "/chat/texts?locale=fr-CA")
        .compose(request -> request.send().compose(response -> response.body()))
        .onSuccess(body -> {
          String launcher = body.toJsonObject().getJsonObject("texts").getString("launcher");
          if ("Clavardez avec nous!".equals(launcher)) {
            seen.tryComplete(launcher);
          }
        }));
    try {
      assertEquals("Clavardez avec nous!", Await.result(seen.future()), "B's widget says what A's admin wrote");
    } finally {
      b.vertx().cancelTimer(poll);
      client.close();
    }
    assertEquals(1, b.get("/api/admin/texts/fr-CA", ADMIN).getLong("version"), "one history in the shared store");
  }

  @Test
  void withRedisDownNothingIsAcknowledgedAndAfterItComesBackEveryAcknowledgedMessageIsThere() throws Exception {
    String kristin = a.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
    ChatVisitor ann = a.newVisitor();
    String conversation = ann.say("Before the outage").getString("conversationId");

    redis.kill();
    assertEquals(503, a.request(HttpMethod.GET, "/health/ready", null, null).statusCode(), "not ready without Redis");
    assertEquals(503, b.request(HttpMethod.GET, "/api/conversations", kristin, null).statusCode(), "a clear 503");
    ann.socket.send(new JsonObject().put("type", "message").put("clientId", "during").put("text", "During the outage"));
    JsonObject refused = ann.socket.next(f -> "error".equals(f.getString("type")) || "ack".equals(f.getString("type")),
        "the answer to a message sent during the outage");
    assertEquals("error", refused.getString("type"), "not acknowledged: " + refused);
    assertEquals("unavailable", refused.getString("code"), "a retryable error");
    Map<String, String> text = Map.of("MessageSid", "SM" + "9".repeat(32), "AccountSid", TwilioTestServer.ACCOUNT_SID,
        "From", "+442079460123", "To", TwilioGatewayTestCase.NUMBER, "Body", "Texted during the outage", "NumMedia", "0");
    assertEquals(503, twilio.post(TwilioGatewayTestCase.PUBLIC + "/webhooks/twilio/sms", b.port(), text,
        TwilioTestServer.AUTH_TOKEN).statusCode(), "the SMS webhook answers 503, so Twilio retries it");

    redis.restart();
    long deadline = System.currentTimeMillis() + 10_000;
    while (a.request(HttpMethod.GET, "/health/ready", null, null).statusCode() != 200
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(200, a.request(HttpMethod.GET, "/health/ready", null, null).statusCode(), "ready again");
    ann.socket.send(new JsonObject().put("type", "message").put("clientId", "during").put("text", "During the outage"));
    ann.socket.next(f -> "ack".equals(f.getString("type")) && "during".equals(f.getString("clientId")), "the retry");
    ann.socket.send(new JsonObject().put("type", "message").put("clientId", "during").put("text", "During the outage"));
    ann.socket.next(f -> "ack".equals(f.getString("type")) && f.getBoolean("duplicate"), "a second retry, a duplicate");
    List<String> texts = b.get("/api/conversations/" + conversation, ADMIN).getJsonArray("messages").stream()
        .map(m -> ((JsonObject) m).getString("text")).toList();
    assertEquals(List.of("Before the outage", "During the outage"), texts, "every acknowledged message, once (AOF)");
    assertEquals(200, twilio.post(TwilioGatewayTestCase.PUBLIC + "/webhooks/twilio/sms", b.port(), text,
        TwilioTestServer.AUTH_TOKEN).statusCode(), "Twilio's retry is taken");
    ann.close();
  }
}
