package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Admin lists come a bounded page at a time: a large company (or a script's thousand fake visitors) cannot make one answer huge. */
class AdminListsTest extends GatewayTestCase {

  private static final String ADMIN = TestGateway.ADMIN_TOKEN;
  private static final List<String> NAMES = List.of("Élodie Tremblay", "Kristin Lavransdatter", "Marc-André Côté",
      "Zoé Gagnon", "Björn Lefèvre");

  @Test
  void agentsComeAPageAtATimeInTheOrderTheyWereCreated() {
    for (String name : NAMES) {
      gateway.createAgent(name, name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]", "") + "@acme.test");
      gateway.clock.advance(java.time.Duration.ofSeconds(1));
    }
    List<String> seen = new ArrayList<>();
    String next = null;
    int pages = 0;
    do {
      JsonObject page = gateway.get("/api/admin/agents?limit=2" + (next == null ? "" : "&after=" + next), ADMIN);
      JsonArray items = page.getJsonArray("items");
      assertEquals(pages < 2 ? 2 : 1, items.size(), page::encode);
      items.forEach(item -> seen.add(((JsonObject) item).getString("name")));
      next = page.getString("next");
      pages++;
    } while (next != null);
    assertEquals(3, pages);
    assertEquals(NAMES, seen, "every agent once, oldest first");
  }

  @Test
  void theAuditLogHasABoundedDefaultPage() {
    String customer;
    try (ChatVisitor visitor = gateway.newVisitor()) {
      String conversation = visitor.say("Bonjour !").getString("conversationId");
      customer = gateway.get("/api/conversations/" + conversation, ADMIN).getJsonObject("conversation").getString("customerId");
    }
    for (int i = 0; i < 105; i++) {
      gateway.request(HttpMethod.PATCH, "/api/admin/customers/" + customer, ADMIN,
          new JsonObject().put("tags", new JsonArray().add("étiquette-" + i)));
      gateway.clock.advance(java.time.Duration.ofSeconds(1)); // within the API's own rate limit
    }
    JsonObject first = gateway.get("/api/admin/audit", ADMIN);
    assertEquals(100, first.getJsonArray("items").size(), "100 by default");
    assertEquals(new JsonArray().add("étiquette-104"),
        first.getJsonArray("items").getJsonObject(0).getJsonObject("details").getJsonArray("tags"), "newest first");
    JsonObject rest = gateway.get("/api/admin/audit?after=" + first.getString("next"), ADMIN);
    assertEquals(6, rest.getJsonArray("items").size(), "the 105 changes and, first of all, the shipped rules");
    assertEquals(new JsonArray().add("étiquette-0"),
        rest.getJsonArray("items").getJsonObject(4).getJsonObject("details").getJsonArray("tags"));
    assertEquals("routing-rules.saved", rest.getJsonArray("items").getJsonObject(5).getString("action"));
    assertNull(rest.getValue("next"));
  }

  @Test
  void conversationsForAnAdminAreSummarisedAPageAtATime() {
    gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
    for (String text : List.of("Bonjour, où est ma commande ?", "Hello, my invoice is wrong", "Allô, je veux annuler")) {
      try (ChatVisitor visitor = gateway.newVisitor()) {
        visitor.say(text);
      }
      gateway.clock.advance(java.time.Duration.ofMinutes(1));
    }
    JsonObject page = gateway.get("/api/conversations?limit=2", ADMIN);
    assertEquals(2, page.getJsonArray("items").size());
    assertEquals("Allô, je veux annuler", page.getJsonArray("items").getJsonObject(0).getJsonObject("lastMessage")
        .getString("text"), "most recently active first");
    JsonObject last = gateway.get("/api/conversations?limit=2&after=" + page.getString("next"), ADMIN);
    assertEquals("Bonjour, où est ma commande ?", last.getJsonArray("items").getJsonObject(0).getJsonObject("lastMessage")
        .getString("text"));
    assertNull(last.getValue("next"));
  }

  @Test
  void aLimitOrCursorThatMakesNoSenseIsABadRequest() {
    for (String path : List.of("/api/admin/agents", "/api/admin/jobs", "/api/admin/audit", "/api/conversations")) {
      for (String query : List.of("?limit=0", "?limit=1001", "?limit=beaucoup", "?after=pas*un*curseur")) {
        var answer = gateway.request(HttpMethod.GET, path + query, ADMIN, null);
        assertEquals(400, answer.statusCode(), path + query + ": " + answer.bodyAsString());
        assertEquals("bad_query", answer.bodyAsJsonObject().getJsonObject("error").getString("code"), path + query);
      }
    }
  }
}
