package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** After a resolution the customer is asked, once, to rate it 1–5; the answer is kept for the conversation and its agent. */
class SatisfactionTest extends GatewayTestCase {

  static final String ADMIN = TestGateway.ADMIN_TOKEN;
  String kristin;

  @BeforeEach
  void agent() {
    kristin = gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
  }

  /** A visitor whose conversation Kristin resolved; returns the conversation id. */
  String resolved(ChatVisitor visitor) {
    String conversation = visitor.say("My parcel is late").getString("conversationId");
    gateway.post("/api/conversations/" + conversation + "/resolve", kristin, null, 200);
    JsonObject survey = visitor.socket.next(f -> "notice".equals(f.getString("type"))
        && f.getString("text").contains("How did we do?"), "the survey");
    assertEquals("Thank you for talking with Kristin Lavransdatter. How did we do? Reply with a number from 1 (poor) "
        + "to 5 (excellent).", survey.getString("text"));
    return conversation;
  }

  JsonObject satisfaction(String conversation) {
    return gateway.get("/api/conversations/" + conversation, kristin).getJsonObject("conversation").getJsonObject("satisfaction");
  }

  @Test
  void aScoreIsRecordedForTheAgentWithoutReopeningTheConversation() {
    ChatVisitor ann = gateway.newVisitor();
    String conversation = resolved(ann);
    FrameSocket stream = gateway.stream(kristin);
    ann.say("5 stars!");
    ann.socket.next(f -> "notice".equals(f.getString("type")) && f.getString("text").equals("Thank you for your answer."),
        "thanks");

    JsonObject rated = satisfaction(conversation);
    assertEquals(5, rated.getInteger("score"));
    assertEquals(gateway.get("/api/agents/me", kristin).getString("id"), rated.getString("agentId"));
    JsonObject detail = gateway.get("/api/conversations/" + conversation, kristin);
    assertEquals("resolved", detail.getJsonObject("conversation").getString("status"), "a rating does not reopen it");
    assertEquals(1, detail.getJsonArray("upcoming").size(), "nor cancel the follow-up");
    JsonObject seen = stream.next(f -> "message.received".equals(f.getString("event"))
        && "5 stars!".equals(f.getJsonObject("data").getJsonObject("message").getString("text")), "the rating");
    assertEquals(conversation, seen.getJsonObject("data").getString("conversationId"), "Kristin sees it in that timeline");

    JsonObject report = gateway.get("/api/admin/satisfaction", ADMIN).getJsonArray("items").getJsonObject(0);
    assertEquals("Kristin Lavransdatter", report.getString("name"));
    assertEquals(1, report.getInteger("asked"));
    assertEquals(1, report.getInteger("responses"));
    assertEquals(5.0, report.getDouble("average"));
    assertEquals(List.of(0, 0, 0, 0, 1), report.getJsonArray("scores").getList());
    assertEquals(report, gateway.get("/api/agents/me/satisfaction", kristin), "Kristin sees her own figures");

    String again = ann.say("1").getString("conversationId");
    assertTrue(!conversation.equals(again), "answered already: a later number is an ordinary message, a new conversation");
    assertEquals(5, satisfaction(conversation).getInteger("score"), "and the score stays");
    stream.close();
    ann.close();
  }

  @Test
  void anythingButABareScoreIsAnOrdinaryMessage() {
    ChatVisitor ann = gateway.newVisitor();
    String conversation = resolved(ann);
    String next = ann.say("I would give 4 but the parcel is still not here").getString("conversationId");
    assertNull(satisfaction(conversation).getInteger("score"));
    assertTrue(!conversation.equals(next), "it starts a new conversation with Kristin, as any message would");
    assertEquals(0, gateway.get("/api/admin/jobs?kind=follow-up&state=pending", ADMIN).getJsonArray("items").size(),
        "the customer wrote: the follow-up is cancelled as always");
    ann.close();
  }

  @Test
  void aLateAnswerIsAnOrdinaryMessage() {
    ChatVisitor ann = gateway.newVisitor();
    String conversation = resolved(ann);
    gateway.clock.advance(Duration.ofDays(8));
    ann.say("3");
    assertNull(satisfaction(conversation).getInteger("score"), "a week has passed: '3' is not taken as an answer");
    JsonObject report = gateway.get("/api/admin/satisfaction", ADMIN).getJsonArray("items").getJsonObject(0);
    assertEquals(0, report.getInteger("responses"));
    assertNull(report.getValue("average"));
    ann.close();
  }
}
