package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The promise of Relay end to end: one customer, one named agent, every visit, also after a restart. */
class DedicatedAgentJourneyTest extends GatewayTestCase {

  String kristin;
  String olav;

  @BeforeEach
  void agents() {
    kristin = gateway.createAgent("Kristin Lavransdatter", "kristin@acme.test").getString("token");
    gateway.clock.advance(Duration.ofMinutes(1));
    olav = gateway.createAgent("Olav Audunsson", "olav@acme.test").getString("token");
    gateway.atDesk(kristin);
    gateway.atDesk(olav);
  }

  @Test
  void returningVisitorReachesTheSameNamedAgentDaysLaterAndAfterARestart() {
    FrameSocket kristinStream = gateway.stream(kristin);
    FrameSocket olavStream = gateway.stream(olav);

    // First customer: both agents are idle, the longest-serving one takes them.
    ChatVisitor ann = gateway.newVisitor();
    assertNull(ann.welcome().getValue("agent"), "nobody owns a first-time visitor yet");
    assertNull(ann.welcome().getValue("conversationId"));
    JsonObject annAck = ann.say("Hello, my order has not arrived");
    assertEquals("Kristin Lavransdatter will answer you.", ann.notice().getString("text"));
    JsonObject assigned = kristinStream.next(f -> "conversation.assigned".equals(f.getString("event")), "assigned");
    assertEquals(annAck.getString("conversationId"),
        assigned.getJsonObject("data").getJsonObject("conversation").getString("id"));
    kristinStream.next(f -> "message.received".equals(f.getString("event")), "Ann's message");

    // Second customer goes to the least-loaded online agent.
    ChatVisitor ben = gateway.newVisitor();
    JsonObject benAck = ben.say("My invoice is wrong");
    String firstConversation = benAck.getString("conversationId");
    assertEquals("Olav Audunsson will answer you.", ben.notice().getString("text"));
    JsonObject received = olavStream.next(f -> "message.received".equals(f.getString("event")), "Ben's message");
    assertEquals("My invoice is wrong", received.getJsonObject("data").getJsonObject("message").getString("text"));
    kristinStream.expectNone(f -> "message.received".equals(f.getString("event")), "Ben's message at Kristin", 300);

    // Olav answers under his own name; Ben sees it live; Olav learns it was delivered.
    JsonObject sent = gateway.post("/api/conversations/" + firstConversation + "/messages", olav,
        new JsonObject().put("text", "Sorry about that, I am correcting it now."), 202);
    assertEquals("queued", sent.getString("status"));
    assertEquals("Olav Audunsson", sent.getJsonObject("author").getString("name"));
    JsonObject reply = ben.reply();
    assertEquals("Sorry about that, I am correcting it now.", reply.getString("text"));
    assertEquals(new JsonObject().put("kind", "agent").put("name", "Olav Audunsson"), reply.getJsonObject("author"));
    JsonObject status = olavStream.next(f -> "message.status".equals(f.getString("event")), "delivery status");
    assertEquals("delivered", status.getJsonObject("data").getString("status"));

    JsonObject resolved = gateway.post("/api/conversations/" + firstConversation + "/resolve", olav, null, 200);
    assertEquals("resolved", resolved.getString("status"));
    gateway.post("/api/conversations/" + annAck.getString("conversationId") + "/resolve", kristin, null, 200);
    String benToken = ben.token();
    ben.close();

    // Three days later both agents are idle again: a new customer would go to Kristin, Ben goes to Olav.
    gateway.clock.advance(Duration.ofDays(3));
    ChatVisitor benAgain = gateway.visitor(benToken);
    assertEquals(new JsonObject().put("name", "Olav Audunsson").put("available", true),
        benAgain.welcome().getJsonObject("agent"));
    assertNull(benAgain.welcome().getValue("conversationId"), "the old conversation was resolved");
    assertEquals(0, benAgain.welcome().getJsonArray("history").size(), "a resolved conversation is not replayed");
    JsonObject again = benAgain.say("The invoice is wrong again");
    String secondConversation = again.getString("conversationId");
    assertNotEquals(firstConversation, secondConversation);
    olavStream.next(f -> "message.received".equals(f.getString("event")), "Ben's return");

    JsonObject detail = gateway.get("/api/conversations/" + secondConversation, olav);
    assertEquals("Olav Audunsson", detail.getJsonObject("owner").getString("name"));
    assertEquals(gateway.clock.instant().toString(),
        detail.getJsonArray("messages").getJsonObject(0).getString("at"));
    assertEquals(404, gateway.request(HttpMethod.GET, "/api/conversations/" + secondConversation, kristin, null)
        .statusCode(), "another agent's customers do not exist for Kristin");
    benAgain.close();
    kristinStream.close();
    olavStream.close();

    // After a restart on the same data directory, Ben resumes his open conversation with Olav.
    gateway.restart();
    ChatVisitor afterRestart = gateway.visitor(benToken);
    assertEquals("Olav Audunsson", afterRestart.welcome().getJsonObject("agent").getString("name"));
    assertEquals(secondConversation, afterRestart.welcome().getString("conversationId"));
    JsonObject shown = afterRestart.welcome().getJsonArray("history").getJsonObject(0);
    assertEquals("The invoice is wrong again", shown.getString("text"), "a reloaded page shows the open conversation");
    assertEquals("visitor", shown.getJsonObject("author").getString("kind"));
    assertEquals(1, afterRestart.welcome().getJsonArray("history").size());
    assertEquals(secondConversation, afterRestart.say("Are you there?").getString("conversationId"));
    FrameSocket olavAfter = gateway.stream(olav);
    JsonObject last = olavAfter.next(f -> "message.received".equals(f.getString("event"))
        && "Are you there?".equals(f.getJsonObject("data").getJsonObject("message").getString("text")), "after restart");
    assertNotNull(last.getString("id"));
    JsonObject list = gateway.get("/api/conversations?status=open", olav);
    assertEquals(1, list.getJsonArray("items").size());
    assertEquals(2, gateway.get("/api/conversations/" + secondConversation, olav).getJsonArray("messages").size(),
        "both of Ben's messages since his return, across the restart, in one conversation");
    afterRestart.close();
    olavAfter.close();
  }

  @Test
  void repliesWrittenWhileTheVisitorWasAwayAreDeliveredWhenTheyReturn() {
    ChatVisitor ann = gateway.newVisitor();
    String conversation = ann.say("Can you call me back tomorrow?").getString("conversationId");
    String token = ann.token();
    ann.close();

    JsonObject sent = gateway.post("/api/conversations/" + conversation + "/messages", kristin,
        new JsonObject().put("text", "Of course, at ten."), 202);

    ChatVisitor back = gateway.visitor(token);
    JsonObject missed = back.reply();
    assertEquals(sent.getString("id"), missed.getString("messageId"));
    assertEquals("Of course, at ten.", missed.getString("text"));
    assertEquals("Kristin Lavransdatter", missed.getJsonObject("author").getString("name"));
    JsonObject stored = gateway.get("/api/conversations/" + conversation, kristin).getJsonArray("messages").getJsonObject(1);
    long deadline = System.currentTimeMillis() + 5_000;
    while (!"delivered".equals(stored.getString("status")) && System.currentTimeMillis() < deadline) {
      stored = gateway.get("/api/conversations/" + conversation, kristin).getJsonArray("messages").getJsonObject(1);
    }
    assertEquals("delivered", stored.getString("status"));
    back.close();
  }

  @Test
  void aMessageResentWithTheSameClientIdIsStoredOnce() {
    ChatVisitor ann = gateway.newVisitor();
    JsonObject frame = new JsonObject().put("type", "message").put("clientId", "same-1").put("text", "Hello?");
    ann.socket.send(frame);
    JsonObject first = ann.socket.next("ack");
    ann.socket.send(frame);
    JsonObject second = ann.socket.next("ack");
    assertEquals(first.getString("messageId"), second.getString("messageId"));
    assertTrue(second.getBoolean("duplicate"));
    assertEquals(1, gateway.get("/api/conversations/" + first.getString("conversationId"), TestGateway.ADMIN_TOKEN)
        .getJsonArray("messages").size());
    ann.close();
  }
}
