package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.TestGateway;
import dev.relay.gateway.support.TwilioGatewayTestCase;
import dev.relay.connector.twilio.TwilioTestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Calls happen when the agent works and the customer's window is open: agents' hours, holidays and
 * leave move follow-ups and callbacks; out of hours the chat widget is offered the next slots.
 * The clock starts on Monday 2 March 2026, 09:00 UTC; London is on UTC until 29 March.
 */
class CallHoursTest extends TwilioGatewayTestCase {

  static final String ADMIN = TestGateway.ADMIN_TOKEN;
  static final String CUSTOMER = "+442079460123";
  static final String OLAV_PHONE = "+14155550100";
  static final JsonObject LONDON_OFFICE = new JsonObject().put("timezone", "Europe/London")
      .put("week", new JsonObject().put("mon", List.of("09:00-17:00")).put("tue", List.of("09:00-17:00"))
          .put("wed", List.of("09:00-17:00")).put("thu", List.of("09:00-17:00")).put("fri", List.of("09:00-17:00")));

  String agent(String name, String email, String phone) {
    String token = gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", name).put("email", email)
        .put("phone", phone).put("team", "care"), 201).getString("token");
    gateway.atDesk(token);
    return token;
  }

  /** A texting customer, owned by the agent whose stream is given, whose conversation that agent resolved. */
  String resolvedConversation(String token, FrameSocket stream) {
    text("SM" + "1".repeat(32), CUSTOMER, "My router is down", TwilioTestServer.AUTH_TOKEN);
    String conversation = stream.next(f -> "message.received".equals(f.getString("event")), "the text")
        .getJsonObject("data").getString("conversationId");
    gateway.post("/api/conversations/" + conversation + "/resolve", token, null, 200);
    return conversation;
  }

  JsonArray pending(String kind) {
    return gateway.get("/api/admin/jobs?state=pending&kind=" + kind, ADMIN).getJsonArray("items");
  }

  @Test
  void agentsKeepTheirOwnHoursAndBadHoursAreRefusedWithNothingChanged() {
    String olav = agent("Olav Audunsson", "olav@acme.test", OLAV_PHONE);
    assertEquals("any-time", gateway.get("/api/agents/me/hours", olav).getString("source"), "nothing configured");

    JsonObject bad = new JsonObject().put("timezone", "Mars/Olympus")
        .put("week", new JsonObject().put("mon", List.of("9 to 5")).put("fri", List.of("17:00-09:00")).put("funday", List.of("x")))
        .put("holidays", List.of("2026-13-01", "2026-12-31..2026-12-24"));
    HttpResponse<Buffer> refused = gateway.request(HttpMethod.PUT, "/api/agents/me/hours", olav, bad);
    assertEquals(422, refused.statusCode());
    String problems = refused.bodyAsString();
    for (String expected : List.of("week.funday: unknown field", "timezone: must be an IANA time zone",
        "week.mon: \\\"9 to 5\\\" is not a range", "week.fri: \\\"17:00-09:00\\\" is not a range",
        "holidays: \\\"2026-13-01\\\" is not a date", "holidays: \\\"2026-12-31..2026-12-24\\\"")) {
      assertTrue(problems.contains(expected), expected + " in " + problems);
    }
    assertEquals("any-time", gateway.get("/api/agents/me/hours", olav).getString("source"), "nothing was changed");

    JsonObject mine = gateway.request(HttpMethod.PUT, "/api/agents/me/hours", olav,
        LONDON_OFFICE.copy().put("holidays", List.of("2026-12-24..2026-12-26"))).bodyAsJsonObject();
    assertEquals("agent", mine.getString("source"));
    assertEquals(List.of("09:00-17:00"), mine.getJsonObject("hours").getJsonObject("week").getJsonArray("mon").getList());
    String id = gateway.get("/api/agents/me", olav).getString("id");
    assertEquals(mine, gateway.get("/api/admin/agents/" + id + "/hours", ADMIN), "admins see the same hours");
    assertEquals(403, gateway.request(HttpMethod.GET, "/api/admin/agents/" + id + "/hours", olav, null).statusCode());
    assertEquals(404, gateway.request(HttpMethod.GET, "/api/admin/agents/agt_nobody/hours", ADMIN, null).statusCode());
    assertEquals(404, gateway.request(HttpMethod.PUT, "/api/admin/agents/agt_nobody/hours", ADMIN, LONDON_OFFICE).statusCode());
    assertEquals("any-time", gateway.request(HttpMethod.DELETE, "/api/admin/agents/" + id + "/hours", ADMIN, null)
        .bodyAsJsonObject().getString("source"), "back to the team's or company's hours (none here)");
  }

  @Test
  void aRestartOnDayFiveStillGivesExactlyOneCallOnDaySeven() {
    String olav = agent("Olav Audunsson", "olav@acme.test", OLAV_PHONE);
    FrameSocket stream = gateway.stream(olav);
    resolvedConversation(olav, stream);
    stream.close();
    gateway.clock.advance(Duration.ofDays(5));
    gateway.restart();
    assertEquals(0, gateway.runDueJobsButPresence());
    gateway.clock.advance(Duration.ofDays(2));
    assertEquals(1, gateway.runDueJobsButPresence());
    gateway.clock.advance(Duration.ofDays(1));
    assertEquals(0, gateway.runDueJobsButPresence());
    assertEquals(1, calls().size(), "exactly one call");
    assertEquals(OLAV_PHONE, calls().get(0).form().get("To"), "to the owner first");
  }

  @Test
  void aFollowUpDueOnTheOwnersHolidayMovesToTheirNextWorkingDay() {
    String olav = agent("Olav Audunsson", "olav@acme.test", OLAV_PHONE);
    gateway.request(HttpMethod.PUT, "/api/agents/me/hours", olav,
        LONDON_OFFICE.copy().put("holidays", List.of("2026-03-09..2026-03-10")));
    FrameSocket stream = gateway.stream(olav);
    resolvedConversation(olav, stream);
    assertEquals("2026-03-11T09:00:00Z", pending("follow-up").getJsonObject(0).getString("dueAt"),
        "a week later is Monday 9 March, on leave until Tuesday: Wednesday at nine");

    gateway.clock.advance(Duration.ofDays(7));
    assertEquals(0, gateway.runDueJobsButPresence());
    assertTrue(calls().isEmpty(), "no call while Olav is on leave");
    gateway.clock.advance(Duration.ofDays(2));
    assertEquals(1, gateway.runDueJobsButPresence());
    assertEquals(OLAV_PHONE, calls().get(0).form().get("To"), "Olav, back at work, calls");
    stream.close();
  }

  @Test
  void leaveEnteredAfterTheFollowUpWasPlannedPostponesTheCallUntilTheAgentIsBack() {
    String olav = agent("Olav Audunsson", "olav@acme.test", OLAV_PHONE);
    FrameSocket stream = gateway.stream(olav);
    resolvedConversation(olav, stream);
    assertEquals("2026-03-09T09:00:00Z", pending("follow-up").getJsonObject(0).getString("dueAt"));
    gateway.request(HttpMethod.PUT, "/api/agents/me/hours", olav, LONDON_OFFICE.copy().put("holidays", List.of("2026-03-09")));

    gateway.clock.advance(Duration.ofDays(7));
    assertEquals(1, gateway.runDueJobsButPresence(), "the job wakes up on the day");
    assertTrue(calls().isEmpty(), "but Olav is on leave");
    JsonObject moved = pending("follow-up").getJsonObject(0);
    assertEquals("2026-03-10T09:00:00Z", moved.getString("dueAt"), "so it waits for his next working morning");
    assertEquals(0, moved.getInteger("attempts"), "a postponement is not a failure");
    gateway.clock.advance(Duration.ofDays(1));
    assertEquals(1, gateway.runDueJobsButPresence());
    assertEquals(1, calls().size());
    stream.close();
  }

  @Test
  void withFollowUpByTeamATeammateWhoWorksCoversForAnOwnerOnLeave() {
    HttpResponse<Buffer> saved = gateway.request(HttpMethod.PUT, "/api/admin/routing-rules", ADMIN, """
        version: 1
        defaults:
          followUp: { after: P7D, by: team, channel: phone, window: "09:00-18:00" }
        rules: []
        """, Map.of("Content-Type", "application/yaml", "If-Match", "\"1\""));
    assertEquals(200, saved.statusCode(), saved.bodyAsString());
    String olav = agent("Olav Audunsson", "olav@acme.test", OLAV_PHONE);
    gateway.request(HttpMethod.PUT, "/api/agents/me/hours", olav,
        LONDON_OFFICE.copy().put("holidays", List.of("2026-03-09..2026-03-13")));
    String ingrid = agent("Ingrid Steinfinnsdatter", "ingrid@acme.test", "+14155550101");
    gateway.presence(ingrid, "offline"); // Olav becomes the owner; Ingrid only covers
    FrameSocket stream = gateway.stream(olav);
    resolvedConversation(olav, stream);
    JsonObject job = pending("follow-up").getJsonObject(0);
    assertEquals("2026-03-09T09:00:00Z", job.getString("dueAt"), "on time, not after Olav's week off");
    assertEquals(gateway.get("/api/agents/me", ingrid).getString("id"), job.getJsonObject("payload").getString("agentId"));

    gateway.clock.advance(Duration.ofDays(7));
    assertEquals(1, gateway.runDueJobsButPresence());
    assertEquals("+14155550101", calls().get(0).form().get("To"), "Ingrid's phone rings");
    stream.close();
  }

  @Test
  void outOfHoursAVisitorIsOfferedSlotsAndIsCalledAtTheOneTheyChose() {
    String olav = agent("Olav Audunsson", "olav@acme.test", OLAV_PHONE);
    gateway.request(HttpMethod.PUT, "/api/agents/me/hours", olav, LONDON_OFFICE);
    ChatVisitor visitor = gateway.visitor(new JsonObject().put("name", "Ann").put("timezone", "Europe/London"));
    visitor.say("Could someone call me?");

    visitor.socket.send(new JsonObject().put("type", "callback.slots"));
    JsonObject inHours = visitor.socket.next("callback.slots");
    assertTrue(inHours.getBoolean("enabled"));
    assertTrue(inHours.getBoolean("now"), "Monday 09:00 in London: Olav can call now");
    assertEquals("Olav Audunsson", inHours.getString("agent"));

    gateway.clock.advance(Duration.ofHours(9)); // 18:00: Olav has gone home
    visitor.socket.send(new JsonObject().put("type", "callback.slots"));
    JsonObject offer = visitor.socket.next("callback.slots");
    assertFalse(offer.getBoolean("now"));
    assertEquals("Europe/London", offer.getString("timezone"));
    assertEquals(List.of("2026-03-03T09:00:00Z", "2026-03-03T09:30:00Z", "2026-03-03T10:00:00Z",
        "2026-03-04T09:00:00Z", "2026-03-04T09:30:00Z", "2026-03-04T10:00:00Z"), offer.getJsonArray("slots").getList(),
        "the next times Olav works, three a day, so the choice spans days");

    visitor.socket.send(new JsonObject().put("type", "callback.request").put("clientId", "cb-1")
        .put("phone", "+44 20 7946 0123").put("at", offer.getJsonArray("slots").getString(1)));
    visitor.socket.next("ack");
    visitor.socket.next(f -> "notice".equals(f.getString("type"))
        && f.getString("text").startsWith("Olav Audunsson will call you Tuesday 3 March at 09:30"), "told when, by name");
    assertEquals("2026-03-03T09:30:00Z", pending("callback").getJsonObject(0).getString("dueAt"));

    gateway.clock.advance(Duration.ofHours(15)); // Tuesday 09:00
    gateway.runDueJobs(); // Olav's day starts; the wait for him (he had gone home) ends
    assertTrue(calls().isEmpty(), "not before the chosen slot");
    gateway.clock.advance(Duration.ofMinutes(30));
    gateway.runDueJobs();
    assertEquals(OLAV_PHONE, calls().get(0).form().get("To"), "agent first");
    String xml = twilio.post(calls().get(0).form().get("Url"), gateway.port(), Map.of("CallSid", "CA1"),
        TwilioTestServer.AUTH_TOKEN).bodyAsString();
    assertTrue(xml.contains("<Number>" + CUSTOMER + "</Number>"), "then the number the visitor gave: " + xml);
    visitor.close();
  }

  @Test
  void throughTheApiACallbackIsPromisedByTheCustomersOwnAgentInTheWindow() {
    String olav = agent("Olav Audunsson", "olav@acme.test", OLAV_PHONE);
    FrameSocket stream = gateway.stream(olav);
    String path = "/api/conversations/" + resolvedConversation(olav, stream) + "/callbacks";
    JsonObject job = gateway.post(path, ADMIN, new JsonObject().put("at", "2026-03-02T20:00:00Z")
        .put("phone", "+44 20 7946 0999"), 201);
    assertEquals("2026-03-03T09:00:00Z", job.getString("dueAt"), "20:00 in London is after the window: next morning");
    assertEquals(gateway.get("/api/agents/me", olav).getString("id"), job.getJsonObject("payload").getString("agentId"),
        "the customer's own agent calls");
    assertEquals("+442079460999", job.getJsonObject("payload").getString("phone"));
    stream.close();
  }

  @Test
  void aCallbackAskedForWhileNobodyIsThereGoesToTheAgentWhoComesOnline() {
    String olav = agent("Olav Audunsson", "olav@acme.test", OLAV_PHONE);
    gateway.presence(olav, "offline");
    ChatVisitor visitor = gateway.visitor(new JsonObject().put("name", "Ann").put("timezone", "Europe/London"));
    visitor.socket.send(new JsonObject().put("type", "callback.request").put("clientId", "cb-1")
        .put("phone", "+44 20 7946 0123"));
    visitor.socket.next("ack");
    assertTrue(pending("callback").isEmpty(), "nobody to call yet");

    gateway.atDesk(olav);
    visitor.socket.next(f -> "notice".equals(f.getString("type"))
        && f.getString("text").startsWith("Olav Audunsson will call you"), "told who will call, once someone is there");
    JsonObject job = pending("callback").getJsonObject(0);
    assertEquals(gateway.get("/api/agents/me", olav).getString("id"), job.getJsonObject("payload").getString("agentId"));
    assertEquals("+442079460123", job.getJsonObject("payload").getString("phone"));
    visitor.close();
  }

  @Test
  void anAgentCannotPromiseACallWhenTheyNeverWorkInTheCustomersWindow() {
    String olav = agent("Olav Audunsson", "olav@acme.test", OLAV_PHONE);
    FrameSocket stream = gateway.stream(olav);
    String conversation = resolvedConversation(olav, stream);
    gateway.request(HttpMethod.PUT, "/api/agents/me/hours", olav, new JsonObject().put("timezone", "Europe/London")
        .put("week", new JsonObject().put("sat", List.of("02:00-05:00"))));
    HttpResponse<Buffer> refused = gateway.request(HttpMethod.POST, "/api/conversations/" + conversation + "/callbacks",
        olav, new JsonObject());
    assertEquals(422, refused.statusCode());
    assertTrue(refused.bodyAsString().contains("no time within a year when you work and the customer can be called"));
    assertTrue(pending("callback").isEmpty(), "nothing was scheduled");
    stream.close();
  }

  @Test
  void jobMetricsShowWhatIsDueLateFiredAndPostponed() {
    String olav = agent("Olav Audunsson", "olav@acme.test", OLAV_PHONE);
    FrameSocket stream = gateway.stream(olav);
    resolvedConversation(olav, stream);
    gateway.clock.advance(Duration.ofDays(7).plusMinutes(5));
    assertEquals(1, gateway.runDueJobsButPresence());
    String metrics = gateway.request(HttpMethod.GET, "/metrics", TestGateway.ADMIN_TOKEN, null).bodyAsString();
    assertTrue(metrics.contains("relay_jobs_ran_total{kind=\"follow-up\",outcome=\"done\"} 1.0"), metrics);
    assertTrue(metrics.contains("relay_jobs_lateness_seconds_max{kind=\"follow-up\"} 300.0"), "fired five minutes late");
    assertTrue(metrics.contains("relay_jobs_due 0.0"));
    assertTrue(metrics.contains("relay_jobs_late 0.0"));
    stream.close();
  }
}
