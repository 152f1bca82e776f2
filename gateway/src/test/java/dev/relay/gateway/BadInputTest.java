package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every kind of bad input gets a clear error in the documented shape, and changes nothing. */
class BadInputTest extends GatewayTestCase {

  static final String ADMIN = TestGateway.ADMIN_TOKEN;

  String kristin;

  @BeforeEach
  void agents() {
    kristin = gateway.createAgent("Kristin Lavransdatter", "kristin@acme.test").getString("token");
  }

  private JsonObject error(HttpResponse<Buffer> response, int status, String code) {
    assertEquals(status, response.statusCode(), response::bodyAsString);
    assertEquals("application/json", response.getHeader("Content-Type"));
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertEquals(code, error.getString("code"), response::bodyAsString);
    assertTrue(error.getString("message").length() > 10, "a message a person can act on");
    return error;
  }

  private int agentCount() {
    return gateway.get("/api/admin/agents", ADMIN).getJsonArray("items").size();
  }

  @Test
  void creatingAnAgentRefusesEveryKindOfBadRequestAndStoresNothing() {
    JsonObject valid = new JsonObject().put("name", "Olav").put("email", "olav@acme.test");
    HttpResponse<Buffer> unauthenticated = gateway.request(HttpMethod.POST, "/api/admin/agents", null, valid);
    error(unauthenticated, 401, "unauthorized");
    assertEquals("nosniff", unauthenticated.getHeader("X-Content-Type-Options"), "errors are not sniffed either");
    assertEquals("no-store", unauthenticated.getHeader("Cache-Control"), "no API answer is cached");
    assertEquals("Bearer realm=\"relay\"", unauthenticated.getHeader("WWW-Authenticate"));
    error(gateway.request(HttpMethod.POST, "/api/admin/agents", "wrong-token", valid), 401, "unauthorized");
    error(gateway.request(HttpMethod.POST, "/api/admin/agents", kristin, valid), 403, "forbidden");
    error(gateway.request(HttpMethod.POST, "/api/admin/agents", ADMIN, "{\"name\": "), 400, "malformed_json");
    error(gateway.request(HttpMethod.POST, "/api/admin/agents", ADMIN, "[1,2]"), 400, "malformed_json");
    JsonObject invalid = error(gateway.request(HttpMethod.POST, "/api/admin/agents", ADMIN, new JsonObject()
        .put("name", " ").put("email", "not-an-address").put("phone", "12").put("capacity", 0)
        .put("skills", "billing").put("role", "boss")), 422, "invalid");
    JsonArray details = invalid.getJsonArray("details");
    assertEquals(6, details.size(), details::encodePrettily);
    assertTrue(details.encode().contains("role: must be one of agent, supervisor, admin"));
    assertTrue(details.encode().contains("capacity: must be a whole number from 1 to 1000"));
    JsonArray injected = error(gateway.request(HttpMethod.POST, "/api/admin/agents", ADMIN, new JsonObject()
        .put("name", "Olav\r\nBcc: everyone@acme.test").put("email", "olav@acme.test").put("team", "sales\u0000")
        .put("skills", new JsonArray().add("fr\nen"))), 422, "invalid").getJsonArray("details");
    assertEquals(3, injected.size(), injected::encodePrettily);
    assertTrue(injected.encode().contains("name: must be one line, without control characters"), injected::encode);
    error(gateway.request(HttpMethod.POST, "/api/admin/agents", ADMIN,
        new JsonObject().put("name", "Kristin again").put("email", "KRISTIN@acme.test")), 409, "agent_exists");
    String huge = "x".repeat(70_000);
    error(gateway.request(HttpMethod.POST, "/api/admin/agents", ADMIN,
        new JsonObject().put("name", huge).put("email", "big@acme.test")), 413, "too_large");
    assertEquals(1, agentCount(), "only Kristin exists");
  }

  @Test
  void agentEndpointsRefuseBadRequestsAndChangeNothing() {
    error(gateway.request(HttpMethod.PUT, "/api/agents/me/presence", kristin, new JsonObject().put("status", "busy")),
        422, "invalid");
    error(gateway.request(HttpMethod.PUT, "/api/agents/me/presence", ADMIN, new JsonObject().put("status", "online")),
        403, "forbidden");
    assertEquals("offline", gateway.get("/api/agents/me", kristin).getString("presence"));
    error(gateway.request(HttpMethod.GET, "/api/conversations?status=maybe", kristin, null), 400, "bad_query");
    error(gateway.request(HttpMethod.GET, "/api/conversations/cnv_nope", kristin, null), 404, "not_found");
    error(gateway.request(HttpMethod.GET, "/api/nothing-here", kristin, null), 404, "not_found");

    gateway.atDesk(kristin);
    ChatVisitor ann = gateway.newVisitor();
    String conversation = ann.say("Hello").getString("conversationId");
    String path = "/api/conversations/" + conversation;
    error(gateway.request(HttpMethod.POST, path + "/messages", kristin, new JsonObject().put("text", "")), 422, "invalid");
    error(gateway.request(HttpMethod.POST, path + "/messages", kristin, new JsonObject()
        .put("text", "hi").put("channel", "pigeon")), 422, "invalid");
    error(gateway.request(HttpMethod.POST, path + "/messages", ADMIN, new JsonObject().put("text", "hi")), 403, "forbidden");
    error(gateway.request(HttpMethod.POST, path + "/reopen", kristin, null), 409, "already_open");
    gateway.post(path + "/resolve", kristin, null, 200);
    error(gateway.request(HttpMethod.POST, path + "/resolve", kristin, null), 409, "already_resolved");
    error(gateway.request(HttpMethod.POST, path + "/messages", kristin, new JsonObject().put("text", "late")),
        409, "conversation_resolved");
    assertEquals(1, gateway.get(path, kristin).getJsonArray("messages").size(), "no reply was stored");
    ann.socket.expectNone(f -> "message".equals(f.getString("type")), "a reply reaching the visitor", 200);
    ann.close();
  }

  @Test
  void chatFramesThatBreakTheProtocolGetErrorsAndStoreNothing() {
    FrameSocket raw = FrameSocket.connect(gateway.vertx(), gateway.port(), "/chat/ws");
    raw.sendRaw("{not json");
    assertEquals("bad_json", raw.next("error").getString("code"));
    raw.send(new JsonObject().put("type", "message").put("clientId", "c1").put("text", "before hello"));
    JsonObject early = raw.next("error");
    assertEquals("hello_required", early.getString("code"));
    assertEquals("c1", early.getString("clientId"));
    raw.send(new JsonObject().put("type", "dance"));
    JsonObject unknown = raw.next("error");
    assertEquals("unknown_type", unknown.getString("code"));
    assertFalse(unknown.getString("message").contains("dance"), "a client's input is not echoed back");
    raw.send(new JsonObject().put("type", "x".repeat(16_000)));
    JsonObject echoed = raw.next("error");
    assertFalse(echoed.getString("message").contains("xxx"), "a client's input is not echoed back, even cut short");
    raw.send(new JsonObject().put("type", "hello").put("visitorToken", "v_forged.c2lnbmF0dXJl"));
    assertEquals("invalid_token", raw.next("error").getString("code"));
    raw.send(new JsonObject().put("type", "hello").put("name", 42));
    assertEquals("bad_frame", raw.next("error").getString("code"));
    raw.send(new JsonObject().put("type", "hello"));
    raw.next("welcome");
    raw.send(new JsonObject().put("type", "hello"));
    assertEquals("already_greeted", raw.next("error").getString("code"));
    raw.send(new JsonObject().put("type", "message").put("clientId", "c2").put("text", "   "));
    assertEquals("bad_frame", raw.next("error").getString("code"));
    raw.send(new JsonObject().put("type", "message").put("text", "no client id"));
    assertEquals("bad_frame", raw.next("error").getString("code"));
    raw.send(new JsonObject().put("type", "message").put("clientId", "c3").put("text", "y".repeat(4001)));
    assertEquals("too_large", raw.next("error").getString("code"));
    raw.sendRaw(new JsonObject().put("type", "message").put("clientId", "c4").put("text", "z".repeat(20_000)).encode());
    assertEquals("too_large", raw.next("error").getString("code"));
    assertEquals(0, gateway.get("/api/conversations", ADMIN).getJsonArray("items").size(), "nothing stored");

    raw.sendRaw("{\"type\":\"message\",\"text\":\"" + "w".repeat(70_000) + "\"}");
    raw.waitClosed();
    assertEquals((short) 1009, raw.closeStatus(), "a frame over 64 KiB closes the socket as too big");
    assertEquals(0, gateway.get("/api/conversations", ADMIN).getJsonArray("items").size(), "nothing stored");
  }

  @Test
  void theAgentStreamRefusesAnythingBeforeAValidAgentToken() {
    FrameSocket stream = FrameSocket.connect(gateway.vertx(), gateway.port(), "/api/agents/stream");
    stream.send(new JsonObject().put("type", "ack").put("id", "1"));
    assertEquals("auth_required", stream.next("error").getString("code"));
    stream.send(new JsonObject().put("type", "auth").put("token", "wrong"));
    assertEquals("unauthorized", stream.next("error").getString("code"));
    stream.send(new JsonObject().put("type", "auth").put("token", ADMIN));
    assertEquals("forbidden", stream.next("error").getString("code"));
    stream.sendRaw("][");
    assertEquals("bad_json", stream.next("error").getString("code"));
    stream.send(new JsonObject().put("type", "auth").put("token", kristin));
    stream.next("ready");
    stream.send(new JsonObject().put("type", "ack").put("id", "99999"));
    assertEquals("unknown_event", stream.next("error").getString("code"));
    stream.send(new JsonObject().put("type", "ack").put("id", "abc"));
    assertEquals("bad_frame", stream.next("error").getString("code"));
    stream.close();
    HttpResponse<Buffer> plainGet = gateway.request(HttpMethod.GET, "/api/agents/stream", kristin, null);
    error(plainGet, 400, "websocket_required");
  }

  @Test
  void floodingIsSlowedDownWith429AndRetryAfterAndStoresNothing(io.vertx.core.Vertx vertx,
                                                               @org.junit.jupiter.api.io.TempDir java.nio.file.Path other) {
    gateway.close();
    gateway = TestGateway.start(vertx, other, java.util.Map.of("RELAY_API_BURST", "3", "RELAY_API_PER_MINUTE", "60"));
    for (int i = 0; i < 3; i++) {
      assertEquals(200, gateway.request(HttpMethod.GET, "/api/admin/agents", ADMIN, null).statusCode());
    }
    HttpResponse<Buffer> limited = gateway.request(HttpMethod.POST, "/api/admin/agents", ADMIN,
        new JsonObject().put("name", "Flood").put("email", "flood@acme.test"));
    error(limited, 429, "rate_limited");
    assertEquals("1", limited.getHeader("Retry-After"));
    gateway.clock.advance(java.time.Duration.ofSeconds(1));
    assertEquals(0, gateway.get("/api/admin/agents", ADMIN).getJsonArray("items").size(), "the refused request created nothing");

    ChatVisitor ann = gateway.newVisitor();
    for (int i = 0; i < 10; i++) {
      ann.say("message " + i);
    }
    ann.socket.send(new JsonObject().put("type", "message").put("clientId", "eleven").put("text", "too fast"));
    JsonObject slowDown = ann.socket.next("error");
    assertEquals("rate_limited", slowDown.getString("code"));
    assertEquals("eleven", slowDown.getString("clientId"));
    ChatVisitor reconnected = gateway.visitor(ann.token());
    reconnected.socket.send(new JsonObject().put("type", "message").put("clientId", "twelve").put("text", "again"));
    assertEquals("rate_limited", reconnected.socket.next("error").getString("code"),
        "a new socket for the same visitor does not refill the budget");
    reconnected.close();
    gateway.clock.advance(java.time.Duration.ofSeconds(2));
    assertEquals("ack", ann.say("after a pause").getString("type"));
    ann.close();
  }
}
