package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.Await;
import dev.relay.gateway.support.ConfiguredGatewayTestCase;
import dev.relay.gateway.support.OidcTestServer;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Agents sign in through the company's OpenID Connect provider: a real provider on a local port
 * (discovery, JWKS, authorize, token with PKCE), followed redirect by redirect as a browser would.
 */
class OidcSignInTest extends ConfiguredGatewayTestCase {

  private static final String ADMIN = TestGateway.ADMIN_TOKEN;

  OidcTestServer provider;
  WebClient browser;
  String solenneId;

  @BeforeEach
  void start(Vertx vertx) {
    provider = OidcTestServer.start(vertx);
    int port = TestGateway.freePort();
    start(vertx, Map.of("RELAY_HTTP_PORT", String.valueOf(port),
        "RELAY_SIGNIN_URL", "http://localhost:" + port,
        "RELAY_OIDC_ISSUER", provider.issuer(),
        "RELAY_OIDC_CLIENT_ID", OidcTestServer.CLIENT_ID,
        "RELAY_OIDC_CLIENT_SECRET", OidcTestServer.CLIENT_SECRET,
        "RELAY_OIDC_PROVIDER_NAME", "Acme Entra ID"));
    browser = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
    solenneId = gateway.createAgent("Solenne Côté", "solenne.cote@acme.test").getJsonObject("agent").getString("id");
  }

  @AfterEach
  void stopProvider() {
    browser.close();
    provider.close();
  }

  /** Where the browser ends up after Relay and the provider have redirected it, with the cookies it was given. */
  record Landing(String location, String sessionCookie, HttpResponse<Buffer> last) {
    String refusal() {
      return location.startsWith("/desk/#signin=") ? location.substring("/desk/#signin=".length()) : null;
    }
  }

  /** "Sign in with Acme Entra ID": Relay → provider → Relay's callback, the provider's redirect possibly tampered with. */
  Landing signInThroughProvider(java.util.function.UnaryOperator<String> callbackTamper) {
    HttpResponse<Buffer> toProvider = get("http://localhost:" + gateway.port() + "/api/session/oidc", null);
    assertEquals(302, toProvider.statusCode(), toProvider::bodyAsString);
    String bound = cookie(toProvider, "relay_oidc");
    assertNotNull(bound, "the sign-in is bound to this browser");
    String authorize = toProvider.getHeader("Location");
    assertTrue(authorize.startsWith(provider.issuer() + "/authorize?"), authorize);
    assertTrue(authorize.contains("code_challenge_method=S256") && authorize.contains("nonce="), authorize);
    HttpResponse<Buffer> back = get(authorize, null);
    assertEquals(302, back.statusCode(), back::bodyAsString);
    String callback = callbackTamper.apply(back.getHeader("Location"));
    assertTrue(callback.startsWith("http://localhost:" + gateway.port() + "/api/session/oidc/callback?"), callback);
    HttpResponse<Buffer> landed = get(callback, "relay_oidc=" + bound);
    assertEquals(303, landed.statusCode(), landed::bodyAsString);
    return new Landing(landed.getHeader("Location"), cookie(landed, "relay_session"), landed);
  }

  HttpResponse<Buffer> get(String url, String cookie) {
    var request = browser.getAbs(url);
    if (cookie != null) {
      request.putHeader("Cookie", cookie);
    }
    return Await.result(request.send());
  }

  static String cookie(HttpResponse<Buffer> response, String name) {
    return response.cookies().stream().filter(c -> c.startsWith(name + "=")).map(c -> c.substring(name.length() + 1, c.indexOf(';')))
        .filter(v -> !v.isEmpty()).findFirst().orElse(null);
  }

  List<JsonObject> refusals() {
    return gateway.get("/api/admin/audit", ADMIN).getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(e -> "agent.oidc-sign-in-refused".equals(e.getString("action"))).toList();
  }

  @Test
  void theDeskOffersTheProviderAndAnAgentSignsInWithTheirVerifiedEmail() {
    JsonObject options = gateway.get("/api/session/options", null);
    assertEquals("Acme Entra ID", options.getString("provider"));
    assertEquals("/api/session/oidc", options.getString("providerSignIn"));
    assertEquals(false, options.getBoolean("passwordReset"), "no e-mail channel here: no link to offer");
    HttpResponse<Buffer> noMail = gateway.request(HttpMethod.POST, "/api/session/password-reset", null,
        new JsonObject().put("email", "solenne.cote@acme.test"));
    assertEquals(404, noMail.statusCode());
    assertTrue(noMail.bodyAsString().contains("ask an admin"), noMail::bodyAsString);

    provider.signedInAs("Solenne.Cote@acme.test", true);
    Landing landing = signInThroughProvider(url -> url);
    assertEquals("/desk/", landing.location());
    assertNotNull(landing.sessionCookie());
    String header = landing.last().cookies().stream().filter(c -> c.startsWith("relay_session=")).findFirst().orElseThrow()
        .toLowerCase(java.util.Locale.ROOT);
    assertTrue(header.contains("httponly") && header.contains("samesite=strict"), header);

    JsonObject session = gateway.ok(gateway.request(HttpMethod.GET, "/api/session", null, null,
        Map.of("Cookie", "relay_session=" + landing.sessionCookie())), 200);
    assertEquals(true, session.getBoolean("signedIn"));
    assertEquals("Solenne Côté", session.getJsonObject("agent").getString("name"));
    assertNotNull(session.getString("csrf"), "changes from the desk carry its CSRF token, as after a password sign-in");
    assertEquals(List.of(), refusals());
  }

  @Test
  void aRedirectWithAnotherStateIsRefusedAndNobodyIsSignedIn() {
    provider.signedInAs("solenne.cote@acme.test", true);
    Landing forged = signInThroughProvider(url -> url.replaceAll("state=[^&]+", "state=rat_forged"));
    assertEquals("state", forged.refusal());
    assertEquals(null, forged.sessionCookie());
    assertEquals("state", refusals().get(0).getJsonObject("details").getString("reason"));

    // The same callback without the cookie its sign-in set (another browser, a link sent to a victim): refused too.
    HttpResponse<Buffer> toProvider = get("http://localhost:" + gateway.port() + "/api/session/oidc", null);
    String callback = get(toProvider.getHeader("Location"), null).getHeader("Location");
    HttpResponse<Buffer> elsewhere = get(callback, null);
    assertEquals("/desk/#signin=state", elsewhere.getHeader("Location"));
    assertEquals(null, cookie(elsewhere, "relay_session"));
  }

  @Test
  void anIdTokenWithAnotherNonceIsRefused() {
    provider.signedInAs("solenne.cote@acme.test", true);
    provider.nextNonce("rat_a-nonce-from-another-sign-in");
    Landing replayed = signInThroughProvider(url -> url);
    assertEquals("nonce", replayed.refusal());
    assertEquals(null, replayed.sessionCookie());
    assertEquals("nonce", refusals().get(0).getJsonObject("details").getString("reason"));
  }

  @Test
  void anIdTokenSignedByAKeyTheProviderNeverPublishedOrForAnotherApplicationIsRefused() {
    provider.signedInAs("solenne.cote@acme.test", true);
    provider.nextSignedByAnotherKey();
    Landing forged = signInThroughProvider(url -> url);
    assertEquals("token", forged.refusal());
    assertEquals(null, forged.sessionCookie());

    provider.nextForAudience("the-intranet-app");
    assertEquals("token", signInThroughProvider(url -> url).refusal(), "an id token for another application");

    Landing genuine = signInThroughProvider(url -> url);
    assertEquals("/desk/", genuine.location(), "the provider's own key still signs her in");
  }

  @Test
  void aDeactivatedAgentAnUnknownPersonAndAnUnverifiedAddressAreRefusedAndAudited() {
    gateway.post("/api/admin/agents/" + solenneId + "/deactivate", ADMIN, null, 200);
    provider.signedInAs("solenne.cote@acme.test", true);
    assertEquals("deactivated", signInThroughProvider(url -> url).refusal());

    provider.signedInAs("stagiaire@acme.test", true);
    assertEquals("not_an_agent", signInThroughProvider(url -> url).refusal());

    gateway.createAgent("Élodie Gagnon", "elodie.gagnon@acme.test");
    provider.signedInAs("elodie.gagnon@acme.test", false);
    assertEquals("unverified_email", signInThroughProvider(url -> url).refusal(),
        "an address the provider has not verified could be anyone's");

    List<JsonObject> refused = refusals();
    assertEquals(List.of("unverified_email", "not_an_agent", "deactivated"),
        refused.stream().map(e -> e.getJsonObject("details").getString("reason")).toList());
    assertEquals(solenneId, refused.get(2).getString("target"));
  }

  @Test
  void aCallbackUsedTwiceSignsInOnce() {
    provider.signedInAs("solenne.cote@acme.test", true);
    HttpResponse<Buffer> toProvider = get("http://localhost:" + gateway.port() + "/api/session/oidc", null);
    String bound = "relay_oidc=" + cookie(toProvider, "relay_oidc");
    String callback = get(toProvider.getHeader("Location"), null).getHeader("Location");
    HttpResponse<Buffer> first = get(callback, bound);
    assertEquals("/desk/", first.getHeader("Location"));
    assertNotNull(cookie(first, "relay_session"), "the first landing signs Solenne in");
    HttpResponse<Buffer> replayed = get(callback, bound);
    assertEquals("/desk/#signin=state", replayed.getHeader("Location"), "a replayed redirect opens nothing");
    assertNull(cookie(replayed, "relay_session"), "and gives no session");
    assertEquals("state", refusals().get(0).getJsonObject("details").getString("reason"), "the replay is audited");
  }

  @Test
  void anAgentWhoCancelsAtTheProviderIsToldSo() {
    HttpResponse<Buffer> toProvider = get("http://localhost:" + gateway.port() + "/api/session/oidc", null);
    String state = cookie(toProvider, "relay_oidc");
    HttpResponse<Buffer> cancelled = get("http://localhost:" + gateway.port() + "/api/session/oidc/callback?error=access_denied"
        + "&error_description=The+user+cancelled&state=" + state, "relay_oidc=" + state);
    assertEquals("/desk/#signin=cancelled", cancelled.getHeader("Location"));
    assertTrue(cancelled.cookies().stream().anyMatch(c -> c.startsWith("relay_oidc=;")), "the attempt's cookie is cleared");
    assertEquals("cancelled", refusals().get(0).getJsonObject("details").getString("reason"));
  }
}
