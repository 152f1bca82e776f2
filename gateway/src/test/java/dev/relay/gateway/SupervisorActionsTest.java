package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A supervisor reassigns a customer and takes a conversation over: the roles that may, the bad
 * inputs that change nothing, the audit, who is told (the agents, the other supervisors, the customer).
 */
class SupervisorActionsTest extends GatewayTestCase {

  private static final String ADMIN = TestGateway.ADMIN_TOKEN;

  String kristin;
  String olavId;
  String olav;
  String sigrid;
  String sigridId;
  ChatVisitor ann;
  String conversation;
  String customer;

  @BeforeEach
  void annWritesToKristin() {
    kristin = gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
    ann = gateway.visitor(new JsonObject().put("locale", "en"));
    conversation = ann.say("Hello, my card was blocked at the till this morning.").getString("conversationId");
    assertEquals("Kristin Lavransdatter will answer you.", ann.notice().getString("text"));
    customer = gateway.get("/api/conversations/" + conversation, kristin).getJsonObject("customer").getString("id");
    JsonObject created = gateway.createAgent("Olav Audunsson", "olav@acme.test");
    olavId = created.getJsonObject("agent").getString("id");
    olav = created.getString("token");
    gateway.atDesk(olav);
    sigrid = gateway.supervisor("Sigrid Undset", "sigrid@acme.test");
    sigridId = gateway.get("/api/agents/me", sigrid).getString("id");
  }

  private HttpResponse<Buffer> reassign(String token, String customerId, JsonObject body) {
    return gateway.request(HttpMethod.POST, "/api/supervisor/customers/" + customerId + "/reassign", token, body);
  }

  private HttpResponse<Buffer> takeOver(String token, String conversationId) {
    return gateway.request(HttpMethod.POST, "/api/supervisor/conversations/" + conversationId + "/takeover", token,
        new JsonObject());
  }

  private static List<Object> details(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").getList();
  }

  private long audited(String action) {
    return gateway.get("/api/admin/audit?limit=50", ADMIN).getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(e -> action.equals(e.getString("action"))).count();
  }

  @Test
  void aSupervisorReassignsACustomerWhoIsToldTheNewNameAtOnce() {
    FrameSocket kristinStream = gateway.stream(kristin);
    FrameSocket olavStream = gateway.stream(olav);
    String admin = gateway.createAgent("Ingrid Admin", "ingrid@acme.test").getString("token");
    gateway.ok(gateway.request(HttpMethod.PATCH, "/api/admin/agents/" + gateway.get("/api/agents/me", admin).getString("id"),
        ADMIN, new JsonObject().put("role", "admin")), 200);
    FrameSocket adminStream = gateway.stream(admin);

    assertEquals(403, reassign(kristin, customer, new JsonObject().put("agentId", olavId)).statusCode(), "agents may not");
    HttpResponse<Buffer> none = reassign(sigrid, customer, new JsonObject());
    assertEquals(422, none.statusCode());
    assertEquals(List.of("agentId: required"), details(none));
    HttpResponse<Buffer> badTell = reassign(sigrid, customer, new JsonObject().put("agentId", olavId).put("tell", "tomorrow"));
    assertEquals(422, badTell.statusCode());
    assertEquals(List.of("tell: must be now or next-contact"), details(badTell));
    HttpResponse<Buffer> unknownAgent = reassign(sigrid, customer, new JsonObject().put("agentId", "agt_nobody"));
    assertEquals(422, unknownAgent.statusCode());
    assertEquals(List.of("agentId: no agent agt_nobody"), details(unknownAgent));
    assertEquals(404, reassign(sigrid, "cus_nobody", new JsonObject().put("agentId", olavId)).statusCode());
    assertEquals(0, audited("customer.reassigned"), "nothing changed");

    JsonObject moved = gateway.ok(reassign(sigrid, customer, new JsonObject().put("agentId", olavId).put("tell", "now")), 200);
    assertEquals(olavId, moved.getString("ownerId"));
    assertEquals("Olav Audunsson is now your dedicated agent and will answer you.", ann.notice().getString("text"));
    olavStream.next(f -> "conversation.assigned".equals(f.getString("event"))
        && conversation.equals(f.getJsonObject("data").getJsonObject("conversation").getString("id")), "Olav gets Ann");
    JsonObject left = kristinStream.next(f -> "conversation.reassigned".equals(f.getString("event")), "Kristin sees Ann go");
    assertEquals(olavId, left.getJsonObject("data").getString("to"));
    JsonObject told = adminStream.next(f -> "conversation.reassigned".equals(f.getString("event")), "the other supervisor");
    assertEquals("supervisor", told.getJsonObject("data").getString("reason"));
    assertEquals(404, gateway.request(HttpMethod.GET, "/api/conversations/" + conversation, kristin, null).statusCode());
    assertEquals(olavId, gateway.get("/api/conversations/" + conversation, olav).getJsonObject("conversation").getString("agentId"));
    assertEquals(1, audited("customer.reassigned"));

    ann.say("Thank you!");
    assertEquals("Olav Audunsson", gateway.get("/api/conversations/" + conversation, olav).getJsonObject("owner")
        .getString("name"));
    assertEquals(200, reassign(ADMIN, customer, new JsonObject().put("agentId", olavId)).statusCode(),
        "the admin token may too; to the owner it is no change");
    assertEquals(1, audited("customer.reassigned"));
    ann.close();
  }

  @Test
  void aDeactivatedAgentCannotBeGivenCustomers() {
    gateway.post("/api/admin/agents/" + olavId + "/deactivate", ADMIN, null, 200);
    HttpResponse<Buffer> refused = reassign(sigrid, customer, new JsonObject().put("agentId", olavId));
    assertEquals(409, refused.statusCode());
    assertTrue(refused.bodyAsString().contains("Olav Audunsson was deactivated"), refused.bodyAsString());
    assertEquals("Kristin Lavransdatter", gateway.get("/api/conversations/" + conversation, kristin).getJsonObject("owner")
        .getString("name"), "nothing changed");
    ann.close();
  }

  @Test
  void aSupervisorTakesAConversationOverAndAnswersItUnderTheirName() {
    FrameSocket kristinStream = gateway.stream(kristin);
    assertEquals(403, takeOver(kristin, conversation).statusCode(), "agents may not");
    assertEquals(403, takeOver(ADMIN, conversation).statusCode(), "the admin token is nobody who could answer");
    assertEquals(404, takeOver(sigrid, "cnv_nobody").statusCode());
    assertEquals(0, audited("conversation.takenOver"));

    JsonObject taken = gateway.ok(takeOver(sigrid, conversation), 200);
    assertEquals(sigridId, taken.getString("agentId"));
    assertEquals("Sigrid Undset is taking over your conversation and will answer you.", ann.notice().getString("text"));
    JsonObject left = kristinStream.next(f -> "conversation.reassigned".equals(f.getString("event")), "Kristin sees it go");
    assertEquals("taken over", left.getJsonObject("data").getString("reason"));
    HttpResponse<Buffer> again = takeOver(sigrid, conversation);
    assertEquals(409, again.statusCode());
    assertTrue(again.bodyAsString().contains("already_yours"), again.bodyAsString());

    gateway.post("/api/conversations/" + conversation + "/messages", sigrid,
        new JsonObject().put("text", "I have unblocked your card; try again at the till."), 202);
    assertEquals("Sigrid Undset", ann.reply().getJsonObject("author").getString("name"));
    ann.say("It works, thanks!");
    assertEquals(sigridId, gateway.get("/api/conversations/" + conversation, sigrid).getJsonObject("conversation")
        .getString("agentId"), "the next message stays with the supervisor");
    assertEquals("Kristin Lavransdatter", gateway.get("/api/conversations/" + conversation, kristin).getJsonObject("owner")
        .getString("name"), "Kristin still owns Ann (and still reads her conversations)");
    assertEquals(1, audited("conversation.takenOver"));

    gateway.post("/api/conversations/" + conversation + "/resolve", sigrid, null, 200);
    HttpResponse<Buffer> resolved = takeOver(gateway.supervisor("Hanne Supervisor", "hanne@acme.test"), conversation);
    assertEquals(409, resolved.statusCode());
    assertTrue(resolved.bodyAsString().contains("resolved"), resolved.bodyAsString());
    ann.close();
  }
}
