package dev.relay.gateway;

import static dev.relay.gateway.support.Browsers.await;
import static dev.relay.gateway.support.Browsers.awaitText;
import static dev.relay.gateway.support.Browsers.severeConsoleErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.connector.twilio.TwilioTestServer;
import dev.relay.gateway.support.Browsers;
import dev.relay.gateway.support.Eventually;
import dev.relay.gateway.support.TwilioGatewayTestCase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A reply the channel refused (Twilio, here the local one, says the number is not valid) in the
 * desk, in real Chromium: the agent reads "Not sent." (in French, "Non envoyé.") with Twilio's
 * reason on the reply itself, and sends the same reply again with one click; it goes once.
 */
class DeskNotSentBrowserTest extends TwilioGatewayTestCase {

  static final String PASSWORD = "cheval agrafe batterie correcte";
  static final String CUSTOMER = "+33698765432";

  @RegisterExtension
  final Browsers browsers = new Browsers();
  String kristin;

  @BeforeEach
  void agentWithPassword() {
    kristin = gateway.agentWithPassword("Kristin Lavransdatter", "kristin@acme.test", PASSWORD);
    gateway.atDesk(kristin);
  }

  /** Léa texts in; once Relay's acknowledgement text went (Twilio took it), the next reply is refused. */
  private void leaTextsAndTwilioRefusesTheNextText(String text) {
    assertEquals(200, text("SM" + Long.toHexString(System.nanoTime()) + "0".repeat(20), CUSTOMER, text,
        TwilioTestServer.AUTH_TOKEN).statusCode());
    Eventually.get(() -> twilio.requests().stream().anyMatch(r -> r.form().getOrDefault("Body", "").contains("Kristin"))
        ? true : null, "the acknowledgement text");
    twilio.failNext(400, 1);
  }

  private WebDriver deskWithTheConversation(String language, String live) {
    WebDriver desk = browsers.open("desk", language);
    desk.get("http://localhost:" + gateway.port() + "/desk/");
    Browsers.signIn(desk, "kristin@acme.test", PASSWORD);
    awaitText(desk, By.id("live"), live);
    DeskBrowserTest.openFirstConversation(desk);
    return desk;
  }

  private static void reply(WebDriver desk, String text) {
    desk.findElement(By.id("reply-text")).sendKeys(text);
    desk.findElement(By.id("send")).click();
  }

  private long textsTo(String body) {
    return twilio.requests().stream().filter(r -> r.path().endsWith("/Messages.json") && CUSTOMER.equals(r.form().get("To"))
        && r.form().getOrDefault("Body", "").startsWith(body)).count();
  }

  @Test
  void aReplyTwilioRefusedSaysNotSentWithWhyAndIsSentAgainOnce() {
    leaTextsAndTwilioRefusesTheNextText("Bonjour, ma box ne marche plus depuis ce matin.");
    WebDriver desk = deskWithTheConversation("en-US", "Live");
    reply(desk, "Have you restarted the box?");

    WebElement failed = await(desk, By.cssSelector("#timeline li.outbound.failed"));
    awaitText(desk, By.cssSelector("#timeline li.outbound.failed .not-sent"), "Not sent.");
    assertTrue(failed.getText().contains("Have you restarted the box?"), failed.getText());
    assertTrue(failed.findElement(By.cssSelector(".not-sent")).getText().contains("not a valid phone number"),
        "Twilio's reason: " + failed.getText());
    WebElement again = failed.findElement(By.cssSelector(".send-again"));
    assertEquals("Send again", again.getText());
    assertEquals(List.of(), Browsers.axe(desk), "the desk with a reply not sent");
    Browsers.screenshot(desk, DeskBrowserTest.SCREENSHOTS.resolve("desk-not-sent.png"));
    assertEquals(1, textsTo("Have you restarted the box?"), "tried once");

    again.click();
    new WebDriverWait(desk, Duration.ofSeconds(10)).until(b -> b.findElements(By.cssSelector("#timeline li.outbound.failed"))
        .isEmpty());
    awaitText(desk, By.cssSelector("#timeline li.outbound:last-of-type .meta"), "sent");
    assertEquals(2, textsTo("Have you restarted the box?"), "sent again: one more try, which Twilio took");
    String id = gateway.get("/api/conversations", kristin).getJsonArray("items").getJsonObject(0)
        .getJsonObject("conversation").getString("id");
    List<JsonObject> replies = gateway.get("/api/conversations/" + id, kristin).getJsonArray("messages").stream()
        .map(JsonObject.class::cast).filter(m -> "outbound".equals(m.getString("direction"))
            && m.getString("text").startsWith("Have you restarted")).toList();
    assertEquals(1, replies.size(), "the same reply, not a second one");
    assertEquals("sent", replies.get(0).getString("status"));
    assertEquals(List.of(), severeConsoleErrors(desk));
  }

  @Test
  void inFrenchTheDeskSaysNonEnvoyeAndRenvoyer() {
    leaTextsAndTwilioRefusesTheNextText("Bonjour, je n’ai plus de connexion.");
    WebDriver desk = deskWithTheConversation("fr-FR", "En direct");
    reply(desk, "Avez-vous redémarré la box ?");

    awaitText(desk, By.cssSelector("#timeline li.outbound.failed .not-sent"), "Non envoyé.");
    WebElement again = desk.findElement(By.cssSelector("#timeline li.outbound.failed .send-again"));
    assertEquals("Renvoyer", again.getText());
    assertEquals(List.of(), Browsers.axe(desk), "le bureau avec une réponse non envoyée");
    Browsers.screenshot(desk, DeskBrowserTest.SCREENSHOTS.resolve("desk-not-sent-fr.png"));
    again.click();
    new WebDriverWait(desk, Duration.ofSeconds(10)).until(b -> b.findElements(By.cssSelector("#timeline li.outbound.failed"))
        .isEmpty());
    awaitText(desk, By.cssSelector("#timeline li.outbound:last-of-type .meta"), "envoyé");
    assertEquals(2, textsTo("Avez-vous redémarré la box ?"));
  }
}
