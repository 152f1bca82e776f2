package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Admins keep the company's and the teams' hours and holidays through the API (stored, not only
 * YAML); they take effect at once. The clock starts on Monday 2 March 2026, 09:00 UTC (10:00 in Paris).
 */
class HoursApiTest extends GatewayTestCase {

  static final String ADMIN = TestGateway.ADMIN_TOKEN;

  HttpResponse<Buffer> put(String path, Object body) {
    return gateway.request(HttpMethod.PUT, path, ADMIN, body);
  }

  @Test
  void companyHoursSavedByAnAdminCloseTheDeskAtSixAndSurviveARestart() {
    String kristin = gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.fr");
    assertEquals(200, put("/api/admin/hours/company",
        PresenceTest.PARIS_OFFICE.copy().put("holidays", List.of("2026-05-01", "2026-12-24..2026-12-26"))).statusCode());
    JsonObject hours = gateway.get("/api/admin/hours", ADMIN);
    assertEquals("Europe/Paris", hours.getJsonObject("company").getString("timezone"));
    assertEquals(List.of("2026-05-01", "2026-12-24..2026-12-26"), hours.getJsonObject("company").getJsonArray("holidays").getList());
    assertEquals("company", gateway.get("/api/agents/me/hours", kristin).getString("source"), "her desk shows where hers come from");
    assertEquals("hours.changed", gateway.get("/api/admin/audit", ADMIN).getJsonArray("items").getJsonObject(0).getString("action"));

    gateway.restart();
    gateway.clock.advance(Duration.ofHours(11).plusMinutes(30)); // 21:30 in Paris
    gateway.runDueJobs();
    assertEquals("closed", gateway.get("/api/agents/me", kristin).getString("reachability"), "the saved hours, after a restart");
    ChatVisitor visitor = gateway.newVisitor();
    assertEquals("2026-03-03T08:00:00Z", visitor.welcome().getJsonObject("availability").getString("back"));
    visitor.close();
  }

  @Test
  void aTeamKeepsItsOwnHoursAndHolidaysOnTopOfTheCompanys() {
    String olav = gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", "Olav Audunsson")
        .put("email", "olav@acme.ca").put("team", "quebec"), 201).getString("token");
    gateway.atDesk(olav);
    assertEquals(200, put("/api/admin/hours/company", PresenceTest.PARIS_OFFICE).statusCode());
    JsonObject montreal = new JsonObject().put("timezone", "America/Toronto")
        .put("week", new JsonObject().put("mon", List.of("09:00-17:00"))).put("holidays", List.of("2026-06-24"));
    assertEquals(200, put("/api/admin/hours/teams/quebec", montreal).statusCode());
    assertEquals("team", gateway.get("/api/agents/me/hours", olav).getString("source"));
    assertEquals("closed", gateway.get("/api/agents/me", olav).getString("reachability"), "04:00 in Montréal");
    gateway.clock.advance(Duration.ofHours(5));
    gateway.runDueJobs();
    assertEquals("here", gateway.get("/api/agents/me", olav).getString("reachability"), "09:00 in Montréal");
    gateway.clock.advance(Duration.ofHours(3).plusMinutes(30));
    gateway.runDueJobs();
    assertEquals("here", gateway.get("/api/agents/me", olav).getString("reachability"), "12:30 in Montréal, 18:30 in Paris");

    assertEquals(200, gateway.request(HttpMethod.DELETE, "/api/admin/hours/teams/quebec", ADMIN, null).statusCode());
    assertEquals("company", gateway.get("/api/agents/me/hours", olav).getString("source"), "the team follows the company again");
    assertEquals("closed", gateway.get("/api/agents/me", olav).getString("reachability"), "18:30 in Paris: closed");
  }

  @Test
  void badHoursAreRefusedWithEveryProblemAndChangeNothing() {
    assertEquals(200, put("/api/admin/hours/company", PresenceTest.PARIS_OFFICE).statusCode());
    HttpResponse<Buffer> bad = put("/api/admin/hours/company", new JsonObject().put("timezone", "Paris")
        .put("week", new JsonObject().put("lun", List.of("9h-18h")).put("tue", List.of("18:00-09:00")))
        .put("holidays", List.of("25/12/2026")));
    assertEquals(422, bad.statusCode());
    String problems = bad.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").encode();
    assertTrue(problems.contains("timezone") && problems.contains("lun") && problems.contains("18:00-09:00")
        && problems.contains("25/12/2026"), problems);
    assertEquals(400, put("/api/admin/hours/teams/quebec", "{\"timezone\": ").statusCode(), "not JSON");
    assertEquals(422, put("/api/admin/hours/teams/" + "%C3%A9quipe%201", PresenceTest.PARIS_OFFICE).statusCode(),
        "not a team name");
    assertEquals("Europe/Paris", gateway.get("/api/admin/hours", ADMIN).getJsonObject("company").getString("timezone"),
        "nothing changed");
    assertEquals(403, gateway.request(HttpMethod.PUT, "/api/admin/hours/company",
        gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.fr"), PresenceTest.PARIS_OFFICE).statusCode(),
        "admins only");
  }
}
