package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Agents sign in to the desk with their e-mail and password; the session lives in a cookie no script or other site can use. */
class SignInTest extends GatewayTestCase {

  private static final String ADMIN = TestGateway.ADMIN_TOKEN;
  private static final String PASSWORD = "cheval agrafe batterie correcte";

  String kristinId;

  @BeforeEach
  void agent() {
    kristinId = gateway.createAgent("Kristin Lavransdatter", "kristin@acme.test").getJsonObject("agent").getString("id");
    gateway.ok(gateway.request(HttpMethod.PUT, "/api/admin/agents/" + kristinId + "/password", ADMIN,
        new JsonObject().put("password", PASSWORD)), 200);
  }

  private HttpResponse<Buffer> signIn(String email, String password) {
    return gateway.request(HttpMethod.POST, "/api/session", null,
        new JsonObject().put("email", email).put("password", password));
  }

  /** The cookie's "name=value", as a browser sends it back. */
  private static String cookie(HttpResponse<Buffer> signedIn) {
    String header = signedIn.cookies().get(0);
    return header.substring(0, header.indexOf(';'));
  }

  private HttpResponse<Buffer> withCookie(HttpMethod method, String path, String cookie, String csrf, JsonObject body) {
    Map<String, String> headers = csrf == null ? Map.of("Cookie", cookie) : Map.of("Cookie", cookie, "X-Relay-CSRF", csrf);
    return gateway.request(method, path, null, body, headers);
  }

  @Test
  void anAgentSignsInWithEmailAndPasswordIntoAnHttpOnlyStrictCookie() {
    HttpResponse<Buffer> signedIn = signIn("Kristin@Acme.test", PASSWORD);
    assertEquals(200, signedIn.statusCode(), signedIn::bodyAsString);
    String header = signedIn.cookies().get(0);
    assertTrue(header.startsWith("relay_session="));
    String lower = header.toLowerCase(java.util.Locale.ROOT);
    assertTrue(lower.contains("httponly") && lower.contains("samesite=strict") && lower.contains("path=/"), header);
    assertTrue(!header.contains("Secure"), "plain HTTP on loopback: a Secure cookie would never come back");
    String csrf = signedIn.bodyAsJsonObject().getString("csrf");
    assertNotNull(csrf);
    assertEquals("Kristin Lavransdatter", signedIn.bodyAsJsonObject().getJsonObject("agent").getString("name"));
    String cookie = cookie(signedIn);

    assertEquals("Kristin Lavransdatter", withCookie(HttpMethod.GET, "/api/agents/me", cookie, null, null)
        .bodyAsJsonObject().getString("name"), "reading needs the cookie only");
    assertEquals(csrf, withCookie(HttpMethod.GET, "/api/session", cookie, null, null).bodyAsJsonObject().getString("csrf"),
        "a reload of the desk gets its CSRF token back");
    assertEquals(false, gateway.get("/api/session", null).getBoolean("signedIn"), "a browser without the cookie is told so");
    assertEquals(200, withCookie(HttpMethod.PUT, "/api/agents/me/presence", cookie, csrf,
        new JsonObject().put("status", "online")).statusCode());

    HttpResponse<Buffer> behindTls = gateway.request(HttpMethod.POST, "/api/session", null,
        new JsonObject().put("email", "kristin@acme.test").put("password", PASSWORD), Map.of("X-Forwarded-Proto", "https"));
    assertTrue(behindTls.cookies().get(0).contains("Secure"), "behind the TLS ingress the cookie is Secure");

    FrameSocket desk = FrameSocket.connect(gateway.vertx(), gateway.port(), "/api/agents/stream",
        Map.of("Cookie", cookie, "Origin", "http://localhost:" + gateway.port()));
    desk.send(new JsonObject().put("type", "auth"));
    assertEquals("Kristin Lavransdatter", desk.next("ready").getJsonObject("agent").getString("name"));

    assertEquals(200, withCookie(HttpMethod.DELETE, "/api/session", cookie, csrf, null).statusCode());
    assertEquals(401, withCookie(HttpMethod.GET, "/api/agents/me", cookie, null, null).statusCode(), "signed out");
    assertEquals(false, withCookie(HttpMethod.GET, "/api/session", cookie, null, null).bodyAsJsonObject()
        .getBoolean("signedIn"));
    desk.close();
  }

  @Test
  void aChangeWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
    HttpResponse<Buffer> signedIn = signIn("kristin@acme.test", PASSWORD);
    String cookie = cookie(signedIn);
    HttpResponse<Buffer> forged = withCookie(HttpMethod.PUT, "/api/agents/me/presence", cookie, null,
        new JsonObject().put("status", "online"));
    assertEquals(403, forged.statusCode());
    assertEquals("csrf_failed", forged.bodyAsJsonObject().getJsonObject("error").getString("code"));
    assertEquals(403, withCookie(HttpMethod.PUT, "/api/agents/me/presence", cookie, "rat_guessed",
        new JsonObject().put("status", "online")).statusCode());
    assertEquals("offline", withCookie(HttpMethod.GET, "/api/agents/me", cookie, null, null).bodyAsJsonObject()
        .getString("presence"), "nothing changed");

    FrameSocket otherSite = FrameSocket.connect(gateway.vertx(), gateway.port(), "/api/agents/stream",
        Map.of("Cookie", cookie, "Origin", "https://evil.example"));
    otherSite.send(new JsonObject().put("type", "auth"));
    assertEquals("unauthorized", otherSite.next("error").getString("code"), "a page of another site cannot open her stream");
    otherSite.close();
  }

  @Test
  void aSessionEndsWhenItsTimeIsUp() {
    String cookie = cookie(signIn("kristin@acme.test", PASSWORD));
    gateway.clock.advance(Duration.ofHours(11).plusMinutes(59));
    assertEquals(200, withCookie(HttpMethod.GET, "/api/agents/me", cookie, null, null).statusCode());
    gateway.clock.advance(Duration.ofMinutes(1));
    HttpResponse<Buffer> expired = withCookie(HttpMethod.GET, "/api/agents/me", cookie, null, null);
    assertEquals(401, expired.statusCode());
    assertTrue(expired.bodyAsString().contains("sign in again"));
  }

  @Test
  void wrongPasswordsAreRefusedAlikeAuditedAndSlowedDown() {
    HttpResponse<Buffer> wrong = signIn("kristin@acme.test", "mot de passe faux");
    assertEquals(401, wrong.statusCode());
    assertEquals("that e-mail and password do not match", wrong.bodyAsJsonObject().getJsonObject("error").getString("message"));
    assertEquals(401, signIn("personne@acme.test", PASSWORD).statusCode(), "an unknown e-mail gets the same answer");
    assertEquals(422, signIn("kristin@acme.test", null).statusCode());
    List<JsonObject> audit = gateway.get("/api/admin/audit", ADMIN).getJsonArray("items").stream()
        .map(JsonObject.class::cast).filter(e -> "agent.sign-in-failed".equals(e.getString("action"))).toList();
    assertEquals(List.of("unknown", kristinId), audit.stream().map(e -> e.getString("target")).toList());

    for (int i = 0; i < 8; i++) {
      signIn("kristin@acme.test", "encore faux " + i);
    }
    HttpResponse<Buffer> limited = signIn("kristin@acme.test", PASSWORD);
    assertEquals(429, limited.statusCode(), "even the right password waits once the address failed too often");
    assertNotNull(limited.getHeader("Retry-After"));
    gateway.clock.advance(Duration.ofMinutes(1));
    assertEquals(200, signIn("kristin@acme.test", PASSWORD).statusCode());
  }

  @Test
  void anAdminResetSignsTheAgentOutEverywhereAndWeakPasswordsAreRefused() {
    HttpResponse<Buffer> signedIn = signIn("kristin@acme.test", PASSWORD);
    String cookie = cookie(signedIn);
    FrameSocket desk = FrameSocket.connect(gateway.vertx(), gateway.port(), "/api/agents/stream",
        Map.of("Cookie", cookie, "Origin", "http://localhost:" + gateway.port()));
    desk.send(new JsonObject().put("type", "auth"));
    desk.next("ready");

    HttpResponse<Buffer> weak = gateway.request(HttpMethod.PUT, "/api/admin/agents/" + kristinId + "/password", ADMIN,
        new JsonObject().put("password", "court"));
    assertEquals(422, weak.statusCode());
    assertTrue(weak.bodyAsString().contains("at least 12 characters"));
    assertEquals(200, withCookie(HttpMethod.GET, "/api/agents/me", cookie, null, null).statusCode(), "nothing changed");

    gateway.ok(gateway.request(HttpMethod.PUT, "/api/admin/agents/" + kristinId + "/password", ADMIN,
        new JsonObject().put("password", "une toute nouvelle phrase secrète")), 200);
    assertEquals(401, withCookie(HttpMethod.GET, "/api/agents/me", cookie, null, null).statusCode());
    assertEquals("signed_out", desk.next("error").getString("code"));
    desk.waitClosed();
    assertEquals(401, signIn("kristin@acme.test", PASSWORD).statusCode(), "the old password is gone");

    HttpResponse<Buffer> again = signIn("kristin@acme.test", "une toute nouvelle phrase secrète");
    assertEquals(200, again.statusCode());
    String fresh = cookie(again);
    String freshCsrf = again.bodyAsJsonObject().getString("csrf");
    assertEquals(422, withCookie(HttpMethod.PUT, "/api/agents/me/password", fresh, freshCsrf,
        new JsonObject().put("current", "pas la bonne").put("password", "ma propre phrase de passe")).statusCode());
    assertEquals(200, withCookie(HttpMethod.PUT, "/api/agents/me/password", fresh, freshCsrf,
        new JsonObject().put("current", "une toute nouvelle phrase secrète").put("password", "ma propre phrase de passe"))
        .statusCode(), "she chooses her own");
    assertEquals(200, signIn("kristin@acme.test", "ma propre phrase de passe").statusCode());

    gateway.post("/api/admin/agents/" + kristinId + "/deactivate", ADMIN, null, 200);
    assertEquals(401, withCookie(HttpMethod.GET, "/api/agents/me", fresh, null, null).statusCode(), "gone: signed out");
    assertEquals(401, signIn("kristin@acme.test", "ma propre phrase de passe").statusCode(), "and cannot sign in");
  }

  @Test
  void anAgentsSessionIsNotAnAdmins() {
    HttpResponse<Buffer> signedIn = signIn("kristin@acme.test", PASSWORD);
    HttpResponse<Buffer> refused = withCookie(HttpMethod.PUT, "/api/admin/agents/" + kristinId + "/password",
        cookie(signedIn), signedIn.bodyAsJsonObject().getString("csrf"), new JsonObject().put("password", "je deviens admin"));
    assertEquals(403, refused.statusCode());
  }
}
