package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.connector.twilio.TwilioTestServer;
import dev.relay.gateway.store.redis.Shards;
import dev.relay.gateway.support.FrameSocket;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link StoreJourneys} on a real redis-server, and what only Redis can do to routing. */
class RedisStoreJourneysTest extends StoreJourneys {

  @Override
  protected Map<String, String> extraEnv() {
    Map<String, String> env = new java.util.HashMap<>(super.extraEnv());
    env.putAll(redisStore());
    return env;
  }

  @Test
  void aTextStoredButNotRoutedReachesItsAgentOnceTheStoreRecovers() {
    String olav = olav();
    String olavId = gateway.get("/api/agents/me", olav).getString("id");
    FrameSocket stream = gateway.stream(olav);
    // The agent's inbox key holds the wrong type: Redis refuses every event for Olav (WRONGTYPE).
    String inbox = Shards.tag(olavId) + ":inbox:" + olavId;
    redis.cli("SET", inbox, "not-an-inbox");
    assertEquals(200, text(sid(40), CUSTOMER, "Bonjour, ma fibre est coupée depuis hier soir",
        TwilioTestServer.AUTH_TOKEN).statusCode(), "stored, so Twilio is acknowledged");
    stream.expectNone(f -> event(f, "message.received"), "an event Redis refused", 500);
    assertEquals(1, gateway.get("/api/conversations", ADMIN).getJsonArray("items").size(), "the text is kept");

    redis.cli("DEL", inbox);
    gateway.clock.advance(Duration.ofMinutes(2));
    gateway.runDueJobs();
    JsonObject late = stream.next(f -> event(f, "message.received"), "the text, routed once the store takes it");
    assertEquals("Bonjour, ma fibre est coupée depuis hier soir",
        late.getJsonObject("data").getJsonObject("message").getString("text"));
    gateway.clock.advance(Duration.ofMinutes(2));
    gateway.runDueJobs();
    stream.expectNone(f -> event(f, "message.received"), "the same text a second time", 500);
    stream.close();
  }
}
