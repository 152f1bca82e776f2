package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A customer's conversation waits for their own agent; nobody else picks it up. */
class OwnerAvailabilityTest extends GatewayTestCase {


  @Test
  void anOfflineOwnerIsNamedToTheVisitorAndReceivesTheWaitingConversationWhenBack() {
    String kristin = gateway.createAgent("Kristin Lavransdatter", "kristin@acme.test").getString("token");
    gateway.clock.advance(Duration.ofMinutes(1));
    String olav = gateway.createAgent("Olav Audunsson", "olav@acme.test").getString("token");
    gateway.atDesk(kristin);

    ChatVisitor ann = gateway.newVisitor();
    String first = ann.say("Hi").getString("conversationId");
    gateway.post("/api/conversations/" + first + "/resolve", kristin, null, 200);
    String token = ann.token();
    ann.close();
    gateway.presence(kristin, "offline");
    gateway.atDesk(olav);
    FrameSocket olavStream = gateway.stream(olav);

    ChatVisitor back = gateway.visitor(token);
    JsonObject agent = back.welcome().getJsonObject("agent");
    assertEquals("Kristin Lavransdatter", agent.getString("name"));
    assertFalse(agent.getBoolean("available"));
    String waiting = back.say("Hello again, is Kristin there?").getString("conversationId");
    assertEquals("Kristin Lavransdatter is away right now. If they are not back within 2 minutes, a teammate will answer you.",
        back.notice().getString("text"), "the default rules: wait two minutes for the owner, then a teammate covers");
    gateway.clock.advance(Duration.ofSeconds(119));
    gateway.runDueJobs();
    olavStream.expectNone(f -> "event".equals(f.getString("type")), "any event for Olav", 500);
    assertEquals(404, gateway.request(io.vertx.core.http.HttpMethod.GET, "/api/conversations/" + waiting, olav, null)
        .statusCode());

    gateway.atDesk(kristin);
    FrameSocket kristinStream = gateway.stream(kristin);
    JsonObject assigned = kristinStream.next(f -> "conversation.assigned".equals(f.getString("event"))
        && waiting.equals(f.getJsonObject("data").getJsonObject("conversation").getString("id")), "the waiting conversation");
    assertNull(assigned.getJsonObject("data").getJsonObject("customer").getString("name"),
        "a visitor who gave no name has none (the desk says \"Visitor\" in the agent's language)");
    kristinStream.next(f -> "message.received".equals(f.getString("event"))
        && "Hello again, is Kristin there?".equals(f.getJsonObject("data").getJsonObject("message").getString("text")),
        "the waiting message");
    back.close();
    olavStream.close();
    kristinStream.close();
  }

  @Test
  void afterTheWaitATeammateCoversWhileTheOwnerKeepsTheCustomer() {
    String kristin = gateway.createAgent("Kristin Lavransdatter", "kristin@acme.test").getString("token");
    gateway.clock.advance(Duration.ofMinutes(1));
    String olav = gateway.createAgent("Olav Audunsson", "olav@acme.test").getString("token");
    gateway.atDesk(kristin);
    ChatVisitor ann = gateway.newVisitor();
    String first = ann.say("Hi").getString("conversationId");
    assertEquals("Kristin Lavransdatter will answer you.", ann.notice().getString("text"));
    gateway.post("/api/conversations/" + first + "/resolve", kristin, null, 200);
    assertTrue(ann.notice().getString("text").contains("How did we do?"), "the satisfaction survey");
    gateway.presence(kristin, "away");
    gateway.atDesk(olav);
    FrameSocket olavStream = gateway.stream(olav);

    String second = ann.say("Urgent: my card was blocked").getString("conversationId");
    assertTrue(ann.notice().getString("text").startsWith("Kristin Lavransdatter is away right now."));
    gateway.clock.advance(Duration.ofMinutes(2));
    assertEquals(1, gateway.runDueJobs(), "the owner-wait timer fired");

    JsonObject covered = ann.notice();
    assertEquals("Kristin Lavransdatter is away, so Olav Audunsson from the team will answer you meanwhile.",
        covered.getString("text"));
    assertEquals("Olav Audunsson", covered.getJsonObject("agent").getString("name"));
    olavStream.next(f -> "conversation.assigned".equals(f.getString("event"))
        && second.equals(f.getJsonObject("data").getJsonObject("conversation").getString("id")), "the covered conversation");
    JsonObject detail = gateway.get("/api/conversations/" + second, olav);
    assertEquals("Kristin Lavransdatter", detail.getJsonObject("owner").getString("name"), "ownership stays");
    gateway.post("/api/conversations/" + second + "/messages", olav, new JsonObject().put("text", "I am unblocking it."), 202);
    assertEquals("Olav Audunsson", ann.reply().getJsonObject("author").getString("name"));
    assertEquals(200, gateway.request(io.vertx.core.http.HttpMethod.GET, "/api/conversations/" + second, kristin, null)
        .statusCode(), "the owner still sees her customer's conversation");
    ann.close();
    olavStream.close();
  }

  @Test
  void withNobodyOnlineTheFirstAgentBackBecomesTheOwnerAndIsIntroduced() {
    String kristin = gateway.createAgent("Kristin Lavransdatter", "kristin@acme.test").getString("token");
    ChatVisitor ann = gateway.newVisitor();
    String conversation = ann.say("Anyone there?").getString("conversationId");
    assertEquals("Thanks, we have your message. Our team is away right now; the first of us back will answer you here.",
        ann.notice().getString("text"));
    assertEquals(1, gateway.get("/api/conversations?status=open", TestGateway.ADMIN_TOKEN).getJsonArray("items").size());

    gateway.atDesk(kristin);
    JsonObject introduced = ann.notice();
    assertEquals("Kristin Lavransdatter will answer you.", introduced.getString("text"));
    assertEquals("Kristin Lavransdatter", introduced.getJsonObject("agent").getString("name"));
    FrameSocket stream = gateway.stream(kristin);
    stream.next(f -> "conversation.assigned".equals(f.getString("event")), "assignment");
    JsonObject detail = gateway.get("/api/conversations/" + conversation, kristin);
    assertEquals("Kristin Lavransdatter", detail.getJsonObject("owner").getString("name"));
    ann.close();
    stream.close();
  }
}
