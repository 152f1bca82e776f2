package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.TestGateway;
import dev.relay.gateway.support.TwilioGatewayTestCase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The board's calls of the day: callbacks promised and follow-ups due before the company's midnight. */
class SupervisorBoardCallsTest extends TwilioGatewayTestCase {

  @Test
  void theBoardListsTheCallbacksAndFollowUpsDueToday() {
    String kristin = gateway.post("/api/admin/agents", TestGateway.ADMIN_TOKEN, new JsonObject()
        .put("name", "Kristin Lavransdatter").put("email", "kristin@acme.test").put("phone", "+33 1 86 95 42 00"), 201)
        .getString("token");
    gateway.atDesk(kristin);
    ChatVisitor ann = gateway.visitor(new JsonObject().put("locale", "fr"));
    String annConversation = ann.say("Pouvez-vous me rappeler cet après-midi ?").getString("conversationId");
    gateway.post("/api/conversations/" + annConversation + "/callbacks", kristin,
        new JsonObject().put("at", "2026-03-02T15:00:00Z").put("phone", "+33 6 98 76 54 32"), 201);
    ChatVisitor claire = gateway.visitor(new JsonObject().put("locale", "fr-CA"));
    String claireConversation = claire.say("Rappelez-moi jeudi, s’il vous plaît.").getString("conversationId");
    gateway.post("/api/conversations/" + claireConversation + "/callbacks", kristin,
        new JsonObject().put("at", "2026-03-05T15:00:00Z").put("phone", "+1 514 555 0199"), 201);
    ChatVisitor ben = gateway.visitor(new JsonObject().put("locale", "en"));
    String benConversation = ben.say("Hello, my parcel arrived, thanks.").getString("conversationId");
    gateway.post("/api/conversations/" + benConversation + "/resolve", kristin, null, 200);
    String supervisor = gateway.supervisor("Sigrid Undset", "sigrid@acme.test");

    JsonObject today = gateway.get("/api/supervisor/board", supervisor).getJsonObject("today");
    assertEquals(1, today.getInteger("callbacks"), "Claire's is on Thursday: " + today.encode());
    assertEquals(0, today.getInteger("followUps"), "Ben's check-in is in a week");
    JsonObject call = today.getJsonArray("calls").getJsonObject(0);
    assertEquals("callback", call.getString("kind"));
    assertEquals("2026-03-02T15:00:00Z", call.getString("dueAt"));
    assertEquals("Kristin Lavransdatter", call.getString("agentName"));
    assertEquals(false, call.getBoolean("late"));
    assertEquals("2026-03-03T00:00:00Z", today.getString("until"), "today ends at the company's midnight (UTC here)");

    gateway.clock.advance(Duration.ofDays(7));
    JsonObject weekLater = gateway.get("/api/supervisor/board", supervisor).getJsonObject("today");
    assertEquals(1, weekLater.getInteger("followUps"), weekLater.encode());
    assertTrue(weekLater.getJsonArray("calls").stream().map(JsonObject.class::cast)
        .anyMatch(c -> "follow-up".equals(c.getString("kind")) && "Kristin Lavransdatter".equals(c.getString("agentName"))));
    assertEquals(403, gateway.request(HttpMethod.GET, "/api/supervisor/board", kristin, null).statusCode());
    ann.close();
    claire.close();
    ben.close();
  }
}
