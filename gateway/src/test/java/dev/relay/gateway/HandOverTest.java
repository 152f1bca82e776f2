package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.connector.twilio.TwilioTestServer;
import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.TestGateway;
import dev.relay.gateway.support.TwilioGatewayTestCase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Kristin leaves: everything she holds goes to a colleague or her team, at once and audited, or nothing moves. */
class HandOverTest extends TwilioGatewayTestCase {

  private static final String ADMIN = TestGateway.ADMIN_TOKEN;

  String kristinId;
  String kristin;
  String olavId;
  String olav;
  String sigridId;

  @BeforeEach
  void team() {
    JsonObject k = gateway.createAgent("Kristin Lavransdatter", "kristin@acme.test");
    kristinId = k.getJsonObject("agent").getString("id");
    kristin = k.getString("token");
    gateway.request(HttpMethod.PATCH, "/api/admin/agents/" + kristinId, ADMIN, new JsonObject().put("phone", "+33 1 42 68 53 00"));
    gateway.atDesk(kristin);
    gateway.clock.advance(Duration.ofMinutes(1));
    JsonObject o = gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", "Olav Audunsson")
        .put("email", "olav@acme.test").put("team", "Facturation"), 201);
    olavId = o.getJsonObject("agent").getString("id");
    olav = o.getString("token");
    gateway.clock.advance(Duration.ofMinutes(1));
    sigridId = gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", "Sigrid Undset")
        .put("email", "sigrid@acme.test").put("team", "facturation"), 201).getJsonObject("agent").getString("id");
  }

  private HttpResponse<Buffer> handOver(String from, JsonObject body) {
    return gateway.request(HttpMethod.POST, "/api/admin/agents/" + from + "/handover", ADMIN, body);
  }

  private String ownerOf(String customerId) {
    return gateway.get("/api/admin/customers/" + customerId, ADMIN).getString("ownerId");
  }

  private String customerOf(String conversation) {
    return gateway.get("/api/conversations/" + conversation, ADMIN).getJsonObject("customer").getString("id");
  }

  private List<JsonObject> pendingCallsOf(String agentId) {
    return gateway.get("/api/admin/jobs?state=pending&agent=" + agentId, ADMIN).getJsonArray("items").stream()
        .map(JsonObject.class::cast).toList();
  }

  @Test
  void everythingSheHoldsGoesToOlavAndHerCustomersHearHisName() {
    FrameSocket olavDesk = gateway.stream(olav);
    ChatVisitor ann = gateway.visitor(new JsonObject().put("locale", "en"));
    String annConversation = ann.say("Bonjour, ma facture de mars est fausse.").getString("conversationId");
    ann.notice();
    gateway.post("/api/conversations/" + annConversation + "/callbacks", kristin,
        new JsonObject().put("at", "2026-03-03T10:00:00Z").put("phone", "+33 6 98 76 54 32"), 201);
    assertTrue(ann.notice().getString("text").startsWith("Kristin Lavransdatter will call you"));
    ChatVisitor ben = gateway.visitor(new JsonObject().put("locale", "en"));
    String benConversation = ben.say("Hello, my parcel never came.").getString("conversationId");
    ben.notice();
    gateway.post("/api/conversations/" + benConversation + "/resolve", kristin, null, 200);
    assertEquals(2, pendingCallsOf(kristinId).size(), "her callback for Ann and her follow-up with Ben");
    String annId = customerOf(annConversation);
    String benId = customerOf(benConversation);

    JsonObject moved = gateway.post("/api/admin/agents/" + kristinId + "/handover", ADMIN,
        new JsonObject().put("agentId", olavId), 200);
    assertEquals(2, moved.getInteger("customers"));
    assertEquals(1, moved.getInteger("conversations"));
    assertEquals(2, moved.getInteger("calls"));
    assertEquals(Map.of(olavId, 2), moved.getJsonObject("to").getMap());

    assertEquals(olavId, ownerOf(annId));
    assertEquals(olavId, ownerOf(benId));
    assertTrue(pendingCallsOf(kristinId).isEmpty());
    assertEquals(2, pendingCallsOf(olavId).size(), "the callback and the follow-up are his to make");
    JsonObject assigned = olavDesk.next(f -> "conversation.assigned".equals(f.getString("event")), "Ann's conversation");
    assertEquals(annConversation, assigned.getJsonObject("data").getJsonObject("conversation").getString("id"));
    assertEquals(404, gateway.request(HttpMethod.GET, "/api/conversations/" + annConversation, kristin, null).statusCode(),
        "Kristin no longer reads what is not hers");
    List<JsonObject> audit = gateway.get("/api/admin/audit", ADMIN).getJsonArray("items").stream()
        .map(JsonObject.class::cast).toList();
    assertEquals(Map.of(annId, "handover", benId, "handover"), audit.stream()
        .filter(e -> "customer.reassigned".equals(e.getString("action")))
        .collect(Collectors.toMap(e -> e.getString("target"), e -> e.getJsonObject("details").getString("reason"))));
    assertTrue(audit.stream().anyMatch(e -> "agent.handover".equals(e.getString("action"))
        && kristinId.equals(e.getString("target"))));

    ann.say("Alors, cette facture ?");
    assertEquals("Olav Audunsson is now your dedicated agent and will answer you.", ann.notice().getString("text"));
    gateway.post("/api/conversations/" + annConversation + "/messages", olav,
        new JsonObject().put("text", "Bonjour Ann, c'est Olav : je corrige la facture."), 202);
    assertEquals("Olav Audunsson", ann.reply().getJsonObject("author").getString("name"));
    olavDesk.close();
    ann.close();
    ben.close();
  }

  @Test
  void aTeamShareHerCustomersLeastLoadedFirst() {
    List<ChatVisitor> visitors = new java.util.ArrayList<>();
    for (String text : List.of("Ma commande n'est pas arrivée", "Où est mon colis ?", "Facture en double", "Remboursement")) {
      ChatVisitor v = gateway.visitor(new JsonObject().put("locale", "en"));
      v.say(text);
      v.notice();
      visitors.add(v);
    }
    JsonObject moved = gateway.post("/api/admin/agents/" + kristinId + "/handover", ADMIN,
        new JsonObject().put("team", "Facturation"), 200);
    assertEquals(4, moved.getInteger("customers"));
    assertEquals(Map.of(olavId, 2, sigridId, 2), moved.getJsonObject("to").getMap());
    visitors.forEach(ChatVisitor::close);
  }

  @Test
  void aRefusedHandOverSaysWhyAndMovesNothing() {
    ChatVisitor ann = gateway.visitor(new JsonObject().put("locale", "en"));
    String conversation = ann.say("Bonjour, j'ai une question sur mon abonnement.").getString("conversationId");
    ann.notice();
    String annId = customerOf(conversation);

    assertEquals(404, handOver("agt_nobody", new JsonObject().put("agentId", olavId)).statusCode());
    assertRefused(422, "one of them", handOver(kristinId, new JsonObject()));
    assertRefused(422, "one of them", handOver(kristinId, new JsonObject().put("agentId", olavId).put("team", "facturation")));
    assertRefused(422, "agentId: no agent agt_nobody", handOver(kristinId, new JsonObject().put("agentId", "agt_nobody")));
    assertRefused(422, "cannot hand over to themselves", handOver(kristinId, new JsonObject().put("agentId", kristinId)));
    assertRefused(422, "unknown field", handOver(kristinId, new JsonObject().put("agent", olavId)));
    assertRefused(409, "has no other active agent", handOver(kristinId, new JsonObject().put("team", "ventes")));
    gateway.post("/api/admin/agents/" + sigridId + "/deactivate", ADMIN, null, 200);
    assertRefused(409, "Sigrid Undset was deactivated", handOver(kristinId, new JsonObject().put("agentId", sigridId)));
    assertEquals(kristinId, ownerOf(annId), "nothing moved");
    assertEquals(200, gateway.request(HttpMethod.GET, "/api/conversations/" + conversation, kristin, null).statusCode());
    assertTrue(gateway.get("/api/admin/audit", ADMIN).getJsonArray("items").stream()
        .noneMatch(e -> "agent.handover".equals(((JsonObject) e).getString("action"))));

    // After she left, her customers can still be handed over: that is when it matters most.
    gateway.post("/api/admin/agents/" + kristinId + "/deactivate", ADMIN, null, 200);
    assertEquals(1, gateway.post("/api/admin/agents/" + kristinId + "/handover", ADMIN,
        new JsonObject().put("team", "facturation"), 200).getInteger("customers"), "Olav, the only one left in the team");
    assertEquals(olavId, ownerOf(annId));
    ann.close();
  }

  @Test
  void aThousandCustomersMoveInOneCallAndNobodyIsLost() {
    gateway.request(HttpMethod.PATCH, "/api/admin/agents/" + kristinId, ADMIN, new JsonObject().put("capacity", 1000));
    for (int i = 0; i < 1000; i++) {
      String from = String.format("+3369876%04d", i);
      assertEquals(200, text("SM" + String.format("%032d", i), from, "Bonjour, ma box ne marche plus (" + i + ")",
          TwilioTestServer.AUTH_TOKEN).statusCode());
    }
    long started = System.nanoTime();
    JsonObject moved = gateway.post("/api/admin/agents/" + kristinId + "/handover", ADMIN,
        new JsonObject().put("team", "facturation"), 200);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, () -> "took " + took);
    assertEquals(1000, moved.getInteger("customers"));
    assertEquals(1000, moved.getInteger("conversations"));
    assertEquals(Map.of(olavId, 500, sigridId, 500), moved.getJsonObject("to").getMap());
    List<JsonObject> audit = gateway.get("/api/admin/audit?limit=1000", ADMIN).getJsonArray("items").stream()
        .map(JsonObject.class::cast).filter(e -> "customer.reassigned".equals(e.getString("action"))).toList();
    assertEquals(1000, audit.stream().map(e -> e.getString("target")).distinct().count(), "each move audited");
    assertEquals(500, gateway.get("/api/conversations?status=open&limit=1000", olav).getJsonArray("items").size());
    assertTrue(gateway.get("/api/conversations", kristin).getJsonArray("items").isEmpty());
    assertEquals(1000, gateway.get("/api/conversations?status=open&limit=1000", ADMIN).getJsonArray("items").size(), "nobody lost");
  }

  private static void assertRefused(int status, String reason, HttpResponse<Buffer> response) {
    assertEquals(status, response.statusCode(), response::bodyAsString);
    assertTrue(response.bodyAsString().contains(reason), () -> "no '" + reason + "' in " + response.bodyAsString());
  }
}
