package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An admin runs a team: edits an agent, gives a new token, lets one leave; the one who left is locked out at once. */
class AgentLifecycleTest extends GatewayTestCase {

  private static final String ADMIN = TestGateway.ADMIN_TOKEN;

  String kristinId;
  String kristin;
  String olavId;
  String olav;

  @BeforeEach
  void agents() {
    JsonObject k = gateway.createAgent("Kristin Lavransdatter", "kristin@acme.test");
    kristinId = k.getJsonObject("agent").getString("id");
    kristin = k.getString("token");
    gateway.clock.advance(Duration.ofMinutes(1));
    JsonObject o = gateway.createAgent("Olav Audunsson", "olav@acme.test");
    olavId = o.getJsonObject("agent").getString("id");
    olav = o.getString("token");
  }

  private HttpResponse<Buffer> patch(String id, String token, JsonObject body) {
    return gateway.request(HttpMethod.PATCH, "/api/admin/agents/" + id, token, body);
  }

  private JsonObject agent(String id) {
    return gateway.get("/api/admin/agents/" + id, ADMIN);
  }

  private List<String> auditActions() {
    return gateway.get("/api/admin/audit", ADMIN).getJsonArray("items").stream()
        .map(e -> ((JsonObject) e).getString("action")).toList();
  }

  @Test
  void anAdminEditsAnAgentAndEveryBadFieldIsNamedWithNothingChanged() {
    JsonObject edited = gateway.ok(patch(kristinId, ADMIN, new JsonObject()
        .put("name", "Kristin Lavransdatter-Nilsen").put("phone", "+33 6 98 76 54 32").put("team", "Facturation")
        .put("skills", new JsonArray().add("billing").add("French")).put("languages", new JsonArray().add("fr"))
        .put("capacity", 12).put("role", "supervisor")), 200);
    assertEquals("Kristin Lavransdatter-Nilsen", edited.getString("name"));
    assertEquals("+33698765432", edited.getString("phone"));
    assertEquals("facturation", edited.getString("team"));
    assertEquals(List.of("billing", "french"), edited.getJsonArray("skills").getList());
    assertEquals(12, edited.getInteger("capacity"));
    assertEquals("supervisor", edited.getString("role"));
    assertEquals("kristin@acme.test", edited.getString("email"), "a field left out keeps its value");
    assertTrue(auditActions().contains("agent.edited"));

    HttpResponse<Buffer> bad = patch(kristinId, ADMIN, new JsonObject().put("name", "").put("email", "pas une adresse")
        .put("phone", "12").put("capacity", 0).put("role", "boss").put("salary", 3000));
    assertEquals(422, bad.statusCode());
    String details = bad.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").encode();
    for (String field : List.of("name:", "email:", "phone:", "capacity:", "role:", "salary:")) {
      assertTrue(details.contains(field), () -> field + " is not named in " + details);
    }
    assertEquals("Kristin Lavransdatter-Nilsen", agent(kristinId).getString("name"), "nothing changed");
    assertEquals(12, agent(kristinId).getInteger("capacity"));

    HttpResponse<Buffer> taken = patch(kristinId, ADMIN, new JsonObject().put("email", "Olav@acme.test"));
    assertEquals(409, taken.statusCode());
    assertEquals("agent_exists", taken.bodyAsJsonObject().getJsonObject("error").getString("code"));
    assertEquals(404, patch("agt_nobody", ADMIN, new JsonObject().put("capacity", 3)).statusCode());
    assertEquals(400, gateway.request(HttpMethod.PATCH, "/api/admin/agents/" + kristinId, ADMIN, "{\"name\":").statusCode());
  }

  @Test
  void onlyAdminsManageAgents() {
    gateway.ok(patch(kristinId, ADMIN, new JsonObject().put("role", "supervisor")), 200);
    String supervisor = kristin;
    for (String token : List.of(olav, supervisor)) {
      assertEquals(403, patch(olavId, token, new JsonObject().put("capacity", 50)).statusCode(), "agent or supervisor");
      assertEquals(403, gateway.request(HttpMethod.POST, "/api/admin/agents/" + olavId + "/token", token, null).statusCode());
      assertEquals(403, gateway.request(HttpMethod.POST, "/api/admin/agents/" + olavId + "/deactivate", token, null)
          .statusCode());
      assertEquals(403, gateway.request(HttpMethod.POST, "/api/admin/agents/" + olavId + "/handover", token,
          new JsonObject().put("agentId", kristinId)).statusCode());
    }
    assertEquals(5, agent(olavId).getInteger("capacity"), "nothing changed");
    assertEquals(401, patch(olavId, "rat_not-a-real-token", new JsonObject().put("capacity", 50)).statusCode());

    gateway.ok(patch(olavId, ADMIN, new JsonObject().put("role", "admin")), 200);
    assertEquals(200, patch(kristinId, olav, new JsonObject().put("capacity", 8)).statusCode(), "an agent made admin may");
    JsonObject entry = gateway.get("/api/admin/audit", ADMIN).getJsonArray("items").getJsonObject(0);
    assertEquals("agent:" + olavId, entry.getString("actor"), "the audit names which admin it was");
  }

  @Test
  void aNewTokenLocksTheOldOneOutAtOnceAlsoOnItsOpenStream() {
    FrameSocket desk = gateway.stream(kristin);
    JsonObject replaced = gateway.post("/api/admin/agents/" + kristinId + "/token", ADMIN, null, 200);
    String fresh = replaced.getString("token");
    assertNotEquals(kristin, fresh);

    assertEquals(401, gateway.request(HttpMethod.GET, "/api/agents/me", kristin, null).statusCode());
    JsonObject signedOut = desk.next("error");
    assertEquals("signed_out", signedOut.getString("code"));
    desk.waitClosed();
    assertEquals((short) 1008, desk.closeStatus());
    assertEquals("Kristin Lavransdatter", gateway.get("/api/agents/me", fresh).getString("name"));
    FrameSocket again = gateway.stream(fresh);
    again.expectNone(f -> "error".equals(f.getString("type")), "the new token's stream is refused", 300);
    again.close();
    assertTrue(auditActions().contains("agent.token-replaced"));
    assertEquals(404, gateway.request(HttpMethod.POST, "/api/admin/agents/agt_nobody/token", ADMIN, null).statusCode());
  }

  @Test
  void aDeactivatedAgentIsSignedOutEverywhereNeverRoutedToAndKeepsTheirHistory() {
    gateway.atDesk(kristin);
    FrameSocket desk = gateway.stream(kristin);
    ChatVisitor ann = gateway.visitor(new JsonObject().put("locale", "en"));
    String conversation = ann.say("Bonjour, ma facture de mars est fausse.").getString("conversationId");
    assertEquals("Kristin Lavransdatter will answer you.", ann.notice().getString("text"));
    gateway.post("/api/conversations/" + conversation + "/messages", kristin,
        new JsonObject().put("text", "Je regarde ça tout de suite, Ann."), 202);
    ann.reply();

    JsonObject gone = gateway.post("/api/admin/agents/" + kristinId + "/deactivate", ADMIN, null, 200);
    assertEquals(1, gone.getInteger("customersToHandOver"), "the admin learns who still needs a new agent");
    assertEquals("offline", gone.getJsonObject("agent").getString("presence"));

    assertEquals("signed_out", desk.next("error").getString("code"));
    desk.waitClosed();
    assertEquals(401, gateway.request(HttpMethod.GET, "/api/conversations", kristin, null).statusCode());
    assertEquals(401, gateway.request(HttpMethod.PUT, "/api/agents/me/presence", kristin,
        new JsonObject().put("status", "online")).statusCode(), "cannot come back online");
    assertEquals(409, gateway.request(HttpMethod.POST, "/api/admin/agents/" + kristinId + "/deactivate", ADMIN, null)
        .statusCode(), "already gone");
    assertEquals(409, patch(kristinId, ADMIN, new JsonObject().put("capacity", 3)).statusCode(), "history is not edited");
    assertEquals(409, gateway.request(HttpMethod.POST, "/api/admin/agents/" + kristinId + "/token", ADMIN, null)
        .statusCode(), "no new token for someone who left");

    // Ann writes again: Olav, online, becomes her agent; she is told his name.
    gateway.atDesk(olav);
    ann.say("Vous êtes là ?");
    assertEquals("Olav Audunsson is now your dedicated agent and will answer you.", ann.notice().getString("text"));
    JsonObject detail = gateway.get("/api/conversations/" + conversation, olav);
    assertEquals("Olav Audunsson", detail.getJsonObject("owner").getString("name"));
    JsonObject earlier = detail.getJsonArray("messages").stream().map(JsonObject.class::cast)
        .filter(m -> "outbound".equals(m.getString("direction"))).findFirst().orElseThrow();
    assertEquals("Kristin Lavransdatter", earlier.getJsonObject("author").getString("name"), "her reply stays hers");
    assertTrue(auditActions().containsAll(List.of("agent.deactivated", "customer.reassigned")));

    // A new customer is never routed to her.
    ChatVisitor ben = gateway.visitor(new JsonObject().put("locale", "en"));
    ben.say("Hello, where is my parcel?");
    assertEquals("Olav Audunsson will answer you.", ben.notice().getString("text"));
    ann.close();
    ben.close();
  }
}
