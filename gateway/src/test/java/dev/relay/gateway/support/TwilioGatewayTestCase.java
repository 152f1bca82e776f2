package dev.relay.gateway.support;

import dev.relay.connector.twilio.TwilioTestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A gateway with SMS and calls through a local server that speaks Twilio's REST API and signs like Twilio. */
@ExtendWith(VertxExtension.class)
public abstract class TwilioGatewayTestCase {

  public static final String PUBLIC = "https://relay.example.test";
  public static final String NUMBER = "+15005550006";
  public static final String SITE_SECRET = "the-site-and-relay-share-this-secret-0123";

  @TempDir
  protected Path data;
  protected TwilioTestServer twilio;
  protected TestGateway gateway;
  /** The store's redis-server when {@link #redisStore()} started one; stopped after the gateway. */
  protected RedisServer redis;

  @BeforeEach
  void startGatewayWithTwilio(Vertx vertx) {
    twilio = TwilioTestServer.start(vertx);
    Map<String, String> env = new HashMap<>(Map.of(
        "TWILIO_ACCOUNT_SID", TwilioTestServer.ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN", TwilioTestServer.AUTH_TOKEN,
        "RELAY_TWILIO_NUMBER", NUMBER,
        "RELAY_PUBLIC_URL", PUBLIC,
        "RELAY_TWILIO_API_BASE", twilio.base(),
        "RELAY_SMS_SIGNATURE", "— {agent}, Acme support",
        "RELAY_CHAT_IDENTITY_SECRET", SITE_SECRET,
        "RELAY_TWILIO_TIMEOUT", "PT0.5S"));
    env.putAll(extraEnv());
    gateway = TestGateway.start(vertx, data, env);
  }

  /** More settings for a test class (e.g. RELAY_CONFIG). */
  protected Map<String, String> extraEnv() {
    return Map.of();
  }

  /** For {@link #extraEnv()}: the gateway keeps its data in a real redis-server of its own. */
  protected Map<String, String> redisStore() {
    redis = RedisServer.start(data.resolve("redis"));
    return Map.of("RELAY_STORE", "redis", "RELAY_REDIS_URL", redis.url(),
        "RELAY_CHAT_SECRET", "a-chat-secret-for-tests-on-redis-0123456789");
  }

  @AfterEach
  void stopGatewayAndTwilio() {
    gateway.close();
    twilio.close();
    if (redis != null) {
      redis.close();
    }
  }

  /** A text from {@code from}, posted to our webhook as Twilio posts it, signed with {@code token}. */
  protected HttpResponse<Buffer> text(String sid, String from, String body, String token) {
    return twilio.post(PUBLIC + "/webhooks/twilio/sms", gateway.port(), Map.of(
        "MessageSid", sid, "AccountSid", TwilioTestServer.ACCOUNT_SID, "From", from, "To", NUMBER, "Body", body,
        "NumMedia", "0"), token);
  }

  /** The calls placed so far (requests to Calls.json), oldest first. */
  protected List<TwilioTestServer.Recorded> calls() {
    return twilio.requests().stream().filter(r -> r.path().endsWith("/Calls.json")).toList();
  }
}
