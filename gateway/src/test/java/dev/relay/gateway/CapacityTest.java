package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Nobody waits behind a free agent, and the expected wait comes from measured first responses. */
class CapacityTest extends GatewayTestCase {

  static final String ADMIN = TestGateway.ADMIN_TOKEN;

  /** Kristin, at her desk, taking {@code capacity} conversations at once; returns her token. */
  String kristin(int capacity) {
    String token = gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", "Kristin Lavransdatter")
        .put("email", "kristin@acme.fr").put("capacity", capacity), 201).getString("token");
    gateway.atDesk(token);
    return token;
  }

  static boolean assigned(JsonObject frame, String conversationId) {
    return "conversation.assigned".equals(frame.getString("event"))
        && conversationId.equals(frame.getJsonObject("data").getJsonObject("conversation").getString("id"));
  }

  @Test
  void aCustomerWaitingWhileKristinIsFullIsHandedToHerTheMomentSheResolvesOne() {
    String kristin = kristin(1);
    FrameSocket desk = gateway.stream(kristin);
    ChatVisitor ann = gateway.newVisitor();
    String anns = ann.say("Bonjour, ma facture est fausse").getString("conversationId");
    assertEquals("Kristin Lavransdatter vous répondra.", ann.notice().getString("text"), "Ann wrote in French");

    ChatVisitor bob = gateway.newVisitor();
    JsonObject header = bob.welcome().getJsonObject("availability");
    assertEquals("busy", header.getString("state"), "she is there, with as many customers as she takes");
    assertNull(header.getValue("minutes"), "nothing measured yet: no estimate");
    String bobs = bob.say("Hello, my parcel is lost").getString("conversationId");
    assertEquals("Thanks, we have your message. Our team is with other customers; the first of us free will answer you here.",
        bob.notice().getString("text"), "not \"the team is away\": she is here");

    gateway.post("/api/conversations/" + anns + "/resolve", kristin, null, 200);
    desk.next(f -> assigned(f, bobs), "Bob's conversation, at once");
    assertEquals("Kristin Lavransdatter will answer you.", bob.notice().getString("text"), "and Bob is told");
    ann.close();
    bob.close();
    desk.close();
  }

  @Test
  void raisingHerCapacityAtRunTimeHandsHerTheCustomerWhoWaits() {
    String kristin = kristin(1);
    String id = gateway.get("/api/agents/me", kristin).getString("id");
    FrameSocket desk = gateway.stream(kristin);
    ChatVisitor ann = gateway.newVisitor();
    ann.say("Bonjour");
    ChatVisitor bob = gateway.newVisitor();
    String bobs = bob.say("Hello, anyone?").getString("conversationId");
    assertTrue(bob.notice().getString("text").contains("with other customers"));

    assertEquals(200, gateway.request(HttpMethod.PATCH, "/api/admin/agents/" + id, ADMIN,
        new JsonObject().put("capacity", 2)).statusCode());
    desk.next(f -> assigned(f, bobs), "Bob's conversation, as soon as she has room");
    assertEquals("Kristin Lavransdatter will answer you.", bob.notice().getString("text"));
    ann.close();
    bob.close();
    desk.close();
  }

  @Test
  void theExpectedWaitIsTheMedianOfMeasuredFirstResponsesAndOnlyOnceThereAreEnough() {
    String kristin = kristin(1);
    for (int i = 1; i <= 5; i++) {
      ChatVisitor visitor = gateway.newVisitor();
      String conversation = visitor.say("Question n° " + i).getString("conversationId");
      gateway.clock.advance(Duration.ofMinutes(i == 5 ? 30 : 4));
      gateway.post("/api/conversations/" + conversation + "/messages", kristin,
          new JsonObject().put("text", "Voici la réponse."), 202);
      gateway.post("/api/conversations/" + conversation + "/messages", kristin,
          new JsonObject().put("text", "Et un complément."), 202);
      gateway.post("/api/conversations/" + conversation + "/resolve", kristin, null, 200);
      visitor.close();
      if (i == 4) {
        ChatVisitor early = gateway.newVisitor();
        early.say("Bonjour");
        ChatVisitor waiting = gateway.newVisitor();
        assertNull(waiting.welcome().getJsonObject("availability").getValue("minutes"), "four measurements say too little");
        waiting.close();
        String earlys = early.say("Merci").getString("conversationId");
        gateway.post("/api/conversations/" + earlys + "/resolve", kristin, null, 200);
        early.close();
      }
    }
    ChatVisitor busy = gateway.newVisitor();
    busy.say("Bonjour");
    ChatVisitor next = gateway.newVisitor();
    assertEquals(4, next.welcome().getJsonObject("availability").getInteger("minutes"),
        "4, 4, 4, 4 and 30 minutes: the median, not the mean; only first replies count");
    next.say("Hello, I need help");
    assertEquals("Thanks, we have your message. Our team is with other customers and will answer you in about 4 minutes.",
        next.socket.next(f -> "notice".equals(f.getString("type")) && f.getString("text").contains("about"), "the estimate")
            .getString("text"));
    String metrics = gateway.request(HttpMethod.GET, "/metrics", ADMIN, null).bodyAsString();
    assertTrue(metrics.contains("relay_first_response_seconds_count 5"), metrics.lines()
        .filter(l -> l.contains("first_response")).toList() + ": five first responses measured");
    busy.close();
    next.close();
  }
}
