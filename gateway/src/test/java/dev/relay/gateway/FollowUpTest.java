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
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A week after a resolution, the same agent checks in: exactly once, in the customer's window, unless they wrote first. */
class FollowUpTest extends GatewayTestCase {

  static final String ADMIN = TestGateway.ADMIN_TOKEN;
  String kristin;

  @BeforeEach
  void agent() {
    kristin = gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
  }

  private JsonArray pendingFollowUps() {
    return gateway.get("/api/admin/jobs?kind=follow-up&state=pending", ADMIN).getJsonArray("items");
  }

  @Test
  void aWeekAfterResolutionTheOwnerChecksInExactlyOnceEvenAcrossARestart() {
    ChatVisitor ann = gateway.visitor(new JsonObject().put("name", "Ann"));
    String conversation = ann.say("My password reset does not work").getString("conversationId");
    gateway.post("/api/conversations/" + conversation + "/resolve", kristin, null, 200);
    JsonArray pending = pendingFollowUps();
    assertEquals(1, pending.size());
    assertEquals(TestGateway.START.plus(Duration.ofDays(7)).toString(), pending.getJsonObject(0).getString("dueAt"),
        "resolved at 09:00 UTC: seven days later falls inside 09:00-18:00");
    JsonObject upcoming = gateway.get("/api/conversations/" + conversation, kristin).getJsonArray("upcoming").getJsonObject(0);
    assertEquals("follow-up", upcoming.getString("kind"), "the agent sees the planned check-in");
    String token = ann.token();
    ann.close();

    gateway.clock.advance(Duration.ofDays(5));
    gateway.restart();
    assertEquals(0, gateway.runDueJobs(), "not yet on day 5");
    gateway.clock.advance(Duration.ofDays(2));
    assertEquals(1, gateway.runDueJobs(), "day 7: the follow-up fires");
    gateway.clock.advance(Duration.ofDays(1));
    assertEquals(0, gateway.runDueJobs(), "and only once");

    ChatVisitor back = gateway.visitor(token);
    JsonObject checkIn = back.reply();
    assertEquals("Hello Ann, this is Kristin Lavransdatter. We resolved your question a while ago: "
        + "is everything still fine? Just reply here if anything is not.", checkIn.getString("text"));
    assertEquals("Kristin Lavransdatter", checkIn.getJsonObject("author").getString("name"));
    assertEquals(1, gateway.get("/api/admin/jobs?kind=follow-up&state=done", ADMIN).getJsonArray("items").size());
    back.close();
  }

  @Test
  void writingAgainBeforeTheFollowUpCancelsIt() {
    ChatVisitor ann = gateway.newVisitor();
    String conversation = ann.say("Question").getString("conversationId");
    gateway.post("/api/conversations/" + conversation + "/resolve", kristin, null, 200);
    assertEquals(1, pendingFollowUps().size());
    gateway.clock.advance(Duration.ofDays(3));
    ann.say("Actually, one more thing");
    assertEquals(0, pendingFollowUps().size(), "the customer wrote first");
    gateway.clock.advance(Duration.ofDays(5));
    assertEquals(0, gateway.runDueJobs());
    ann.socket.expectNone(f -> "message".equals(f.getString("type")), "a follow-up", 300);
    ann.close();
  }

  @Test
  void aDueTimeOutsideTheWindowMovesToTheNextMorningInTheCustomersTimeZone() {
    gateway.clock.advance(Duration.ofHours(11)); // 20:00 UTC
    ChatVisitor ann = gateway.newVisitor();
    String conversation = ann.say("Evening question").getString("conversationId");
    String customer = gateway.get("/api/conversations/" + conversation, ADMIN).getJsonObject("customer").getString("id");
    assertEquals(200, gateway.request(HttpMethod.PATCH, "/api/admin/customers/" + customer, ADMIN,
        new JsonObject().put("timezone", "America/New_York")).statusCode());
    gateway.post("/api/conversations/" + conversation + "/resolve", kristin, null, 200);
    // Resolved Monday 20:00 UTC = 15:00 in New York: a week later is inside the window there.
    assertEquals(Instant.parse("2026-03-09T20:00:00Z").toString(), pendingFollowUps().getJsonObject(0).getString("dueAt"));

    gateway.post("/api/conversations/" + conversation + "/reopen", kristin, null, 200);
    gateway.clock.advance(Duration.ofHours(4)); // 00:00 UTC = 19:00 (EST) in New York: after the window
    gateway.post("/api/conversations/" + conversation + "/resolve", kristin, null, 200);
    JsonArray pending = pendingFollowUps();
    assertEquals(1, pending.size(), "the new resolution replaced the old follow-up");
    assertEquals("2026-03-10T13:00:00Z", pending.getJsonObject(0).getString("dueAt"),
        "moved to 09:00 the next morning in New York (EDT from 8 March: UTC-4)");
    ann.close();
  }

  @Test
  void anAdminSeesAndCancelsScheduledJobs() {
    ChatVisitor ann = gateway.newVisitor();
    String conversation = ann.say("Hello").getString("conversationId");
    gateway.post("/api/conversations/" + conversation + "/resolve", kristin, null, 200);
    JsonObject job = pendingFollowUps().getJsonObject(0);
    String customer = job.getJsonObject("payload").getString("customerId");
    assertEquals(1, gateway.get("/api/admin/jobs?customer=" + customer, ADMIN).getJsonArray("items").size());
    assertEquals(400, gateway.request(HttpMethod.GET, "/api/admin/jobs?state=sleeping", ADMIN, null).statusCode());
    assertEquals(404, gateway.request(HttpMethod.DELETE, "/api/admin/jobs/job_nope", ADMIN, null).statusCode());
    assertEquals(403, gateway.request(HttpMethod.GET, "/api/admin/jobs", kristin, null).statusCode());
    JsonObject cancelled = gateway.request(HttpMethod.DELETE, "/api/admin/jobs/" + job.getString("id"), ADMIN, null)
        .bodyAsJsonObject();
    assertEquals("cancelled", cancelled.getString("state"));
    assertEquals(409, gateway.request(HttpMethod.DELETE, "/api/admin/jobs/" + job.getString("id"), ADMIN, null).statusCode());
    gateway.clock.advance(Duration.ofDays(8));
    assertEquals(0, gateway.runDueJobs());
    assertTrue(pendingFollowUps().isEmpty());
    ann.close();
  }

  @Test
  void withoutCallsSetUpTheWidgetIsToldCallbacksAreOff() {
    var early = gateway.visitorSocket();
    early.send(new JsonObject().put("type", "callback.slots"));
    assertEquals("hello_required", early.next("error").getString("code"));
    early.close();
    ChatVisitor ann = gateway.newVisitor();
    ann.socket.send(new JsonObject().put("type", "callback.slots"));
    JsonObject offer = ann.socket.next("callback.slots");
    assertEquals(false, offer.getBoolean("enabled"), "no voice channel: the widget hides its callback button");
    assertTrue(offer.getJsonArray("slots").isEmpty());
    ann.close();
  }
}
