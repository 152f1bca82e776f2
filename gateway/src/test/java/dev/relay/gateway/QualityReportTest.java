package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.connector.twilio.TwilioTestServer;
import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.Eventually;
import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.TestGateway;
import dev.relay.gateway.support.TwilioGatewayTestCase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The report per agent and team, computed from a known week of work: every figure is checked
 * exactly. Paris (Olav, Ingrid) and Montréal (Kristin); customers text from French numbers.
 */
class QualityReportTest extends TwilioGatewayTestCase {

  static final String ADMIN = TestGateway.ADMIN_TOKEN;
  static final String A = "+33698765401";
  static final String B = "+33698765402";
  static final String C = "+33698765403";
  static final String D = "+33698765404";
  static final String E = "+33698765405";

  String olav;
  String ingrid;
  String kristin;
  String sigrid;
  int texts;

  @Override
  protected Map<String, String> extraEnv() {
    return Map.of("RELAY_TWILIO_TIMEOUT", "PT5S");
  }

  private String agent(String name, String email, String team, String phone) {
    JsonObject body = new JsonObject().put("name", name).put("email", email).put("team", team);
    if (phone != null) {
      body.put("phone", phone);
    }
    return gateway.post("/api/admin/agents", ADMIN, body, 201).getString("token");
  }

  private void advanceTo(String at) {
    gateway.clock.advance(Duration.between(gateway.clock.instant(), Instant.parse(at)));
  }

  /** {@code from} texts; answers the conversation it lands in, once its agent was told. */
  private String texted(String agent, String from, String body) {
    FrameSocket stream = gateway.stream(agent);
    text("SM" + String.format("%032d", ++texts), from, body, TwilioTestServer.AUTH_TOKEN);
    String conversation = stream.next(f -> "message.received".equals(f.getString("event"))
            && body.equals(f.getJsonObject("data").getJsonObject("message").getString("text")), "the text")
        .getJsonObject("data").getString("conversationId");
    stream.close();
    return conversation;
  }

  private void reply(String agent, String conversation, String text) {
    gateway.post("/api/conversations/" + conversation + "/messages", agent, new JsonObject().put("text", text), 202);
  }

  private void resolveAndRate(String agent, String conversation, String from, String answer) {
    gateway.post("/api/conversations/" + conversation + "/resolve", agent, null, 200);
    Eventually.get(() -> gateway.get("/api/conversations/" + conversation, ADMIN).getJsonObject("conversation")
        .getJsonObject("satisfaction"), "the survey asked");
    if (answer != null) {
      text("SM" + String.format("%032d", ++texts), from, answer, TwilioTestServer.AUTH_TOKEN);
      Eventually.get(() -> gateway.get("/api/conversations/" + conversation, ADMIN).getJsonObject("conversation")
          .getJsonObject("satisfaction").getInteger("score"), "the score kept");
    }
  }

  /** The call placed to {@code customer} (its latest), connected, and its dial ended with {@code status}. */
  private void callEnds(String customer, String status) {
    TwilioTestServer.Recorded call = calls().stream().filter(c -> c.form().get("Url").contains("customer=%2B" + customer.substring(1)))
        .reduce((first, second) -> second).orElseThrow(() -> new AssertionError("no call to " + customer));
    String xml = twilio.post(call.form().get("Url"), gateway.port(), Map.of("CallSid", "CA" + "7".repeat(32)),
        TwilioTestServer.AUTH_TOKEN).bodyAsString();
    String dialed = xml.replaceAll("(?s).*action=\"([^\"]+)\".*", "$1").replace("&amp;", "&");
    assertEquals(200, twilio.post(dialed, gateway.port(), Map.of("DialCallStatus", status, "DialCallDuration",
        "completed".equals(status) ? "180" : "0", "CallSid", "CA" + "7".repeat(32)), TwilioTestServer.AUTH_TOKEN).statusCode());
  }

  private JsonObject report(String token, String query) {
    return gateway.get("/api/quality/report" + query, token);
  }

  private static JsonObject row(JsonObject report, String list, String key, String value) {
    return report.getJsonArray(list).stream().map(JsonObject.class::cast).filter(r -> value.equals(r.getString(key)))
        .findFirst().orElseThrow(() -> new AssertionError(value + " not in " + report.encode()));
  }

  private static JsonObject figures(JsonObject report, String agentName) {
    return row(report, "agents", "name", agentName).getJsonObject("figures");
  }

  @Test
  void theFiguresOfAKnownWeekAreExactAndEachAgentSeesTheirOwnOnly() {
    olav = agent("Olav Audunsson", "olav@acme.test", "paris", "+33612345670");
    ingrid = agent("Ingrid Bergman", "ingrid@acme.test", "paris", "+33612345671");
    kristin = agent("Kristin Lavransdatter", "kristin@acme.test", "montreal", null);
    sigrid = gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", "Sigrid Undset")
        .put("email", "sigrid@acme.test").put("role", "supervisor"), 201).getString("token");

    // Monday 2 March: Olav answers A in 4 min, B in 10, C in 60; A rates 4, B 2, C does not answer the survey.
    gateway.atDesk(olav);
    String a = texted(olav, A, "Bonjour, ma box internet ne s’allume plus");
    gateway.clock.advance(Duration.ofMinutes(4));
    reply(olav, a, "Bonjour, pouvez-vous la débrancher une minute ?");
    resolveAndRate(olav, a, A, "4");
    advanceTo("2026-03-02T09:10:00Z");
    String b = texted(olav, B, "Ma facture de février est fausse");
    gateway.clock.advance(Duration.ofMinutes(10));
    reply(olav, b, "Je corrige la facture tout de suite.");
    resolveAndRate(olav, b, B, "2 sur 5");
    advanceTo("2026-03-02T09:30:00Z");
    String c = texted(olav, C, "Je voudrais résilier mon abonnement");
    gateway.clock.advance(Duration.ofMinutes(60));
    reply(olav, c, "C’est fait, vous recevrez une confirmation.");
    resolveAndRate(olav, c, C, null);
    gateway.presence(olav, "offline");

    // Kristin answers a chat visitor in 5 min; they give 5 stars.
    gateway.atDesk(kristin);
    ChatVisitor f = gateway.newVisitor();
    String fConversation = f.say("Hello, can I change my delivery address?").getString("conversationId");
    gateway.clock.advance(Duration.ofMinutes(5));
    reply(kristin, fConversation, "Yes, I have changed it for you.");
    gateway.post("/api/conversations/" + fConversation + "/resolve", kristin, null, 200);
    f.socket.next(frame -> "notice".equals(frame.getString("type")) && frame.getString("text").contains("How did we do?"),
        "the survey");
    f.say("5 étoiles, merci !");
    f.close();
    gateway.presence(kristin, "offline");

    // Ingrid answers D in 2 min and leaves E waiting.
    gateway.atDesk(ingrid);
    String d = texted(ingrid, D, "Mon colis est arrivé abîmé");
    gateway.clock.advance(Duration.ofMinutes(2));
    reply(ingrid, d, "Désolée ! Je vous envoie un bon de retour.");
    String e = texted(ingrid, E, "Est-ce que vous livrez en Belgique ?");

    JsonObject monday = report(sigrid, "?from=2026-03-02&to=2026-03-02");
    assertEquals("2026-03-02", monday.getString("from"));
    assertEquals(new JsonObject().put("answered", 3).put("waiting", 0).put("medianSeconds", 600).put("averageSeconds", 1480),
        figures(monday, "Olav Audunsson").getJsonObject("firstResponse"), "240 s, 600 s, 3600 s");
    assertEquals(new JsonObject().put("asked", 3).put("answered", 2).put("average", 3.0)
        .put("scores", new JsonArray(List.of(0, 1, 0, 1, 0))), figures(monday, "Olav Audunsson").getJsonObject("csat"));
    assertEquals(new JsonObject().put("answered", 1).put("waiting", 1).put("medianSeconds", 120).put("averageSeconds", 120),
        figures(monday, "Ingrid Bergman").getJsonObject("firstResponse"), "E still waits");
    assertEquals(300, figures(monday, "Kristin Lavransdatter").getJsonObject("firstResponse").getInteger("medianSeconds"));
    assertEquals(5.0, figures(monday, "Kristin Lavransdatter").getJsonObject("csat").getDouble("average"));
    JsonObject paris = row(monday, "teams", "team", "paris");
    assertEquals(2, paris.getInteger("agents"));
    assertEquals(new JsonObject().put("answered", 4).put("waiting", 1).put("medianSeconds", 420).put("averageSeconds", 1140),
        paris.getJsonObject("figures").getJsonObject("firstResponse"), "the team's median is of all four answers");
    assertEquals(3.0, paris.getJsonObject("figures").getJsonObject("csat").getDouble("average"));
    assertEquals(1, row(monday, "teams", "team", "montreal").getJsonObject("figures").getJsonObject("csat").getInteger("answered"));

    // Thursday: C writes again before the follow-up, which is cancelled.
    advanceTo("2026-03-05T10:00:00Z");
    text("SM" + String.format("%032d", ++texts), C, "Finalement je garde l’abonnement", TwilioTestServer.AUTH_TOKEN);
    Eventually.get(() -> gateway.get("/api/admin/jobs?kind=follow-up&state=cancelled", ADMIN).getJsonArray("items")
        .isEmpty() ? null : true, "C's follow-up cancelled");

    // Monday 9 March, 11:00: the follow-ups. A answers Olav's call; B never does (three calls, then a text);
    // Kristin writes to her chat visitor (she has no phone).
    advanceTo("2026-03-09T11:00:00Z");
    gateway.runDueJobsButPresence();
    callEnds(A, "completed");
    callEnds(B, "no-answer");
    for (int attempt = 2; attempt <= 3; attempt++) {
      gateway.clock.advance(Duration.ofHours(1));
      gateway.runDueJobsButPresence();
      callEnds(B, "no-answer");
    }
    // Ingrid promises D a call at 10:00 tomorrow and E one at 11:00, which she places at 11:30.
    gateway.post("/api/conversations/" + d + "/callbacks", ingrid, new JsonObject().put("at", "2026-03-10T10:00:00Z"), 201);
    gateway.post("/api/conversations/" + e + "/callbacks", ingrid, new JsonObject().put("at", "2026-03-10T11:00:00Z"), 201);
    // Tuesday 09:00: A writes again, the problem is back.
    advanceTo("2026-03-10T09:00:00Z");
    text("SM" + String.format("%032d", ++texts), A, "Bonjour, la box s’éteint de nouveau ce matin", TwilioTestServer.AUTH_TOKEN);
    advanceTo("2026-03-10T10:00:00Z");
    gateway.runDueJobsButPresence();
    advanceTo("2026-03-10T11:30:00Z");
    gateway.runDueJobsButPresence();
    Eventually.get(() -> calls().stream().filter(call -> call.form().get("Url").contains("customer=%2B" + E.substring(1)))
        .findFirst().orElse(null), "E's callback placed");

    Eventually.get(() -> gateway.get("/api/conversations/" + b, ADMIN).getJsonArray("messages").stream()
        .map(JsonObject.class::cast).filter(m -> "true".equals(m.getJsonObject("attributes").getString("afterCalls")))
        .findFirst().orElse(null), "Olav's text to B after three unanswered calls");
    JsonObject week = report(sigrid, "?from=2026-03-09&to=2026-03-15");
    assertEquals(new JsonObject().put("done", 1).put("notAnswered", 1).put("cancelled", 1).put("reopened", 1),
        figures(week, "Olav Audunsson").getJsonObject("followUps"), "A answered and came back; B never answered; C wrote first");
    assertEquals(new JsonObject().put("done", 1).put("notAnswered", 0).put("cancelled", 0).put("reopened", 0),
        figures(week, "Kristin Lavransdatter").getJsonObject("followUps"), "a check-in written instead of a call is done");
    assertEquals(new JsonObject().put("due", 2).put("onTime", 1), figures(week, "Ingrid Bergman").getJsonObject("callbacks"),
        "10:00 as promised; 11:30 for 11:00 is late");
    assertEquals(new JsonObject().put("due", 0).put("onTime", 0), figures(week, "Olav Audunsson").getJsonObject("callbacks"));
    JsonObject parisWeek = row(week, "teams", "team", "paris").getJsonObject("figures");
    assertEquals(new JsonObject().put("done", 1).put("notAnswered", 1).put("cancelled", 1).put("reopened", 1),
        parisWeek.getJsonObject("followUps"));
    assertEquals(new JsonObject().put("due", 2).put("onTime", 1), parisWeek.getJsonObject("callbacks"));
    assertEquals(report(ADMIN, "?from=2026-03-09&to=2026-03-15"), week, "the admin sees what the supervisor sees");
    // The week before any of it counts nothing: only what happened in the period is counted.
    JsonObject before = figures(report(sigrid, "?from=2026-02-23&to=2026-03-01"), "Olav Audunsson");
    assertEquals(0, before.getJsonObject("firstResponse").getInteger("answered"));
    assertEquals(0, before.getJsonObject("csat").getInteger("asked"));
    assertEquals(new JsonObject().put("done", 0).put("notAnswered", 0).put("cancelled", 0).put("reopened", 0),
        before.getJsonObject("followUps"));

    // An agent sees their own figures, nobody else's, no team's.
    JsonObject own = report(olav, "?from=2026-03-09&to=2026-03-15");
    assertEquals(1, own.getJsonArray("agents").size());
    assertEquals(figures(week, "Olav Audunsson"), figures(own, "Olav Audunsson"));
    assertTrue(own.getJsonArray("teams").isEmpty());
    String ingridId = gateway.get("/api/agents/me", ingrid).getString("id");
    assertEquals(403, gateway.request(HttpMethod.GET, "/api/quality/report?agent=" + ingridId, olav, null).statusCode());
    assertEquals(403, gateway.request(HttpMethod.GET, "/api/quality/report?team=paris", olav, null).statusCode());
    assertEquals(1, report(sigrid, "?agent=" + ingridId + "&from=2026-03-09&to=2026-03-15").getJsonArray("agents").size());
    assertEquals(2, report(sigrid, "?team=paris&from=2026-03-09&to=2026-03-15").getJsonArray("agents").size());

    // Bad periods and names: 422 or 404 with the reason.
    for (String bad : List.of("?from=2026-02-30", "?from=2026-03-09&to=2026-03-01", "?from=2025-01-01&to=2026-03-01",
        "?to=mardi", "?agent=" + ingridId + "&team=paris")) {
      var answer = gateway.request(HttpMethod.GET, "/api/quality/report" + bad, sigrid, null);
      assertEquals(422, answer.statusCode(), bad + ": " + answer.bodyAsString());
    }
    assertTrue(gateway.request(HttpMethod.GET, "/api/quality/report?to=mardi", sigrid, null).bodyAsString()
        .contains("to: a date as YYYY-MM-DD"));
    assertEquals(404, gateway.request(HttpMethod.GET, "/api/quality/report?agent=agt_nobody", sigrid, null).statusCode());
    assertEquals(404, gateway.request(HttpMethod.GET, "/api/quality/report?team=lyon", sigrid, null).statusCode());
    JsonObject byDefault = report(sigrid, "");
    assertEquals("2026-02-11", byDefault.getString("from"), "by default the last 28 days, today included");
    assertEquals("2026-03-10", byDefault.getString("to"));
  }
}
