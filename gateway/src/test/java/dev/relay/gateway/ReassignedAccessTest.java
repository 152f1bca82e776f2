package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When a customer is given to another agent, the agent who had them keeps no access to their history. */
class ReassignedAccessTest extends GatewayTestCase {

  private static final String ADMIN = TestGateway.ADMIN_TOKEN;

  @Test
  void theFormerAgentCanNoLongerReadReopenOrAnswerTheCustomersConversations() {
    String kristin = gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
    gateway.clock.advance(Duration.ofMinutes(1));
    JsonObject olav = gateway.createAgent("Olav Audunsson", "olav@acme.test");
    ChatVisitor ann = gateway.newVisitor();
    String conversation = ann.say("Bonjour, ma facture de mars est fausse.").getString("conversationId");
    String path = "/api/conversations/" + conversation;
    assertEquals(202, gateway.request(HttpMethod.POST, path + "/messages", kristin,
        new JsonObject().put("text", "Je regarde tout de suite.")).statusCode());
    ann.reply();
    gateway.post(path + "/resolve", kristin, null, 200);
    String customerId = gateway.get(path, ADMIN).getJsonObject("customer").getString("id");

    gateway.request(HttpMethod.PUT, "/api/admin/customers/" + customerId + "/agent", ADMIN,
        new JsonObject().put("agentId", olav.getJsonObject("agent").getString("id")));

    assertEquals(404, gateway.request(HttpMethod.GET, path, kristin, null).statusCode(), "no longer readable");
    assertEquals(404, gateway.request(HttpMethod.POST, path + "/reopen", kristin, null).statusCode());
    assertEquals(404, gateway.request(HttpMethod.POST, path + "/messages", kristin,
        new JsonObject().put("text", "Encore moi")).statusCode());
    assertTrue(gateway.get("/api/conversations", kristin).getJsonArray("items").isEmpty(), "not listed either");
    String olavToken = olav.getString("token");
    assertEquals(200, gateway.request(HttpMethod.GET, path, olavToken, null).statusCode(), "the new agent reads it");
    assertEquals(1, gateway.get("/api/conversations", ADMIN).getJsonArray("items").size(), "nothing was removed");
    ann.close();
  }
}
