package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Someone guessing tokens is slowed down; agents who sign in correctly are not. */
class FailedLoginsTest extends GatewayTestCase {

  @Test
  void guessingTokensIsSlowedDownPerAddress() {
    String kristin = gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
    for (int i = 0; i < 25; i++) {
      assertEquals(200, me(kristin).statusCode(), "signing in correctly never counts");
    }
    for (int i = 0; i < 10; i++) {
      assertEquals(401, me("rat_guess" + i).statusCode());
    }
    HttpResponse<Buffer> limited = me("rat_guess10");
    assertEquals(429, limited.statusCode());
    assertEquals("rate_limited", limited.bodyAsJsonObject().getJsonObject("error").getString("code"));
    assertEquals("6", limited.getHeader("Retry-After"), "ten failures a minute: one more every six seconds");
    assertEquals(429, me(kristin).statusCode(), "while limited, no token is even looked at");

    FrameSocket stream = FrameSocket.connect(gateway.vertx(), gateway.port(), "/api/agents/stream");
    stream.send(new JsonObject().put("type", "auth").put("token", "rat_guess11"));
    assertEquals("rate_limited", stream.next("error").getString("code"), "the stream's auth frame is limited too");
    stream.close();

    gateway.clock.advance(Duration.ofSeconds(6));
    assertEquals(200, me(kristin).statusCode(), "six seconds later one attempt is allowed again");
    gateway.clock.advance(Duration.ofMinutes(1));
    assertEquals(200, gateway.request(HttpMethod.GET, "/api/admin/agents", TestGateway.ADMIN_TOKEN, null).statusCode());
  }

  private HttpResponse<Buffer> me(String token) {
    return gateway.request(HttpMethod.GET, "/api/agents/me", token, null);
  }
}
