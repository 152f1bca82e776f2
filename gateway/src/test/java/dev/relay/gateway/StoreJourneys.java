package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.connector.twilio.TwilioTestServer;
import dev.relay.gateway.support.Await;
import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.TestGateway;
import dev.relay.gateway.support.TwilioGatewayTestCase;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Journeys where replicas and failures race: the same on both stores ({@link EmbeddedStoreJourneysTest},
 * {@link RedisStoreJourneysTest}). Customers text from French mobile numbers.
 */
abstract class StoreJourneys extends TwilioGatewayTestCase {

  static final String ADMIN = TestGateway.ADMIN_TOKEN;
  static final String CUSTOMER = "+33612345678";
  static final String OLAV_PHONE = "+14155550100";

  /** The jobs run when the test says (runDueJobs), not also on the schedulers' own ticks. */
  @Override
  protected Map<String, String> extraEnv() {
    return Map.of("RELAY_JOBS_TICK", "PT10M");
  }

  String olav() {
    String token = gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", "Olav Audunsson")
        .put("email", "olav@acme.test").put("phone", OLAV_PHONE).put("capacity", 20), 201).getString("token");
    gateway.presence(token, "online");
    return token;
  }

  static boolean event(JsonObject frame, String name) {
    return name.equals(frame.getString("event"));
  }

  List<TwilioTestServer.Recorded> texts(String containing) {
    return twilio.requests().stream().filter(r -> r.path().endsWith("/Messages.json"))
        .filter(r -> r.form().getOrDefault("Body", "").contains(containing)).toList();
  }

  /** "Olav … will answer you", in whichever language the first text was read in. */
  List<TwilioTestServer.Recorded> welcomes() {
    List<TwilioTestServer.Recorded> all = new ArrayList<>(texts("will answer you"));
    all.addAll(texts("vous répondra"));
    return all;
  }

  Future<HttpResponse<Buffer>> sendText(String sid, String from, String body) {
    return twilio.send(PUBLIC + "/webhooks/twilio/sms", gateway.port(), Map.of("MessageSid", sid,
        "AccountSid", TwilioTestServer.ACCOUNT_SID, "From", from, "To", NUMBER, "Body", body, "NumMedia", "0"),
        TwilioTestServer.AUTH_TOKEN);
  }

  static String sid(int n) {
    return "SM" + String.format("%032x", n);
  }

  @Test
  void aFollowUpCallTwilioCannotPlaceIsTriedAgainThenTheOwnerWritesInstead() {
    String olav = olav();
    FrameSocket stream = gateway.stream(olav);
    text(sid(1), CUSTOMER, "Bonjour, ma box ne marche plus depuis ce matin", TwilioTestServer.AUTH_TOKEN);
    String conversation = stream.next(f -> event(f, "message.received"), "the text").getJsonObject("data")
        .getString("conversationId");
    gateway.post("/api/conversations/" + conversation + "/resolve", olav, null, 200);
    gateway.clock.advance(Duration.ofDays(7));

    for (int attempt = 1; attempt <= 3; attempt++) {
      twilio.failNextCalls(500, 1);
      assertEquals(1, gateway.runDueJobs(), "attempt " + attempt + " runs");
      assertEquals(attempt, calls().size(), "Twilio was asked to place call " + attempt);
      JsonArray pending = gateway.get("/api/admin/jobs?state=pending&kind=follow-up", ADMIN).getJsonArray("items");
      if (attempt < 3) {
        assertEquals(1, pending.size(), "the follow-up waits for the next try after attempt " + attempt);
        assertEquals(gateway.clock.instant().plus(Duration.ofHours(1)).toString(), pending.getJsonObject(0).getString("dueAt"));
      } else {
        assertTrue(pending.isEmpty(), "no fourth try");
      }
      gateway.clock.advance(Duration.ofHours(1));
    }
    JsonArray timeline = gateway.get("/api/conversations/" + conversation, olav).getJsonArray("messages");
    List<String> failedCalls = timeline.stream().map(JsonObject.class::cast)
        .filter(m -> "phone".equals(m.getString("channel")) && "failed".equals(m.getString("status")))
        .map(m -> m.getString("text")).toList();
    assertEquals(List.of("Follow-up call by Olav Audunsson", "Follow-up call by Olav Audunsson (attempt 2)",
        "Follow-up call by Olav Audunsson (attempt 3)"), failedCalls, "the agent sees each call that could not be placed");
    long deadline = System.currentTimeMillis() + 5_000;
    while (texts("J’ai essayé de vous appeler").isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.yield();
    }
    assertEquals(1, texts("J’ai essayé de vous appeler").size(), "after the last try the customer is written to, once, in French as they wrote");
    assertEquals(CUSTOMER, texts("J’ai essayé de vous appeler").get(0).form().get("To"));
    assertEquals(0, gateway.runDueJobs(), "and nothing more is tried");
    stream.close();
  }

  @Test
  void threeFirstTextsAtOnceGiveOneAssignmentAndOneWelcomeText() {
    String olav = olav();
    FrameSocket stream = gateway.stream(olav);
    List<Future<HttpResponse<Buffer>>> sent = List.of(
        sendText(sid(11), CUSTOMER, "Bonjour"),
        sendText(sid(12), CUSTOMER, "Ma facture est fausse"),
        sendText(sid(13), CUSTOMER, "Vous pouvez m'aider ?"));
    sent.forEach(f -> assertEquals(200, Await.result(f).statusCode()));
    int received = 0;
    int assigned = 0;
    while (received < 3 || assigned < 1) {
      JsonObject frame = stream.next(f -> event(f, "conversation.assigned") || event(f, "message.received"),
          "three texts and the assignment");
      if (event(frame, "message.received")) {
        received++;
      } else {
        assigned++;
      }
    }
    stream.expectNone(f -> event(f, "conversation.assigned"), "a second assignment", 1_000);
    long deadline = System.currentTimeMillis() + 2_000;
    while (welcomes().isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.yield();
    }
    assertEquals(1, welcomes().size(), "one welcome text, not one per concurrent message");
    assertEquals(1, gateway.get("/api/conversations", ADMIN).getJsonArray("items").size(), "one conversation");
    stream.close();
  }

  @Test
  void tenNewVisitorsTextingThreeTimesAtOnceAreAssignedTenTimes() {
    String olav = olav();
    FrameSocket stream = gateway.stream(olav);
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int visitor = 0; visitor < 10; visitor++) {
      String from = "+3361234560" + visitor;
      for (int text = 0; text < 3; text++) {
        sent.add(sendText(sid(100 + visitor * 3 + text), from, List.of("Bonjour", "J'ai une question", "Merci !").get(text)));
      }
    }
    sent.forEach(f -> assertEquals(200, Await.result(f).statusCode()));
    List<String> assigned = new ArrayList<>();
    int received = 0;
    while (received < 30 || assigned.size() < 10) {
      JsonObject frame = stream.next(f -> event(f, "conversation.assigned") || event(f, "message.received"),
          "30 messages and 10 assignments (so far " + received + " and " + assigned + ")");
      if (event(frame, "conversation.assigned")) {
        assigned.add(frame.getJsonObject("data").getJsonObject("conversation").getString("id"));
      } else {
        received++;
      }
    }
    stream.expectNone(f -> event(f, "conversation.assigned"), "an eleventh assignment", 1_000);
    assertEquals(10, assigned.stream().distinct().count(), "each conversation assigned once: " + assigned);
    stream.close();
  }
}
