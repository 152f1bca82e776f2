package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.Await;
import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Presence is computed: working hours, an open desk and the agent's own choice. The clock starts on
 * Monday 2 March 2026, 09:00 UTC (10:00 in Paris); the grace after the last desk closed is 2 minutes.
 */
class PresenceTest extends GatewayTestCase {

  static final JsonObject PARIS_OFFICE = new JsonObject().put("timezone", "Europe/Paris")
      .put("week", new JsonObject().put("mon", List.of("09:00-18:00")).put("tue", List.of("09:00-18:00"))
          .put("wed", List.of("09:00-18:00")).put("thu", List.of("09:00-18:00")).put("fri", List.of("09:00-18:00")));

  String reachability(String token) {
    return gateway.get("/api/agents/me", token).getString("reachability");
  }

  /** The stream's close reaches the gateway a moment later: wait until it recorded when the desk was last seen. */
  void closeAndWaitUntilRecorded(FrameSocket desk, String token) {
    Instant now = gateway.clock.instant();
    desk.close();
    long deadline = System.currentTimeMillis() + Await.TIMEOUT.toMillis();
    while (!now.toString().equals(gateway.get("/api/agents/me", token).getString("seenAt"))) {
      assertTrue(System.currentTimeMillis() < deadline, "the closed desk was never recorded");
      Thread.onSpinWait();
    }
  }

  String metrics() {
    return gateway.request(HttpMethod.GET, "/metrics", TestGateway.ADMIN_TOKEN, null).bodyAsString();
  }

  @Test
  void closingEveryDeskTurnsTheAgentAwayAfterTheGraceNotBefore() {
    String kristin = gateway.createAgent("Kristin Lavransdatter", "kristin@acme.fr").getString("token");
    FrameSocket desk = gateway.stream(kristin);
    assertEquals("away", desk.next("presence").getString("state"), "open desk, but she has not said she is available");
    FrameSocket phone = gateway.stream(kristin);
    phone.next("presence");
    gateway.presence(kristin, "online");
    assertEquals("here", desk.next("presence").getString("state"));
    assertEquals("here", reachability(kristin));

    desk.close();
    gateway.clock.advance(Duration.ofMinutes(5));
    gateway.runDueJobs();
    assertEquals("here", reachability(kristin), "her phone's stream is still open");

    closeAndWaitUntilRecorded(phone, kristin);
    gateway.clock.advance(Duration.ofSeconds(119));
    gateway.runDueJobs();
    assertEquals("here", reachability(kristin), "within the grace a reload or a short outage changes nothing");
    gateway.clock.advance(Duration.ofSeconds(1));
    assertEquals(1, gateway.runDueJobs(), "the presence check fired at the end of the grace");
    assertEquals("away", reachability(kristin));
    assertTrue(metrics().contains("relay_presence_changes_total{state=\"away\"} 1.0"), "counted in /metrics");

    FrameSocket back = gateway.stream(kristin);
    JsonObject frame = back.next("presence");
    assertEquals("here", frame.getString("state"), "opening the desk again signs her back in: she stayed available");
    back.close();
  }

  @Test
  void theEndOfTheWorkingDayTurnsAgentsAwayAndTheStartSignsInOnlyThoseConnected() {
    String kristin = gateway.createAgent("Kristin Lavransdatter", "kristin@acme.fr").getString("token");
    String olav = gateway.createAgent("Olav Audunsson", "olav@acme.fr").getString("token");
    for (String token : List.of(kristin, olav)) {
      assertEquals(200, gateway.request(HttpMethod.PUT, "/api/agents/me/hours", token, PARIS_OFFICE).statusCode());
      gateway.presence(token, "online");
    }
    FrameSocket desk = gateway.stream(kristin);
    assertEquals("here", desk.next("presence").getString("state"), "10:00 in Paris, desk open, available");
    assertEquals("away", reachability(olav), "available, but his desk is closed");

    gateway.clock.advance(Duration.ofHours(8).minusSeconds(1));
    gateway.runDueJobs();
    assertEquals("here", reachability(kristin), "17:59:59 in Paris");
    gateway.clock.advance(Duration.ofSeconds(1));
    gateway.runDueJobs();
    JsonObject closed = desk.next(f -> "presence".equals(f.getString("type")) && "closed".equals(f.getString("state")),
        "18:00 in Paris: the end of her day");
    assertEquals("2026-03-03T08:00:00Z", closed.getString("back"), "09:00 in Paris on Tuesday");
    assertEquals("closed", reachability(kristin));

    gateway.clock.advance(Duration.ofHours(15));
    gateway.runDueJobs();
    assertEquals("here", desk.next(f -> "presence".equals(f.getString("type")) && "here".equals(f.getString("state")),
        "Tuesday 09:00 in Paris: her desk stayed open").getString("state"));
    assertEquals("away", reachability(olav), "the start of the day signs in nobody whose desk is closed");
    assertTrue(metrics().contains("relay_presence_changes_total{state=\"closed\"} 1.0"));
    desk.close();
  }
}
