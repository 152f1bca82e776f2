package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.connector.twilio.TwilioTestServer;
import dev.relay.gateway.support.Eventually;
import dev.relay.gateway.support.RedisCluster;
import dev.relay.gateway.support.RedisServer;
import dev.relay.gateway.support.TestGateway;
import dev.relay.gateway.support.TwilioGatewayTestCase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway on a three-master Redis Cluster while an operator moves half of one master's slots
 * to another ({@code redis-cli --cluster reshard}) and customers keep texting: every text
 * acknowledged to Twilio is in its conversation once, a text refused meanwhile is taken on
 * Twilio's retry, and none is left waiting to be routed (a text leaves that set only once its
 * agent's inbox has it).
 */
@ExtendWith(VertxExtension.class)
class ClusterReshardTest {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterReshardTest.class);
  private static final String ADMIN = TestGateway.ADMIN_TOKEN;
  private static final int CUSTOMERS = 8;
  private static final int SLOTS = 2730;

  @TempDir
  Path dir;
  RedisCluster cluster;
  TwilioTestServer twilio;
  TestGateway gateway;

  @BeforeEach
  void start(Vertx vertx) {
    cluster = RedisCluster.start(dir.resolve("cluster"));
    twilio = TwilioTestServer.start(vertx);
    Map<String, String> env = new HashMap<>(Map.of("RELAY_STORE", "redis", "RELAY_REDIS_TYPE", "cluster",
        "RELAY_REDIS_URL", cluster.urls(), "RELAY_CHAT_SECRET", "cluster-reshard-share-this-secret-0123456789",
        "TWILIO_ACCOUNT_SID", TwilioTestServer.ACCOUNT_SID, "TWILIO_AUTH_TOKEN", TwilioTestServer.AUTH_TOKEN,
        "RELAY_TWILIO_NUMBER", TwilioGatewayTestCase.NUMBER, "RELAY_PUBLIC_URL", TwilioGatewayTestCase.PUBLIC,
        "RELAY_TWILIO_API_BASE", twilio.base(), "RELAY_TWILIO_TIMEOUT", "PT0.5S"));
    gateway = TestGateway.start(vertx, dir.resolve("gateway"), env);
  }

  @AfterEach
  void stop() {
    gateway.close();
    twilio.close();
    cluster.close();
  }

  /** One text as Twilio posts it: the answer's status, or 0 when none came. */
  private Future<Integer> text(String from, String sid, String body) {
    return twilio.send(TwilioGatewayTestCase.PUBLIC + "/webhooks/twilio/sms", gateway.port(), Map.of("MessageSid", sid,
            "AccountSid", TwilioTestServer.ACCOUNT_SID, "From", from, "To", TwilioGatewayTestCase.NUMBER, "Body", body,
            "NumMedia", "0"), TwilioTestServer.AUTH_TOKEN)
        .map(r -> r.statusCode()).otherwise(0);
  }

  /** What one customer's texts got: status by text, and the slowest answer. */
  private record Sent(Map<String, Integer> status, AtomicLong slowestMs, List<long[]> spans) {
  }

  /** A customer texting one text after the other until told to stop. */
  private Future<Void> keepTexting(Vertx vertx, String from, Sent sent, AtomicBoolean stop) {
    Promise<Void> done = Promise.promise();
    vertx.runOnContext(v -> next(from, sent, stop, 0, done));
    return done.future();
  }

  private void next(String from, Sent sent, AtomicBoolean stop, int n, Promise<Void> done) {
    if (stop.get()) {
      done.complete();
      return;
    }
    String body = "Texte " + n + " de " + from + " : toujours pas de réseau";
    long began = System.nanoTime();
    text(from, sid(from, n), body).onComplete(status -> {
      sent.slowestMs().accumulateAndGet((System.nanoTime() - began) / 1_000_000, Math::max);
      sent.status().put(body, status.result());
      sent.spans().add(new long[] {began, System.nanoTime()});
      next(from, sent, stop, n + 1, done);
    });
  }

  /** Polls until {@code count} texts have been answered. */
  private static void awaitAnswers(Sent sent, int count) {
    Eventually.get(() -> sent.status().size() >= count ? true : null, count + " texts answered");
  }

  private static String sid(String from, int n) {
    return "SM" + String.format("%016d%016d", Long.parseLong(from.substring(1)), n);
  }

  @Test
  void aReshardUnderLoadLosesNoAcknowledgedTextAndDoublesNone(Vertx vertx) throws Exception {
    String agent = gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", "Élise Gagnon")
        .put("email", "elise@acme.test").put("capacity", CUSTOMERS), 201).getString("token");
    gateway.atDesk(agent);
    String agentId = gateway.get("/api/agents/me", agent).getString("id");
    List<RedisServer> masters = cluster.masters();
    String from = masters.get(0).cli("CLUSTER", "MYID").strip();
    String to = masters.get(1).cli("CLUSTER", "MYID").strip();

    AtomicBoolean stop = new AtomicBoolean();
    Sent sent = new Sent(new ConcurrentHashMap<>(), new AtomicLong(),
        java.util.Collections.synchronizedList(new ArrayList<>()));
    List<Future<Void>> customers = new ArrayList<>();
    for (int c = 0; c < CUSTOMERS; c++) {
      customers.add(keepTexting(vertx, String.format("+1514555%04d", c), sent, stop));
    }
    awaitAnswers(sent, CUSTOMERS); // load before the move
    long began = System.nanoTime();
    masters.get(0).cli("--cluster", "reshard", "127.0.0.1:" + masters.get(0).port(), "--cluster-from", from,
        "--cluster-to", to, "--cluster-slots", Integer.toString(SLOTS), "--cluster-yes");
    long ended = System.nanoTime();
    long moveMs = (ended - began) / 1_000_000;
    long duringMove = sent.spans().stream().filter(span -> span[0] < ended && span[1] > began).count();
    awaitAnswers(sent, sent.status().size() + CUSTOMERS); // load after the move
    stop.set(true);
    Future.all(customers).toCompletionStage().toCompletableFuture().get();

    Map<Integer, Long> answers = sent.status().values().stream()
        .collect(Collectors.groupingBy(s -> s, Collectors.counting()));
    List<String> acked = sent.status().entrySet().stream().filter(e -> e.getValue() == 200).map(Map.Entry::getKey).toList();
    // Twilio sends again what got no 200; every retry must be taken now that the move is over.
    for (Map.Entry<String, Integer> refused : sent.status().entrySet()) {
      if (refused.getValue() != 200) {
        String body = refused.getKey();
        String number = body.substring(body.indexOf(" de ") + 4, body.indexOf(" : "));
        int n = Integer.parseInt(body.substring("Texte ".length(), body.indexOf(" de ")));
        assertEquals(200, text(number, sid(number, n), body).toCompletionStage().toCompletableFuture().get(),
            "Twilio's retry of a text refused during the move");
      }
    }

    Map<String, Long> stored = storedTexts();
    List<String> lost = acked.stream().filter(body -> !stored.containsKey(body)).toList();
    List<String> doubled = stored.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    gateway.clock.advance(Duration.ofMinutes(2));
    gateway.runDueJobs(); // routing retries, as the next tick runs them
    String unrouted = String.join(" ", masters.stream()
        .map(m -> m.cli("--scan", "--pattern", "*:messages:unrouted")).toList()).strip();
    List<Long> keys = cluster.keysPerMaster();
    LOG.atInfo().addKeyValue("sent", sent.status().size()).addKeyValue("acked", acked.size())
        .addKeyValue("answers", answers).addKeyValue("lost", lost.size()).addKeyValue("doubled", doubled.size())
        .addKeyValue("slotsMoved", SLOTS).addKeyValue("moveMs", moveMs).addKeyValue("inFlightDuringMove", duringMove).addKeyValue("slowestAnswerMs", sent.slowestMs().get())
        .addKeyValue("keysPerMaster", keys).log("reshard under load");

    assertTrue(duringMove >= CUSTOMERS, "texts were on their way while the slots moved: " + duringMove);
    assertEquals(List.of(), lost, "every acknowledged text is in its conversation");
    assertEquals(List.of(), doubled, "no text is stored twice");
    assertEquals(sent.status().size(), stored.size(), "every text, acknowledged or retried, is stored");
    assertEquals("", unrouted, "no text is left waiting to be routed");
    List<String> answering = gateway.get("/api/conversations?limit=100", ADMIN).getJsonArray("items").stream()
        .map(c -> ((JsonObject) c).getJsonObject("conversation").getString("agentId")).toList();
    assertEquals(java.util.Collections.nCopies(CUSTOMERS, agentId), answering, "every conversation is with the agent");
    assertTrue(keys.stream().allMatch(n -> n > 0), "every master holds data: " + keys);
  }

  /** Each text stored, with how many times, from the conversations as the admin sees them. */
  private Map<String, Long> storedTexts() {
    return gateway.get("/api/conversations?limit=100", ADMIN).getJsonArray("items").stream()
        .map(c -> ((JsonObject) c).getJsonObject("conversation").getString("id"))
        .flatMap(id -> gateway.get("/api/conversations/" + id, ADMIN).getJsonArray("messages").stream())
        .map(m -> (JsonObject) m).filter(m -> "inbound".equalsIgnoreCase(m.getString("direction")))
        .collect(Collectors.groupingBy(m -> m.getString("text"), Collectors.counting()));
  }
}
