package dev.relay.gateway;

import static dev.relay.gateway.support.Browsers.await;
import static dev.relay.gateway.support.Browsers.awaitText;
import static dev.relay.gateway.support.Browsers.axe;
import static dev.relay.gateway.support.Browsers.severeConsoleErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.Browsers;
import dev.relay.gateway.support.ChatHistorySeed;
import dev.relay.gateway.support.TestGateway;
import dev.relay.gateway.support.TwilioGatewayTestCase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat widget as a company ships it and a visitor uses it, in real Chromium: the company's look
 * before anyone answers, the unread badge, feedback on every message that did not go (and its
 * retry), two tabs in step, safe links, the survey's stars, a 320 px phone; axe-core finds no serious
 * or critical problem on the widget or the admin page. Calls are set up (a local Twilio), so the
 * callback form shows. Pictures for the docs go to target/widget-screenshots.
 */
class WidgetBrowserTest extends TwilioGatewayTestCase {

  static final String ADMIN = TestGateway.ADMIN_TOKEN;
  static final Path PICTURES = Path.of("target", "widget-screenshots");

  @RegisterExtension
  final Browsers browsers = new Browsers();
  String kristin;

  /** Three messages at once, then one a minute, on a clock that moves only when the test says. */
  @Override
  protected Map<String, String> extraEnv() {
    return Map.of("RELAY_CHAT_BURST", "3", "RELAY_CHAT_PER_MINUTE", "1");
  }

  static final String PASSWORD = "cheval agrafe batterie correcte";

  @BeforeEach
  void agent() {
    JsonObject hired = gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", "Kristin Lavransdatter")
        .put("email", "kristin@acme.test").put("phone", "+33 6 12 34 56 78"), 201);
    kristin = hired.getString("token");
    TestGateway.ok(gateway.request(HttpMethod.PUT, "/api/admin/agents/" + hired.getJsonObject("agent").getString("id")
        + "/password", ADMIN, new JsonObject().put("password", PASSWORD)), 200);
    gateway.atDesk(kristin);
  }

  private String url(String path) {
    return "http://localhost:" + gateway.port() + path;
  }

  private static Object js(WebDriver browser, String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  private WebDriver chatOpen(String language) {
    WebDriver visitor = browsers.open("visitor", language);
    visitor.get(url("/chat/"));
    await(visitor, By.cssSelector(".relay-launcher")).click();
    await(visitor, By.cssSelector(".relay-input"));
    return visitor;
  }

  private static void write(WebDriver visitor, String text, String sent) {
    WebElement input = visitor.findElement(By.cssSelector(".relay-input"));
    input.sendKeys(text);
    input.sendKeys(Keys.ENTER);
    new WebDriverWait(visitor, Duration.ofSeconds(10)).until(b -> b.findElements(By.cssSelector(".relay-msg.visitor")).stream()
        .anyMatch(m -> m.getText().contains(text) && m.getText().contains(sent)));
  }

  /** Kristin's (only) conversation, as her desk lists it. */
  private JsonObject onlyConversation() {
    return gateway.get("/api/conversations", kristin).getJsonArray("items").getJsonObject(0);
  }

  private void kristinReplies(String text) {
    String id = onlyConversation().getJsonObject("conversation").getString("id");
    gateway.post("/api/conversations/" + id + "/messages", kristin, new JsonObject().put("text", text), 202);
  }

  private void brandBoulangerie() {
    TestGateway.ok(gateway.request(HttpMethod.PUT, "/api/admin/brand", ADMIN, BrandApiTest.BOULANGERIE), 200);
    TestGateway.ok(gateway.request(HttpMethod.PUT, "/api/admin/brand/logo", ADMIN, Buffer.buffer(BrandApiTest.png()),
        Map.of("Content-Type", "image/png")), 200);
  }

  @Test
  void aCompanysWidgetShowsItsNameLogoAndGreetingAsksTheNameThenShowsTheAgent() {
    brandBoulangerie();
    WebDriver visitor = browsers.open("visitor", "fr-FR");
    visitor.get(url("/chat/"));
    WebElement launcher = await(visitor, By.cssSelector(".relay-launcher"));
    assertEquals("rgba(122, 31, 61, 1)", launcher.getCssValue("background-color"), "the company's colour");
    assertTrue((Boolean) js(visitor, "var r = document.querySelector('.relay-launcher').getBoundingClientRect();"
        + " return r.left < innerWidth / 2;"), "the chat button sits bottom left, as the company chose");
    launcher.click();

    awaitText(visitor, By.cssSelector(".relay-header strong"), "Boulangerie Martin");
    WebElement logo = await(visitor, By.cssSelector(".relay-avatar img"));
    assertTrue(logo.getAttribute("src").contains("/chat/brand/logo?v="), logo.getAttribute("src"));
    new WebDriverWait(visitor, Duration.ofSeconds(10)).until(b -> ((Number) js(b,
        "return document.querySelector('.relay-avatar img').naturalWidth;")).intValue() == 64);
    assertFalse(visitor.findElement(By.cssSelector(".relay-header")).getText().contains("?"), "no question-mark avatar");
    assertEquals("Bonjour\u202f! Une question sur votre commande\u202f?",
        visitor.findElement(By.cssSelector(".relay-greeting")).getText());
    WebElement name = visitor.findElement(By.cssSelector(".relay-name input"));
    assertEquals("Votre nom (facultatif)", visitor.findElement(By.cssSelector(".relay-name")).getText());
    assertEquals(List.of(), axe(visitor), "the branded widget, open, before the first message");
    Browsers.screenshot(visitor, PICTURES.resolve("widget-desktop-before.png"));

    name.sendKeys("Élodie Gagnon");
    write(visitor, "Bonjour, ma commande n° 4512 n’est pas arrivée", "✓ Envoyé");
    awaitText(visitor, By.cssSelector(".relay-header strong"), "Kristin Lavransdatter");
    assertEquals("KL", visitor.findElement(By.cssSelector(".relay-avatar")).getText(), "the agent's initials");
    assertFalse(visitor.findElement(By.cssSelector(".relay-name")).isDisplayed(), "asked once");
    assertEquals("Élodie Gagnon", onlyConversation().getJsonObject("customer").getString("name"),
        "the name she gave is the one her agent sees");
    assertEquals(List.of(), axe(visitor));
    Browsers.screenshot(visitor, PICTURES.resolve("widget-desktop.png"));
    assertEquals(List.of(), severeConsoleErrors(visitor));
  }

  @Test
  void onTheDeskATexterIsTheirNumberAsWrittenInFranceAndAVisitorTheNameTheyGave() {
    assertEquals(200, text("SM" + "c".repeat(32), "+33698765432", "Bonjour, ma box ne marche plus",
        dev.relay.connector.twilio.TwilioTestServer.AUTH_TOKEN).statusCode());
    TestGateway.ok(gateway.request(HttpMethod.PUT, "/api/admin/brand", ADMIN, new JsonObject().put("askName", true)), 200);
    WebDriver visitor = chatOpen("fr-FR");
    visitor.findElement(By.cssSelector(".relay-name input")).sendKeys("Jean Tremblay");
    write(visitor, "Bonjour, je voudrais changer mon adresse de livraison", "✓ Envoyé");

    WebDriver desk = browsers.open("desk", "fr-FR");
    desk.get(url("/desk/"));
    Browsers.signIn(desk, "kristin@acme.test", PASSWORD);
    awaitText(desk, By.id("conversations"), "06 98 76 54 32");
    awaitText(desk, By.id("conversations"), "Jean Tremblay");
    assertFalse(desk.findElement(By.id("conversations")).getText().contains("Visiteur"), "nobody is a nameless visitor");
    assertFalse(desk.findElement(By.id("conversations")).getText().contains("Visitor"), "nobody is a nameless visitor");
  }

  @Test
  void aVisitorWithYearsOfChatsSeesTheLastOnesAndShowsOlderOnesBackToTheirFirstMessage() {
    WebDriver visitor = chatOpen("fr-FR");
    write(visitor, LongChatHistoryTest.FIRST, "Envoyé");
    String token = (String) js(visitor, "return localStorage.getItem('relay.visitorToken');");
    gateway.restartAfter(store -> ChatHistorySeed.seed(store, token));
    // The gateway came back on another port, another origin: the visitor's token goes with them.
    visitor.get(url("/chat/"));
    js(visitor, "localStorage.setItem('relay.visitorToken', arguments[0]);", token);
    visitor.navigate().refresh();
    await(visitor, By.cssSelector(".relay-launcher")).click();
    awaitText(visitor, By.cssSelector(".relay-log"), ChatHistorySeed.text(ChatHistorySeed.MESSAGES));
    await(visitor, By.cssSelector(".relay-earlier summary")).click();
    // The widget redraws the earlier chats as each page arrives: a button found just before is found again.
    WebDriverWait wait = new WebDriverWait(visitor, Duration.ofSeconds(10));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    for (int pages = 0; !visitor.findElements(By.cssSelector(".relay-older")).isEmpty(); pages++) {
      assertTrue(pages < 20, "the pages end");
      WebElement older = visitor.findElement(By.cssSelector(".relay-older"));
      assertEquals("Afficher les conversations plus anciennes", older.getText());
      older.click();
      wait.until(b -> b.findElements(By.cssSelector(".relay-older")).stream().allMatch(WebElement::isEnabled));
    }
    List<WebElement> chats = visitor.findElements(By.cssSelector(".relay-earlier-one"));
    assertEquals(ChatHistorySeed.CHATS - 1, chats.size(), "every chat that is over, once");
    List<WebElement> oldest = chats.get(chats.size() - 1).findElements(By.cssSelector(".relay-msg"));
    assertTrue(oldest.get(0).getText().contains(LongChatHistoryTest.FIRST), "it starts with their very first message");
    List<WebElement> second = chats.get(chats.size() - 2).findElements(By.cssSelector(".relay-msg"));
    assertEquals(ChatHistorySeed.PER_CHAT, second.size(), "a chat two pages cut is shown whole, in order");
    assertTrue(second.get(0).getText().contains(ChatHistorySeed.text(ChatHistorySeed.PER_CHAT + 1)));
    assertTrue(second.get(second.size() - 1).getText().contains(ChatHistorySeed.text(2 * ChatHistorySeed.PER_CHAT)));
    assertEquals(List.of(), axe(visitor), "the earlier chats, unfolded");
  }

  @Test
  void repliesThatCameWhileTheChatWasClosedShowAsAnUnreadBadge() {
    WebDriver visitor = chatOpen("en-US");
    write(visitor, "My parcel has not arrived", "Sent");
    visitor.findElement(By.cssSelector(".relay-close")).click();
    assertFalse(visitor.findElement(By.cssSelector(".relay-badge")).isDisplayed(), "nothing unread yet");

    kristinReplies("Sorry about that, I am checking with the carrier.");
    kristinReplies("It left the depot this morning: you will have it tomorrow.");
    awaitText(visitor, By.cssSelector(".relay-badge"), "2");
    assertEquals(" — 2 new messages", visitor.findElement(By.cssSelector(".relay-launcher .relay-sr")).getAttribute("textContent"),
        "screen readers hear it with the button's name");
    assertEquals(List.of(), axe(visitor), "the closed widget with its badge");

    visitor.findElement(By.cssSelector(".relay-launcher")).click();
    awaitText(visitor, By.cssSelector(".relay-log"), "you will have it tomorrow");
    assertEquals(Boolean.TRUE, js(visitor, "return document.querySelector('.relay-badge').hidden;"), "read once opened");
  }

  @Test
  void aMessageRefusedForComingTooFastSaysSoOnItselfAndIsSentAgain() {
    WebDriver visitor = chatOpen("en-US");
    write(visitor, "Hello", "Sent");
    write(visitor, "I ordered a cake", "Sent");
    write(visitor, "for Saturday", "Sent");
    write(visitor, "with “Joyeux anniversaire Léa” on it", "Too many messages at once: not sent yet.");
    WebElement refused = visitor.findElement(By.cssSelector(".relay-msg.relay-failed"));
    assertTrue(refused.getText().contains("with “Joyeux anniversaire Léa” on it"), refused.getText());
    assertEquals(List.of(), axe(visitor), "the refused message and its button");

    gateway.clock.advance(Duration.ofMinutes(2));
    refused.findElement(By.cssSelector(".relay-retry")).click();
    new WebDriverWait(visitor, Duration.ofSeconds(10)).until(b -> b.findElements(By.cssSelector(".relay-msg.relay-failed")).isEmpty());
    awaitText(visitor, By.cssSelector(".relay-msg.visitor:last-of-type .relay-meta"), "Sent");
    String id = onlyConversation().getJsonObject("conversation").getString("id");
    assertTrue(gateway.get("/api/conversations/" + id, kristin).getJsonArray("messages").encode()
        .contains("Joyeux anniversaire Léa"), "stored once sent again: nothing lost");
  }

  @Test
  void aMessageOverTheLimitIsNeitherCutNorSentAndTheVisitorIsToldWhy() {
    WebDriver visitor = chatOpen("fr-FR");
    String pasted = "Voici le détail de ma réclamation : " + "la livraison était en retard. ".repeat(140);
    js(visitor, "var i = document.querySelector('.relay-input'); i.value = arguments[0];"
        + " i.dispatchEvent(new Event('input'));", pasted);
    int length = pasted.strip().length();
    awaitText(visitor, By.cssSelector(".relay-count"), length + " caractères sur 4000");
    visitor.findElement(By.cssSelector(".relay-input")).sendKeys(Keys.ENTER);
    awaitText(visitor, By.cssSelector(".relay-status"), "Votre message fait " + length + " caractères\u202f; la limite est de 4000.");
    assertEquals(pasted, visitor.findElement(By.cssSelector(".relay-input")).getAttribute("value"),
        "the whole text stays in the box, to be shortened");
    assertEquals(0, visitor.findElements(By.cssSelector(".relay-msg")).size(), "nothing was sent");
    assertEquals(List.of(), axe(visitor));
  }

  @Test
  void twoTabsOfOneVisitorShowTheSameConversation() {
    WebDriver visitor = chatOpen("fr-FR");
    String first = visitor.getWindowHandle();
    write(visitor, "Livrez-vous à Lyon ?", "✓ Envoyé");

    visitor.switchTo().newWindow(WindowType.TAB);
    visitor.get(url("/chat/"));
    await(visitor, By.cssSelector(".relay-launcher")).click();
    awaitText(visitor, By.cssSelector(".relay-log"), "Livrez-vous à Lyon ?");
    write(visitor, "Et à Villeurbanne ?", "✓ Envoyé");

    visitor.switchTo().window(first);
    awaitText(visitor, By.cssSelector(".relay-log"), "Et à Villeurbanne ?");
    kristinReplies("Oui, partout dans la métropole de Lyon.");
    awaitText(visitor, By.cssSelector(".relay-msg.agent"), "Oui, partout dans la métropole de Lyon.");
    assertEquals(2, visitor.findElements(By.cssSelector(".relay-msg.visitor")).size(), "each of her messages once");
    for (String tab : visitor.getWindowHandles()) {
      visitor.switchTo().window(tab);
      awaitText(visitor, By.cssSelector(".relay-msg.agent"), "Oui, partout dans la métropole de Lyon.");
    }
  }

  @Test
  void webMailAndPhoneLinksAreClickableAndAJavascriptLinkStaysText() {
    WebDriver visitor = chatOpen("fr-FR");
    write(visitor, "Où en est mon colis ?", "✓ Envoyé");
    String tracking = url("/chat/?colis=6A12345678901");
    kristinReplies("Suivez-le ici : " + tracking + ". Une question ? Écrivez à mailto:aide@boulangerie-martin.fr ou appelez"
        + " tel:+33698765432 — mais jamais javascript:alert(document.title='pwned')");
    awaitText(visitor, By.cssSelector(".relay-msg.agent"), "mais jamais javascript:alert(document.title='pwned')");

    List<WebElement> links = visitor.findElements(By.cssSelector(".relay-msg.agent a"));
    assertEquals(List.of(tracking, "mailto:aide@boulangerie-martin.fr", "tel:+33698765432"),
        links.stream().map(a -> a.getAttribute("href")).toList(), "the full stop after the address is not part of it");
    links.forEach(a -> assertEquals("noopener noreferrer", a.getAttribute("rel")));
    assertEquals("_blank", links.get(0).getAttribute("target"), "a web page opens beside the chat");
    assertEquals(0, visitor.findElements(By.cssSelector(".relay-log a[href^='javascript'], .relay-log script")).size());

    links.get(0).click();
    new WebDriverWait(visitor, Duration.ofSeconds(10)).until(b -> b.getWindowHandles().size() == 2);
    String chat = visitor.getWindowHandle();
    visitor.getWindowHandles().stream().filter(h -> !h.equals(chat)).forEach(h -> visitor.switchTo().window(h));
    new WebDriverWait(visitor, Duration.ofSeconds(10)).until(b -> tracking.equals(b.getCurrentUrl()));
    assertEquals(null, js(visitor, "return window.opener;"), "the page opened cannot reach the chat's window");
    visitor.switchTo().window(chat);
    assertEquals("Acme — talk to us", visitor.getTitle(), "no script ran");
    assertEquals(List.of(), axe(visitor));
  }

  @Test
  void theSurveyIsAskedWithStarsAndTheScoreReachesTheAgent() {
    WebDriver visitor = chatOpen("fr-FR");
    write(visitor, "Merci pour la livraison rapide", "✓ Envoyé");
    String id = onlyConversation().getJsonObject("conversation").getString("id");
    gateway.post("/api/conversations/" + id + "/resolve", kristin, null, 200);

    WebElement stars = await(visitor, By.cssSelector(".relay-survey"));
    assertEquals("Votre note", stars.getAttribute("aria-label"));
    assertEquals(List.of("1 sur 5", "2 sur 5", "3 sur 5", "4 sur 5", "5 sur 5"), stars.findElements(By.tagName("button"))
        .stream().map(b -> b.getAttribute("aria-label")).toList());
    awaitText(visitor, By.cssSelector(".relay-log"), "Répondez par une note de 1 (mauvais) à 5 (excellent).");
    assertEquals(List.of(), axe(visitor), "the survey's buttons");

    stars.findElements(By.tagName("button")).get(3).click();
    write(visitor, "", "✓ Envoyé");
    assertEquals("★★★★☆", visitor.findElements(By.cssSelector(".relay-msg.visitor .relay-text")).get(1).getText());
    assertFalse(stars.findElements(By.tagName("button")).get(0).isEnabled(), "answered once");
    new WebDriverWait(visitor, Duration.ofSeconds(10)).until(b -> gateway.get("/api/conversations/" + id, kristin)
        .getJsonObject("conversation").getJsonObject("satisfaction").getInteger("score", 0) == 4);
    awaitText(visitor, By.cssSelector(".relay-log"), "Merci pour votre réponse.");
  }

  @Test
  void onA320PixelPhoneTheWidgetAndTheCallbackFormFit() {
    brandBoulangerie();
    WebDriver visitor = browsers.open("visitor", "fr-FR");
    ((ChromeDriver) visitor).executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", 320, "height", 640, "deviceScaleFactor", 2, "mobile", true));
    visitor.get(url("/chat/"));
    await(visitor, By.cssSelector(".relay-launcher")).click();
    assertEquals(320L, js(visitor, "return document.documentElement.clientWidth;"));
    Browsers.screenshot(visitor, PICTURES.resolve("widget-phone.png"));
    assertEquals(List.of(), axe(visitor), "at 320 px");

    await(visitor, By.cssSelector(".relay-call-toggle")).click();
    WebElement callMe = await(visitor, By.cssSelector(".relay-call .relay-send"));
    assertEquals("Appelez-moi", callMe.getText());
    assertEquals(Boolean.TRUE, js(visitor, """
        var b = arguments[0].getBoundingClientRect();
        var inside = b.left >= 0 && b.right <= innerWidth && b.top >= 0 && b.bottom <= innerHeight;
        return inside && document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2) === arguments[0];
        """, callMe), "the whole Call me button shows, nothing over it");
    assertEquals(Boolean.TRUE, js(visitor, "var s = document.querySelector('.relay-form .relay-send').getBoundingClientRect();"
        + " return s.right <= innerWidth && s.bottom <= innerHeight;"), "so does Send");
    Browsers.screenshot(visitor, PICTURES.resolve("widget-phone-callback.png"));
    assertEquals(List.of(), axe(visitor), "the callback form at 320 px");

    visitor.findElement(By.cssSelector(".relay-phone")).sendKeys("06 98 76 54 32");
    callMe.click();
    new WebDriverWait(visitor, Duration.ofSeconds(10)).until(b -> !b.findElement(By.cssSelector(".relay-call")).isDisplayed());
    awaitText(visitor, By.cssSelector(".relay-log"), "Kristin Lavransdatter vous rappellera");
  }

  @Test
  void theAdminPageHasNoSeriousAccessibilityProblemAndRefusesAColourWhiteCannotBeReadOn() throws IOException {
    WebDriver admin = browsers.open("admin");
    admin.get(url("/admin/"));
    assertEquals("en", admin.findElement(By.tagName("html")).getAttribute("lang"), "the page says its language");
    assertEquals(List.of(), axe(admin), "the sign-in form");
    await(admin, By.id("token")).sendKeys(ADMIN);
    admin.findElement(By.cssSelector("#signin-form button")).click();
    await(admin, By.cssSelector("#texts-locale option[value='fr']"));
    awaitText(admin, By.id("brand-snippet"), "/chat/widget.js");
    assertEquals(List.of(), axe(admin), "rules, hours, texts and the widget's look");

    WebElement hex = admin.findElement(By.id("brand-colour-hex"));
    hex.clear();
    hex.sendKeys("#f5b400");
    awaitText(admin, By.id("brand-contrast"), "Contrast with white text: 1.84:1. Below 4.5:1 (WCAG AA)");
    admin.findElement(By.id("brand-name")).sendKeys("Boulangerie Martin");
    admin.findElement(By.id("brand-save")).click();
    awaitText(admin, By.id("brand-problems"), "colour: white text on #f5b400 has a contrast of 1.84:1");
    awaitText(admin, By.id("brand-status"), "Not saved");
    assertEquals(null, gateway.get("/api/admin/brand", ADMIN).getString("name"), "nothing was saved");

    hex.clear();
    hex.sendKeys("#7a1f3d");
    awaitText(admin, By.id("brand-contrast"), "10.04:1. Meets WCAG AAA.");
    admin.findElement(By.id("brand-greeting-fr")).sendKeys("Bonjour\u202f! Une question sur votre commande\u202f?");
    admin.findElement(By.cssSelector("input[name='brand-position'][value='left']")).click();
    admin.findElement(By.id("brand-save")).click();
    awaitText(admin, By.id("brand-status"), "Saved");
    Path logo = Files.write(data.resolve("logo-boulangerie.png"), BrandApiTest.png());
    admin.findElement(By.id("brand-logo")).sendKeys(logo.toAbsolutePath().toString());
    awaitText(admin, By.id("brand-logo-status"), "Logo saved.");
    await(admin, By.id("brand-logo-preview"));
    JsonObject brand = gateway.get("/api/admin/brand", ADMIN);
    assertEquals("Boulangerie Martin", brand.getString("name"));
    assertEquals("#7a1f3d", brand.getString("colour"));
    assertEquals("left", brand.getString("position"));
    assertEquals("image/png", brand.getJsonObject("logo").getString("type"));
    assertEquals(List.of(), axe(admin), "after saving, with the logo");

    admin.get(url("/admin/agents.html"));
    assertEquals("en", admin.findElement(By.tagName("html")).getAttribute("lang"));
    awaitText(admin, By.id("agents"), "Kristin Lavransdatter");
    assertEquals(List.of(), axe(admin), "the agents page, signed in");
    assertEquals(List.of(), severeConsoleErrors(admin).stream().filter(e -> !e.contains("status of 422")).toList(),
        "no errors on the admin page but the refusal it showed");
  }
}
