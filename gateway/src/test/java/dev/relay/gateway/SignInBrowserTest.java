package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import dev.relay.gateway.support.Browsers;
import dev.relay.gateway.support.ConfiguredGatewayTestCase;
import dev.relay.gateway.support.OidcTestServer;
import dev.relay.gateway.support.SupportMailbox;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The desk's other ways in, in real Chromium: "Mot de passe oublié ?" and the e-mailed link
 * (GreenMail), and "Sign in with Acme Entra ID" (a local OpenID Connect provider).
 */
class SignInBrowserTest extends ConfiguredGatewayTestCase {

  @RegisterExtension
  final Browsers browsers = new Browsers();

  private static final String ADMIN = TestGateway.ADMIN_TOKEN;
  private static final Pattern LINK = Pattern.compile("http://localhost:\\d+/desk/#reset=\\S+");

  GreenMail mail;
  OidcTestServer provider;
  String desk;

  @BeforeEach
  void start(Vertx vertx) {
    mail = SupportMailbox.start();
    provider = OidcTestServer.start(vertx);
    int port = TestGateway.freePort();
    desk = "http://localhost:" + port + "/desk/";
    Map<String, String> settings = new java.util.HashMap<>(SupportMailbox.settings(mail));
    settings.putAll(Map.of("RELAY_HTTP_PORT", String.valueOf(port), "RELAY_SIGNIN_URL", "http://localhost:" + port,
        "RELAY_OIDC_ISSUER", provider.issuer(), "RELAY_OIDC_CLIENT_ID", OidcTestServer.CLIENT_ID,
        "RELAY_OIDC_CLIENT_SECRET", OidcTestServer.CLIENT_SECRET, "RELAY_OIDC_PROVIDER_NAME", "Acme Entra ID"));
    start(vertx, settings);
  }

  @AfterEach
  void stopServers() {
    provider.close();
    mail.stop();
  }

  String agent(String name, String email, String language) {
    String id = gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", name).put("email", email)
        .put("languages", new JsonArray().add(language)), 201).getJsonObject("agent").getString("id");
    gateway.ok(gateway.request(HttpMethod.PUT, "/api/admin/agents/" + id + "/password", ADMIN,
        new JsonObject().put("password", "cheval agrafe batterie correcte")), 200);
    return id;
  }

  @Test
  void aFrenchAgentAsksForALinkFollowsItChoosesANewPasswordAndTheLinkWorksOnce() {
    agent("Kristin Lavransdatter", "kristin@acme.test", "fr");
    WebDriver kristin = browsers.open("kristin", "fr-FR");
    kristin.get(desk);
    Browsers.await(kristin, By.id("forgot-toggle"));
    assertFalse(kristin.findElement(By.id("quality-link")).isDisplayed(), "no desk links before signing in");
    assertFalse(kristin.findElement(By.id("notify-on")).isDisplayed(), "nothing to be notified of before signing in");
    kristin.findElement(By.id("forgot-toggle")).click();
    Browsers.await(kristin, By.id("forgot-email")).sendKeys("kristin@acme.test");
    kristin.findElement(By.cssSelector("#forgot button")).click();
    Browsers.awaitText(kristin, By.id("forgot-result"), "un lien pour choisir un nouveau mot de passe vient de partir");
    assertEquals("Mot de passe oublié\u202f?", kristin.findElement(By.id("forgot-toggle")).getText());
    assertEquals(List.of(), Browsers.axe(kristin), "the sign-in page with its reset form");

    assertTrue(mail.waitForIncomingEmail(20_000, 1), "the link arrives");
    MimeMessage message = mail.getReceivedMessages()[0];
    Matcher link = LINK.matcher(SupportMailbox.text(message));
    assertTrue(link.find(), SupportMailbox.text(message));

    kristin.get(link.group());
    Browsers.await(kristin, By.id("new-password-input"));
    assertFalse(kristin.getCurrentUrl().contains("reset="), "the token leaves the address bar: " + kristin.getCurrentUrl());
    assertFalse(kristin.findElement(By.id("signin")).isDisplayed(), "the page asks for the new password only");
    assertEquals("Choisissez un nouveau mot de passe", kristin.findElement(By.cssSelector("#new-password h2")).getText());
    kristin.findElement(By.id("new-password-input")).sendKeys("court");
    kristin.findElement(By.cssSelector("#new-password button")).click();
    Browsers.awaitText(kristin, By.id("new-password-error"), "au moins 12 caractères");
    kristin.findElement(By.id("new-password-input")).clear();
    kristin.findElement(By.id("new-password-input")).sendKeys("une phrase toute neuve pour Kristin");
    kristin.findElement(By.cssSelector("#new-password button")).click();
    Browsers.awaitText(kristin, By.id("me"), "Kristin Lavransdatter");
    assertFalse(kristin.findElement(By.id("new-password")).isDisplayed());
    assertEquals(List.of(), Browsers.severeConsoleErrors(kristin));

    WebDriver again = browsers.open("the same link later", "fr-FR");
    again.get(link.group());
    Browsers.await(again, By.id("new-password-input")).sendKeys("encore une autre phrase secrète");
    again.findElement(By.cssSelector("#new-password button")).click();
    Browsers.awaitText(again, By.id("signin-error"), "Ce lien a déjà servi");
    assertTrue(again.findElement(By.id("forgot-toggle")).isDisplayed(), "a new one is a click away");
    Browsers.signIn(again, "kristin@acme.test", "une phrase toute neuve pour Kristin");
    Browsers.awaitText(again, By.id("me"), "Kristin Lavransdatter");
  }

  @Test
  void anAgentSignsInWithTheCompanysProviderAndAStrangerIsToldWhyNot() {
    agent("Solenne Côté", "solenne.cote@acme.test", "en");
    WebDriver solenne = browsers.open("solenne");
    solenne.get(desk);
    Browsers.awaitText(solenne, By.id("signin-provider"), "Sign in with Acme Entra ID");
    assertEquals(List.of(), Browsers.axe(solenne), "the sign-in page with the provider's button");

    provider.signedInAs("solenne.cote@acme.test", true);
    solenne.findElement(By.id("signin-provider")).click();
    Browsers.awaitText(solenne, By.id("me"), "Solenne Côté");
    assertEquals(desk, solenne.getCurrentUrl());
    assertEquals("", ((org.openqa.selenium.JavascriptExecutor) solenne).executeScript("return document.cookie"),
        "neither the session nor the sign-in attempt is in the page's reach");
    solenne.findElement(By.id("signout")).click();
    Browsers.await(solenne, By.id("signin-provider"));

    provider.signedInAs("stagiaire@acme.test", true);
    solenne.findElement(By.id("signin-provider")).click();
    Browsers.awaitText(solenne, By.id("signin-error"), "Your Acme Entra ID account is not a Relay agent’s");
    assertFalse(solenne.getCurrentUrl().contains("#signin="), solenne.getCurrentUrl());
    assertFalse(solenne.findElement(By.id("desk")).isDisplayed());
    assertEquals(List.of(), Browsers.severeConsoleErrors(solenne));
  }
}
