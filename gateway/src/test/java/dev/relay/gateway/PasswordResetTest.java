package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.relay.gateway.support.ConfiguredGatewayTestCase;
import dev.relay.gateway.support.Eventually;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** "Forgot your password?": a one-time link by e-mail (a real SMTP server, GreenMail), followed as the agent would. */
class PasswordResetTest extends ConfiguredGatewayTestCase {

  static final String SUPPORT = "support@acme.test";
  private static final String ADMIN = TestGateway.ADMIN_TOKEN;
  private static final String OLD = "cheval agrafe batterie correcte";
  private static final Pattern LINK = Pattern.compile("(http://localhost:\\d+/desk/)#reset=(\\S+)");

  GreenMail mail;
  String kristinId;

  @BeforeEach
  void start(Vertx vertx) {
    mail = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTP.port(0), ServerSetupTest.IMAP.port(0)});
    mail.start();
    mail.setUser(SUPPORT, "support", "s3cret pass");
    int port = TestGateway.freePort();
    start(vertx, Map.of("RELAY_HTTP_PORT", String.valueOf(port),
        "RELAY_SIGNIN_URL", "http://localhost:" + port + "/",
        "RELAY_IMAP_URL", "imap://support:s3cret%20pass@localhost:" + mail.getImap().getPort() + "/INBOX",
        "RELAY_SMTP_URL", "smtp://support:s3cret%20pass@localhost:" + mail.getSmtp().getPort(),
        "RELAY_SUPPORT_ADDRESS", SUPPORT,
        "RELAY_EMAIL_POLL", "PT1S"));
    kristinId = gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", "Kristin Lavransdatter")
        .put("email", "kristin@acme.test").put("languages", new JsonArray().add("fr").add("en")), 201)
        .getJsonObject("agent").getString("id");
    gateway.ok(gateway.request(HttpMethod.PUT, "/api/admin/agents/" + kristinId + "/password", ADMIN,
        new JsonObject().put("password", OLD)), 200);
  }

  @AfterEach
  void stopMail() {
    mail.stop();
  }

  HttpResponse<Buffer> forgot(String email) {
    return gateway.request(HttpMethod.POST, "/api/session/password-reset", null, new JsonObject().put("email", email));
  }

  HttpResponse<Buffer> newPassword(String token, String password) {
    return gateway.request(HttpMethod.POST, "/api/session/new-password", null,
        new JsonObject().put("token", token).put("password", password));
  }

  HttpResponse<Buffer> signIn(String password) {
    return gateway.request(HttpMethod.POST, "/api/session", null,
        new JsonObject().put("email", "kristin@acme.test").put("password", password));
  }

  /** The {@code n}th mail that reached kristin@acme.test. */
  MimeMessage received(int n) {
    assertTrue(mail.waitForIncomingEmail(Duration.ofSeconds(20).toMillis(), n), "a reset mail arrives");
    List<MimeMessage> hers = java.util.Arrays.stream(mail.getReceivedMessages()).filter(m -> to(m).equals("kristin@acme.test"))
        .toList();
    return hers.get(n - 1);
  }

  static String to(MimeMessage message) {
    try {
      return message.getAllRecipients()[0].toString();
    } catch (jakarta.mail.MessagingException e) {
      throw new AssertionError(e);
    }
  }

  static String text(MimeMessage message) {
    try {
      return message.getContent().toString();
    } catch (java.io.IOException | jakarta.mail.MessagingException e) {
      throw new AssertionError(e);
    }
  }

  static String token(MimeMessage message) {
    Matcher link = LINK.matcher(text(message));
    assertTrue(link.find(), text(message));
    return link.group(2);
  }

  List<JsonObject> audit(String action) {
    return gateway.get("/api/admin/audit", ADMIN).getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(e -> action.equals(e.getString("action"))).toList();
  }

  @Test
  void theLinkArrivesInHerLanguageSetsANewPasswordOnceAndSignsHerOutElsewhere() throws Exception {
    String elsewhere = signIn(OLD).cookies().get(0).split(";")[0];
    assertEquals(true, gateway.get("/api/session/options", null).getBoolean("passwordReset"));

    HttpResponse<Buffer> asked = forgot("Kristin@Acme.test");
    assertEquals(202, asked.statusCode(), asked::bodyAsString);
    MimeMessage message = received(1);
    assertEquals("Choisissez un nouveau mot de passe Relay", message.getSubject(), "she reads French first");
    String text = text(message);
    assertTrue(text.startsWith("Bonjour Kristin Lavransdatter,"), text);
    assertTrue(text.contains("dans les 30 minutes à venir"), text);
    Matcher link = LINK.matcher(text);
    assertTrue(link.find(), text);
    assertEquals("http://localhost:" + gateway.port() + "/desk/", link.group(1), "the link opens the desk at its public address");
    String token = link.group(2);
    assertTrue(token.length() >= 43, "unguessable: 256 random bits");

    HttpResponse<Buffer> weak = newPassword(token, "trop court");
    assertEquals(422, weak.statusCode());
    assertTrue(weak.bodyAsString().contains("at least 12 characters"), weak::bodyAsString);

    HttpResponse<Buffer> reset = newPassword(token, "une phrase toute neuve pour Kristin");
    assertEquals(200, reset.statusCode(), "a weak password did not use the link up: " + reset.bodyAsString());
    assertEquals("Kristin Lavransdatter", reset.bodyAsJsonObject().getJsonObject("agent").getString("name"));
    assertNotNull(reset.bodyAsJsonObject().getString("csrf"), "she is signed in on this browser");
    assertTrue(reset.cookies().get(0).startsWith("relay_session="));

    assertEquals(401, gateway.request(HttpMethod.GET, "/api/agents/me", null, null, Map.of("Cookie", elsewhere)).statusCode(),
        "the browser signed in with the old password is signed out");
    assertEquals(401, signIn(OLD).statusCode(), "the old password is gone");
    assertEquals(200, signIn("une phrase toute neuve pour Kristin").statusCode());

    HttpResponse<Buffer> again = newPassword(token, "encore une autre phrase secrète");
    assertEquals(410, again.statusCode());
    assertEquals("reset_link_used", again.bodyAsJsonObject().getJsonObject("error").getString("code"));
    assertTrue(again.bodyAsJsonObject().getJsonObject("error").getString("message").contains("ask for a new one"));
    assertEquals(200, signIn("une phrase toute neuve pour Kristin").statusCode(), "nothing changed");

    assertEquals("sent", audit("agent.password-reset-asked").get(0).getJsonObject("details").getString("outcome"));
    assertEquals(kristinId, audit("agent.password-reset-by-link").get(0).getString("target"));
    assertEquals("unknown or used", audit("agent.password-reset-refused").get(0).getJsonObject("details").getString("outcome"));
  }

  @Test
  void anExpiredLinkAndALinkSentBeforeTheLastChangeNoLongerWork() {
    forgot("kristin@acme.test");
    String first = token(received(1));
    gateway.clock.advance(Duration.ofMinutes(30));
    HttpResponse<Buffer> expired = newPassword(first, "une phrase toute neuve pour Kristin");
    assertEquals(410, expired.statusCode());
    assertEquals("reset_link_expired", expired.bodyAsJsonObject().getJsonObject("error").getString("code"));
    assertTrue(expired.bodyAsString().contains("has expired"), expired::bodyAsString);
    assertEquals(200, signIn(OLD).statusCode(), "her password is unchanged");

    forgot("kristin@acme.test");
    String older = token(received(2));
    forgot("kristin@acme.test");
    String newer = token(received(3));
    assertEquals(200, newPassword(newer, "une phrase toute neuve pour Kristin").statusCode());
    HttpResponse<Buffer> stale = newPassword(older, "la phrase de quelqu’un d’autre");
    assertEquals(410, stale.statusCode(), "a link sent for the password she has since changed");
    assertEquals("reset_link_void", stale.bodyAsJsonObject().getJsonObject("error").getString("code"));
    assertEquals(200, signIn("une phrase toute neuve pour Kristin").statusCode());
  }

  @Test
  void anyAddressGetsTheSameAnswerAndOnlyAnActiveAgentGetsAMail() {
    String leftId = gateway.createAgent("Léo Tremblay", "leo.tremblay@acme.test").getJsonObject("agent").getString("id");
    gateway.post("/api/admin/agents/" + leftId + "/deactivate", ADMIN, null, 200);

    HttpResponse<Buffer> agent = forgot("kristin@acme.test");
    HttpResponse<Buffer> stranger = forgot("personne@acme.test");
    HttpResponse<Buffer> gone = forgot("leo.tremblay@acme.test");
    for (HttpResponse<Buffer> answer : List.of(stranger, gone)) {
      assertEquals(agent.statusCode(), answer.statusCode());
      assertEquals(agent.bodyAsString(), answer.bodyAsString(), "nothing tells whether the address is an agent's");
    }
    List<JsonObject> asked = Eventually.get(() -> {
      List<JsonObject> entries = audit("agent.password-reset-asked");
      return entries.size() == 3 ? entries : null;
    }, "the three requests are audited");
    assertEquals(Map.of("unknown", "not sent: no such agent", leftId, "not sent: deactivated", kristinId, "sent"),
        Map.of(asked.get(0).getString("target"), asked.get(0).getJsonObject("details").getString("outcome"),
            asked.get(1).getString("target"), asked.get(1).getJsonObject("details").getString("outcome"),
            asked.get(2).getString("target"), asked.get(2).getJsonObject("details").getString("outcome")));
    received(1);
    assertEquals(1, mail.getReceivedMessages().length, "one mail, to the active agent");
  }

  @Test
  void askingIsLimitedPerAgentAndPerAddress() {
    for (int i = 0; i < 4; i++) {
      assertEquals(202, forgot("kristin@acme.test").statusCode());
    }
    Eventually.get(() -> audit("agent.password-reset-asked").size() == 4 ? true : null, "four requests audited");
    assertEquals(List.of("not sent: asked too often", "sent", "sent", "sent"), audit("agent.password-reset-asked").stream()
        .map(e -> e.getJsonObject("details").getString("outcome")).sorted().toList(), "her mailbox is not flooded");
    received(3);
    assertEquals(202, forgot("personne@acme.test").statusCode());
    HttpResponse<Buffer> limited = forgot("autre@acme.test");
    assertEquals(429, limited.statusCode(), "the sixth request from one address in a quarter of an hour waits");
    assertNotNull(limited.getHeader("Retry-After"));
    gateway.clock.advance(Duration.ofMinutes(15));
    assertEquals(202, forgot("kristin@acme.test").statusCode());
    received(4);
  }

  @Test
  void badRequestsAreRefusedClearlyAndChangeNothing() {
    HttpResponse<Buffer> noAddress = gateway.request(HttpMethod.POST, "/api/session/password-reset", null, new JsonObject());
    assertEquals(422, noAddress.statusCode());
    assertTrue(noAddress.bodyAsString().contains("email"), noAddress::bodyAsString);
    HttpResponse<Buffer> notJson = gateway.request(HttpMethod.POST, "/api/session/password-reset", null,
        "email=kristin@acme.test", Map.of("Content-Type", "application/x-www-form-urlencoded"));
    assertEquals(400, notJson.statusCode());
    HttpResponse<Buffer> noToken = gateway.request(HttpMethod.POST, "/api/session/new-password", null,
        new JsonObject().put("password", "une phrase toute neuve pour Kristin"));
    assertEquals(422, noToken.statusCode());
    assertTrue(noToken.bodyAsString().contains("token"), noToken::bodyAsString);
    HttpResponse<Buffer> madeUp = newPassword("rat_inventé-par-quelqu’un", "une phrase toute neuve pour Kristin");
    assertEquals(410, madeUp.statusCode());
    assertEquals(200, signIn(OLD).statusCode(), "her password is unchanged");
    assertEquals(0, mail.getReceivedMessages().length);
  }
}
