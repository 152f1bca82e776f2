package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A supervisor sees who is online and how loaded, who waits and for how long, and which first answers are late. */
class SupervisorBoardTest extends GatewayTestCase {

  private static final String ADMIN = TestGateway.ADMIN_TOKEN;

  @Test
  void theBoardShowsLoadWaitingCustomersAndTargetsAtRiskThenMissed() {
    String kristin = gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
    gateway.clock.advance(Duration.ofMinutes(1));
    JsonObject sigrid = gateway.createAgent("Sigrid Undset", "sigrid@acme.test");
    String sigridId = sigrid.getJsonObject("agent").getString("id");
    gateway.ok(gateway.request(HttpMethod.PATCH, "/api/admin/agents/" + sigridId, ADMIN,
        new JsonObject().put("role", "supervisor")), 200);
    String supervisor = sigrid.getString("token");

    ChatVisitor ann = gateway.visitor(new JsonObject().put("locale", "en"));
    String annConversation = ann.say("Bonjour, ma facture de mars est fausse.").getString("conversationId");
    gateway.clock.advance(Duration.ofMinutes(5));
    ChatVisitor ben = gateway.visitor(new JsonObject().put("locale", "en"));
    String benConversation = ben.say("Hello, where is my parcel?").getString("conversationId");
    gateway.post("/api/conversations/" + benConversation + "/messages", kristin,
        new JsonObject().put("text", "It leaves the warehouse today, Ben."), 202);
    gateway.clock.advance(Duration.ofMinutes(45));

    JsonObject board = gateway.get("/api/supervisor/board", supervisor);
    JsonObject kristinRow = rows(board.getJsonArray("agents")).stream()
        .filter(a -> "Kristin Lavransdatter".equals(a.getString("name"))).findFirst().orElseThrow();
    assertEquals("online", kristinRow.getString("presence"));
    assertEquals("here", kristinRow.getString("reachability"), "at her desk, in hours: she can answer");
    assertEquals(2, kristinRow.getInteger("load"));
    assertEquals(5, kristinRow.getInteger("capacity"));
    List<JsonObject> waiting = rows(board.getJsonArray("waiting"));
    assertEquals(1, waiting.size(), "Ben was answered; Ann waits");
    JsonObject annRow = waiting.get(0);
    assertEquals(annConversation, annRow.getString("conversationId"));
    assertEquals("Kristin Lavransdatter", annRow.getString("agentName"));
    assertEquals(50 * 60, annRow.getLong("waitingSeconds"));
    assertEquals("at_risk", annRow.getString("target"), "ten minutes left of the hour");

    gateway.clock.advance(Duration.ofMinutes(10));
    JsonObject later = gateway.get("/api/supervisor/board", ADMIN);
    assertEquals("missed", rows(later.getJsonArray("waiting")).get(0).getString("target"));
    assertEquals(1, later.getJsonObject("targets").getInteger("missed"));

    assertEquals(403, gateway.request(HttpMethod.GET, "/api/supervisor/board", kristin, null).statusCode(),
        "an agent does not see the board");
    assertEquals(200, gateway.request(HttpMethod.GET, "/api/conversations/" + annConversation, supervisor, null)
        .statusCode(), "a supervisor reads every conversation");
    assertEquals(404, gateway.request(HttpMethod.POST, "/api/conversations/" + annConversation + "/messages", supervisor,
        new JsonObject().put("text", "Je prends la main")).statusCode(), "but answering stays the agent's");
    assertEquals(404, gateway.request(HttpMethod.GET, "/api/conversations/" + annConversation,
        gateway.onlineAgent("Olav Audunsson", "olav@acme.test"), null).statusCode(), "another agent does not read it");
    assertTrue(later.getString("at").startsWith("2026-03-02T10:"));
    ann.close();
    ben.close();
  }

  private static List<JsonObject> rows(JsonArray array) {
    return array.stream().map(JsonObject.class::cast).toList();
  }
}
