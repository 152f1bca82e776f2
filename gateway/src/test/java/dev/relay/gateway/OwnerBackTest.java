package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A teammate covered while the owner was away; the owner comes back (their presence becomes
 * reachable) and gets the conversation back, never in the middle of an exchange: once the customer
 * answered the teammate's last reply, or after the quiet time ({@code presence.handBackQuiet}, 10
 * minutes by default). The customer is told, in their language.
 */
class OwnerBackTest extends GatewayTestCase {

  private static final String ADMIN = TestGateway.ADMIN_TOKEN;

  String kristin;
  String kristinId;
  String olav;
  String olavId;

  /** Ann's second conversation, covered by Olav while Kristin is away, who answered her once. */
  private String coveredConversation(ChatVisitor ann, String first, String second, String olavReply) {
    JsonObject k = gateway.createAgent("Kristin Lavransdatter", "kristin@acme.test");
    kristin = k.getString("token");
    kristinId = k.getJsonObject("agent").getString("id");
    gateway.clock.advance(Duration.ofMinutes(1));
    JsonObject o = gateway.createAgent("Olav Audunsson", "olav@acme.test");
    olav = o.getString("token");
    olavId = o.getJsonObject("agent").getString("id");
    gateway.atDesk(kristin);
    String earlier = ann.say(first).getString("conversationId");
    ann.notice();
    gateway.post("/api/conversations/" + earlier + "/resolve", kristin, null, 200);
    ann.notice(); // the satisfaction survey
    gateway.presence(kristin, "away");
    gateway.atDesk(olav);
    String conversation = ann.say(second).getString("conversationId");
    ann.notice(); // Kristin is away; a teammate answers within two minutes
    gateway.clock.advance(Duration.ofMinutes(2));
    assertEquals(1, gateway.runDueJobsButPresence(), "the owner-wait timer");
    ann.notice(); // Olav answers meanwhile
    gateway.post("/api/conversations/" + conversation + "/messages", olav, new JsonObject().put("text", olavReply), 202);
    ann.reply();
    return conversation;
  }

  private String answering(String conversation) {
    return gateway.get("/api/conversations/" + conversation, ADMIN).getJsonObject("conversation").getString("agentId");
  }

  @Test
  void theOwnerBackGetsTheConversationOnceTheCustomerAnsweredTheTeammate() {
    ChatVisitor ann = gateway.visitor(new JsonObject().put("locale", "en"));
    String conversation = coveredConversation(ann, "Hi", "Urgent: my card was blocked",
        "I am unblocking it now; can you try again at the till?");
    String sigrid = gateway.supervisor("Sigrid Undset", "sigrid@acme.test");
    FrameSocket sigridStream = gateway.stream(sigrid);
    FrameSocket kristinStream = gateway.stream(kristin);

    gateway.clock.advance(Duration.ofMinutes(3));
    gateway.presence(kristin, "online");
    gateway.runDueJobsButPresence();
    assertEquals(olavId, answering(conversation), "Olav's question waits for Ann's answer: no switch mid-exchange");

    ann.say("Yes, it works now. Merci !");
    assertEquals("Kristin Lavransdatter is back and will answer you again.", ann.notice().getString("text"));
    assertEquals(kristinId, answering(conversation));
    kristinStream.next(f -> "conversation.assigned".equals(f.getString("event"))
        && conversation.equals(f.getJsonObject("data").getJsonObject("conversation").getString("id")), "Kristin has it back");
    kristinStream.next(f -> "message.received".equals(f.getString("event"))
        && f.getJsonObject("data").getJsonObject("message").getString("text").startsWith("Yes, it works"),
        "and Ann's answer goes to her");
    JsonObject change = sigridStream.next(f -> "conversation.reassigned".equals(f.getString("event")), "supervisors see it");
    assertEquals("owner back", change.getJsonObject("data").getString("reason"));
    assertEquals(404, gateway.request(HttpMethod.GET, "/api/conversations/" + conversation, olav, null).statusCode(),
        "Olav's cover is over");
    assertTrue(gateway.get("/api/admin/audit?limit=20", ADMIN).getJsonArray("items").stream().map(JsonObject.class::cast)
        .anyMatch(e -> "conversation.handedBack".equals(e.getString("action")) && conversation.equals(e.getString("target"))
            && olavId.equals(e.getJsonObject("details").getString("from"))));
    ann.say("One more thing: can I raise my limit?");
    assertEquals(kristinId, answering(conversation), "it stays with Kristin");
    assertEquals(0, gateway.runDueJobsButPresence(), "nothing left to hand back");
    ann.close();
  }

  @Test
  void afterTheQuietTimeTheConversationGoesBackAndAQuebecCustomerIsToldInFrench() {
    ChatVisitor ann = gateway.visitor(new JsonObject().put("locale", "fr-CA"));
    String conversation = coveredConversation(ann, "Bonjour", "Ma carte est bloquée au dépanneur!",
        "Je la débloque tout de suite; pouvez-vous réessayer?");

    gateway.clock.advance(Duration.ofMinutes(1));
    gateway.atDesk(kristin);
    gateway.runDueJobsButPresence();
    assertEquals(olavId, answering(conversation), "Olav's reply is a minute old");
    gateway.clock.advance(Duration.ofMinutes(8));
    gateway.runDueJobsButPresence();
    assertEquals(olavId, answering(conversation), "nine minutes: not quiet long enough");
    gateway.clock.advance(Duration.ofMinutes(1));
    assertEquals(1, gateway.runDueJobsButPresence());
    assertEquals(kristinId, answering(conversation), "ten quiet minutes after Olav's reply");
    assertEquals("Kristin Lavransdatter est de retour et poursuit la conversation avec vous.", ann.notice().getString("text"));
    ann.close();
  }

  @Test
  void whileTheOwnerIsAwayTheTeammateKeepsTheConversation() {
    ChatVisitor ann = gateway.visitor(new JsonObject().put("locale", "fr"));
    String conversation = coveredConversation(ann, "Bonjour", "Ma carte est bloquée !",
        "Je la débloque ; pouvez-vous réessayer ?");
    ann.say("Ça marche, merci !");
    gateway.clock.advance(Duration.ofHours(2));
    gateway.runDueJobsButPresence();
    assertEquals(olavId, answering(conversation), "Kristin is still away");
    gateway.atDesk(kristin);
    gateway.runDueJobsButPresence();
    assertEquals(kristinId, answering(conversation), "Ann answered Olav: back to Kristin as soon as she is here");
    assertEquals("Kristin Lavransdatter est de retour et reprend votre échange.", ann.notice().getString("text"));
    ann.close();
  }
}
