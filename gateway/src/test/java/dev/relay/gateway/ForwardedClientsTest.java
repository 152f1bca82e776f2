package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.gateway.support.ConfiguredGatewayTestCase;
import dev.relay.gateway.support.Await;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Behind the Ingress every client arrives from the same address: once the Ingress is named a
 * trusted proxy, the per-address limits count the client it forwards, so one guesser or one chat
 * script does not lock everyone else out.
 */
class ForwardedClientsTest extends ConfiguredGatewayTestCase {

  @Test
  void aTokenGuesserBehindTheIngressIsLimitedAloneAndOthersStillSignIn(Vertx vertx) {
    start(vertx, Map.of("RELAY_HTTP_TRUSTED_PROXIES", "127.0.0.1"));
    String kristin = gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
    for (int i = 0; i < 10; i++) {
      assertEquals(401, me("rat_guess" + i, "203.0.113.66").statusCode());
    }
    assertEquals(429, me("rat_guess10", "203.0.113.66").statusCode(), "the guesser waits");
    assertEquals(200, me(kristin, "198.51.100.7").statusCode(), "an agent at another address signs in");
    assertEquals(429, me(kristin, "198.51.100.7, 203.0.113.66").statusCode(),
        "the client is the rightmost address the proxy did not write itself");
  }

  @Test
  void newChatsAreCountedPerForwardedVisitor(Vertx vertx) {
    start(vertx, Map.of("RELAY_HTTP_TRUSTED_PROXIES", "127.0.0.1",
        "RELAY_CHAT_NEW_VISITOR_BURST", "2", "RELAY_CHAT_NEW_VISITORS_PER_MINUTE", "1"));
    assertEquals("welcome", firstAnswerToHello(vertx, "203.0.113.66"));
    assertEquals("welcome", firstAnswerToHello(vertx, "203.0.113.66"));
    assertEquals("error", firstAnswerToHello(vertx, "203.0.113.66"), "the script's third chat waits");
    assertEquals("welcome", firstAnswerToHello(vertx, "198.51.100.7"), "a visitor elsewhere is not held up");
  }

  private io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> me(String token, String forwardedFor) {
    return gateway.request(HttpMethod.GET, "/api/agents/me", token, null, Map.of("X-Forwarded-For", forwardedFor));
  }

  private String firstAnswerToHello(Vertx vertx, String forwardedFor) {
    Promise<String> answer = Promise.promise();
    vertx.createWebSocketClient().connect(new WebSocketConnectOptions().setHost("localhost").setPort(gateway.port())
        .setURI("/chat/ws").addHeader("X-Forwarded-For", forwardedFor)).onSuccess(ws -> {
          ws.textMessageHandler(text -> {
            answer.tryComplete(new JsonObject(text).getString("type"));
            ws.close();
          });
          ws.writeTextMessage(new JsonObject().put("type", "hello").put("name", "Zoé").encode());
        }).onFailure(answer::tryFail);
    return Await.result(answer.future());
  }
}
