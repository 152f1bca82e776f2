package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static dev.relay.gateway.support.Browsers.await;
import static dev.relay.gateway.support.Browsers.awaitText;
import static dev.relay.gateway.support.Browsers.axe;
import static dev.relay.gateway.support.Browsers.severeConsoleErrors;
import static dev.relay.gateway.support.Browsers.signIn;

import dev.relay.gateway.support.Browsers;
import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.TestGateway;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat widget and the agent desk in real headless Chromium (Debian's chromium and
 * chromium-driver; .ci/run installs them): a visitor chats in one browser, the agent answers from
 * the desk in another, both see it live, and a customer's HTML stays text. Screenshots of both
 * browsers go to target/browser-screenshots when a test fails.
 */
class BrowserTest extends GatewayTestCase {

  @RegisterExtension
  final Browsers browsers = new Browsers();
  static final String PASSWORD = "cheval agrafe batterie correcte";
  String token;

  @BeforeEach
  void agent() {
    io.vertx.core.json.JsonObject kristin = gateway.createAgent("Kristin Lavransdatter", "kristin@acme.test");
    token = kristin.getString("token");
    TestGateway.ok(gateway.request(io.vertx.core.http.HttpMethod.PUT,
        "/api/admin/agents/" + kristin.getJsonObject("agent").getString("id") + "/password", TestGateway.ADMIN_TOKEN,
        new io.vertx.core.json.JsonObject().put("password", PASSWORD)), 200);
    gateway.atDesk(token); // reachable: her desk is open
  }

  private String url(String path) {
    return "http://localhost:" + gateway.port() + path;
  }

  private WebDriver visitorSays(String text) throws IOException {
    WebDriver visitor = browsers.open("visitor");
    visitor.get(url("/chat/"));
    await(visitor, By.cssSelector(".relay-launcher")).click();
    WebElement input = await(visitor, By.cssSelector(".relay-input"));
    input.sendKeys(text);
    input.sendKeys(Keys.ENTER);
    awaitText(visitor, By.cssSelector(".relay-msg.visitor .relay-meta"), "Sent");
    return visitor;
  }

  private WebDriver deskSignedIn() throws IOException {
    return deskSignedIn("en-US", "Live");
  }

  private WebDriver deskSignedIn(String language, String live) throws IOException {
    WebDriver desk = browsers.open("desk", language);
    desk.get(url("/desk/"));
    signIn(desk, "kristin@acme.test", PASSWORD);
    awaitText(desk, By.id("live"), live);
    return desk;
  }

  @Test
  void aVisitorChatsAndTheAgentAnswersFromTheDeskBothLive() throws IOException {
    WebDriver desk = deskSignedIn();
    WebDriver visitor = visitorSays("My parcel has not arrived");
    awaitText(visitor, By.cssSelector(".relay-header strong"), "Kristin Lavransdatter");
    assertEquals("KL", visitor.findElement(By.cssSelector(".relay-avatar")).getText(), "the agent's initials");

    // The desk was open before the message: it arrives live, unread.
    WebElement row = await(desk, By.cssSelector("#conversations li"));
    awaitText(desk, By.cssSelector("#conversations li .unread"), "1");
    assertTrue(row.getText().contains("My parcel has not arrived"), row.getText());
    row.click();
    awaitText(desk, By.id("timeline"), "My parcel has not arrived");
    awaitText(visitor, By.cssSelector(".relay-msg.visitor .relay-meta"), "Seen");
    assertTrue(desk.findElement(By.cssSelector("#timeline .inbound .channel")).getText().equalsIgnoreCase("chat"),
        "each message shows its channel");
    WebElement reply = desk.findElement(By.id("reply-text"));
    reply.sendKeys("Sorry about that, ");
    awaitText(visitor, By.cssSelector(".relay-header span"), "Kristin Lavransdatter is typing");
    reply.sendKeys("I am checking with the carrier.");
    desk.findElement(By.cssSelector("#reply button[type=submit]")).click();

    awaitText(visitor, By.cssSelector(".relay-msg.agent"), "Sorry about that, I am checking with the carrier.");
    assertTrue(visitor.findElement(By.cssSelector(".relay-msg.agent .relay-meta")).getText().contains("Kristin Lavransdatter"),
        "signed with the agent's name");
    awaitText(desk, By.cssSelector("#timeline .outbound"), "delivered");
    visitor.findElement(By.cssSelector(".relay-input")).sendKeys("Thanks");
    awaitText(desk, By.id("typing"), "is typing");

    desk.findElement(By.id("resolve")).click();
    await(desk, By.id("reopen"));
    assertEquals(List.of(), severeConsoleErrors(desk), "no errors on the desk");
    assertEquals(List.of(), severeConsoleErrors(visitor), "no errors in the widget");
  }

  /** What the page's origin keeps in the visitor's browser: every storage key, and the cookies. */
  private static String stored(WebDriver browser) {
    return String.valueOf(((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
        "return JSON.stringify({local: Object.keys(localStorage), session: Object.keys(sessionStorage),"
            + " cookies: document.cookie});"));
  }

  /** The widget has its welcome (its header no longer says it is connecting), whether or not the panel is open. */
  private static void awaitWelcome(WebDriver browser) {
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(b -> (Boolean) ((org.openqa.selenium.JavascriptExecutor) b)
        .executeScript("var s = document.querySelector('.relay-header span');"
            + " return !!s && s.textContent !== 'Connecting…';"));
  }

  @Test
  void theWidgetStoresNothingInTheBrowserUntilTheVisitorOpensTheChat() throws IOException {
    WebDriver visitor = browsers.open("visitor");
    visitor.get(url("/chat/"));
    awaitWelcome(visitor);
    assertEquals("{\"local\":[],\"session\":[],\"cookies\":\"\"}", stored(visitor),
        "a page view with the widget leaves nothing behind");

    await(visitor, By.cssSelector(".relay-launcher")).click();
    new WebDriverWait(visitor, Duration.ofSeconds(10)).until(b -> stored(b).contains("relay.visitorToken"));
    assertEquals("{\"local\":[\"relay.visitorToken\"],\"session\":[],\"cookies\":\"\"}", stored(visitor),
        "opened: only the visitor token, so a reload resumes the chat");
    assertEquals(List.of(), severeConsoleErrors(visitor));
  }

  @Test
  void aSiteThatHasTheVisitorsConsentLetsTheWidgetRememberThemAtOnce() throws IOException {
    WebDriver visitor = browsers.open("visitor");
    visitor.get(url("/chat/"));
    awaitWelcome(visitor);
    // The company's page embeds the widget with its documented consent attribute.
    ((org.openqa.selenium.JavascriptExecutor) visitor).executeScript(
        "document.querySelector('.relay-chat').remove();"
            + " var tag = document.createElement('script'); tag.src = '/chat/widget.js';"
            + " tag.dataset.relayConsent = 'granted'; document.body.appendChild(tag);");
    new WebDriverWait(visitor, Duration.ofSeconds(10)).until(b -> stored(b).contains("relay.visitorToken"));
    assertTrue(visitor.findElement(By.cssSelector(".relay-panel")).getAttribute("hidden") != null,
        "remembered without the chat being opened");
  }

  @Test
  void withTheBrowserInFrenchTheWidgetItsNoticesAndTheDeskSpeakFrench() throws IOException {
    WebDriver desk = deskSignedIn("fr-FR", "En direct");
    assertEquals("fr", desk.findElement(By.tagName("html")).getAttribute("lang"), "the desk declares its language");
    assertEquals("Poste Relay", desk.findElement(By.tagName("h1")).getText());
    assertEquals("Relay — poste agent", desk.getTitle());

    WebDriver visitor = browsers.open("visitor", "fr-FR");
    visitor.get(url("/chat/"));
    WebElement launcher = await(visitor, By.cssSelector(".relay-launcher"));
    assertEquals("Discuter avec nous", launcher.getText());
    launcher.click();
    WebElement input = await(visitor, By.cssSelector(".relay-input"));
    assertEquals("Écrivez votre message…", input.getAttribute("placeholder"));
    assertEquals("fr-FR", visitor.findElement(By.cssSelector(".relay-panel")).getAttribute("lang"),
        "the widget says which language its texts are in");
    assertEquals("Fermer la discussion", visitor.findElement(By.cssSelector(".relay-close")).getAttribute("aria-label"));
    input.sendKeys("Bonjour, mon colis n’est toujours pas arrivé");
    input.sendKeys(Keys.ENTER);
    awaitText(visitor, By.cssSelector(".relay-msg.visitor .relay-meta"), "✓ Envoyé");
    awaitText(visitor, By.cssSelector(".relay-notice"), "Kristin Lavransdatter vous répondra.");

    WebElement row = await(desk, By.cssSelector("#conversations li"));
    assertTrue(row.getText().contains("en attente depuis"), row.getText());
    row.click();
    awaitText(desk, By.id("timeline"), "Bonjour, mon colis n’est toujours pas arrivé");
    awaitText(visitor, By.cssSelector(".relay-msg.visitor .relay-meta"), "✓✓ Lu");
    assertEquals("ouverte", desk.findElement(By.id("conversation-status")).getText());
    awaitText(desk, By.id("profile-facts"), "fr-FR — français (France)");
    assertEquals("Résoudre", desk.findElement(By.id("resolve")).getText());
    WebElement reply = desk.findElement(By.id("reply-text"));
    assertEquals("Écrivez votre réponse…", reply.getAttribute("placeholder"));
    reply.sendKeys("Je regarde tout de suite avec le transporteur.");
    awaitText(visitor, By.cssSelector(".relay-header span"), "Kristin Lavransdatter écrit…");
    desk.findElement(By.cssSelector("#reply button[type=submit]")).click();
    awaitText(visitor, By.cssSelector(".relay-msg.agent"), "Je regarde tout de suite avec le transporteur.");
    awaitText(desk, By.cssSelector("#timeline .outbound"), "remis");

    desk.findElement(By.id("resolve")).click();
    awaitText(visitor, By.cssSelector(".relay-log"), "Qu’avez-vous pensé de notre service\u202f?");
    await(desk, By.id("reopen"));
    assertEquals(List.of(), severeConsoleErrors(desk), "no errors on the desk");
    assertEquals(List.of(), severeConsoleErrors(visitor), "no errors in the widget");
  }

  @Test
  void anAdminRewordsAFrenchTextWithAPreviewAndABrokenOneIsRefusedWithItsProblem() throws IOException {
    WebDriver admin = browsers.open("admin");
    admin.get(url("/admin/"));
    await(admin, By.id("token")).sendKeys(TestGateway.ADMIN_TOKEN);
    admin.findElement(By.cssSelector("#signin-form button")).click();
    await(admin, By.cssSelector("#texts-locale option[value='fr']"));
    new org.openqa.selenium.support.ui.Select(admin.findElement(By.id("texts-locale"))).selectByValue("fr");
    awaitText(admin, By.id("texts-rows"), "{agent} vous répondra.");
    WebElement mine = await(admin, By.cssSelector("textarea[aria-label='Your words for notice.agentAnswers']"));
    mine.sendKeys("Bonjour, {agnt} vous répond très vite.");
    WebElement preview = mine.findElement(By.xpath("following-sibling::p"));
    new WebDriverWait(admin, Duration.ofSeconds(10)).until(d -> preview.getText().contains("[agnt] is not an argument"));
    admin.findElement(By.id("texts-save")).click();
    awaitText(admin, By.id("texts-problems"), "overrides.notice.agentAnswers: [agnt] is not an argument");
    awaitText(admin, By.id("texts-status"), "Not saved");

    mine.clear();
    mine.sendKeys("Bonjour, {agent} vous répond très vite.");
    new WebDriverWait(admin, Duration.ofSeconds(10)).until(d -> preview.getText()
        .equals("Bonjour, Élodie Gagnon vous répond très vite."));
    admin.findElement(By.id("texts-save")).click();
    awaitText(admin, By.id("texts-status"), "Saved as version 1");
    assertEquals("Bonjour, {agent} vous répond très vite.", gateway.get("/api/admin/texts/fr", TestGateway.ADMIN_TOKEN)
        .getJsonObject("overrides").getString("notice.agentAnswers"));
    assertEquals(List.of(), severeConsoleErrors(admin).stream().filter(e -> !e.contains("status of 422")).toList(),
        "no errors on the admin page but the refusals it showed");
  }

  @Test
  void forgetMeEndsTheChatAndClearsWhatTheBrowserKept() throws IOException {
    WebDriver visitor = visitorSays("Je déménage, pouvez-vous changer mon adresse ?");
    JavascriptExecutor page = (JavascriptExecutor) visitor;
    String token = (String) page.executeScript("return localStorage.getItem('relay.visitorToken');");
    assertTrue(token != null && !token.isBlank(), "the widget keeps its token while chatting");
    visitor.findElement(By.cssSelector(".relay-forget")).click();
    awaitText(visitor, By.cssSelector(".relay-status"), "no longer remembers");
    assertEquals(null, page.executeScript("return localStorage.getItem('relay.visitorToken');"), "the token is gone");
    assertEquals(null, page.executeScript("return sessionStorage.getItem('relay.pending');"));
    assertEquals(0, visitor.findElements(By.cssSelector(".relay-msg")).size(), "the transcript is cleared");
    try (var withOldToken = gateway.visitor(token)) {
      assertEquals(0, withOldToken.welcome().getJsonArray("history").size(), "the old token opens nothing");
    }
    visitor.navigate().refresh();
    await(visitor, By.cssSelector(".relay-launcher")).click();
    assertEquals(0, visitor.findElements(By.cssSelector(".relay-msg")).size(), "a reload shows nothing either");
    assertEquals(List.of(), severeConsoleErrors(visitor), "no errors in the widget");
  }

  @Test
  void htmlFromACustomerOrAnAgentStaysInertText() throws IOException {
    String payload = "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>";
    WebDriver desk = deskSignedIn();
    WebDriver visitor = visitorSays("Look: " + payload);
    await(desk, By.cssSelector("#conversations li")).click();
    awaitText(desk, By.id("timeline"), "Look: " + payload);
    assertEquals(0, desk.findElements(By.cssSelector("#timeline img, #timeline script, #conversations img")).size(),
        "the customer's HTML is shown as text, not parsed");
    WebElement reply = desk.findElement(By.id("reply-text"));
    reply.sendKeys("Echo: " + payload);
    desk.findElement(By.cssSelector("#reply button[type=submit]")).click();
    awaitText(visitor, By.cssSelector(".relay-msg.agent"), "Echo: " + payload);
    assertEquals(0, visitor.findElements(By.cssSelector(".relay-log img, .relay-log script")).size());
    assertEquals("Relay — agent desk", desk.getTitle(), "no script ran on the desk");
    assertEquals("Acme — talk to us", visitor.getTitle(), "no script ran in the widget");
  }

  /** The visitor reloads the page and opens the chat again: the header says what the gateway knows now. */
  private String headerAfterReload(WebDriver visitor) {
    visitor.navigate().refresh();
    await(visitor, By.cssSelector(".relay-launcher")).click();
    new WebDriverWait(visitor, Duration.ofSeconds(10)).until(driver -> {
      String state = driver.findElement(By.cssSelector(".relay-header span")).getText();
      return !state.isEmpty() && !state.startsWith("Connecting") && !state.equals("Your agent");
    });
    return visitor.findElement(By.cssSelector(".relay-header span")).getText();
  }

  @Test
  void theWidgetHeaderSaysWhetherKristinIsHereAwayOrWhenSheIsBack() throws IOException {
    WebDriver visitor = browsers.open("visitor");
    visitor.get(url("/chat/"));
    await(visitor, By.cssSelector(".relay-launcher")).click();
    awaitText(visitor, By.cssSelector(".relay-header span"), "We are here");
    WebElement input = await(visitor, By.cssSelector(".relay-input"));
    input.sendKeys("Bonjour, my order 4711 has not arrived");
    input.sendKeys(Keys.ENTER);
    awaitText(visitor, By.cssSelector(".relay-log"), "Kristin Lavransdatter will answer you.");

    assertEquals("Kristin Lavransdatter is here", headerAfterReload(visitor));

    gateway.presence(token, "away");
    assertEquals("Away — will answer when back", headerAfterReload(visitor));

    gateway.presence(token, "online");
    String id = gateway.get("/api/agents/me", token).getString("id");
    assertEquals(200, gateway.request(io.vertx.core.http.HttpMethod.PUT, "/api/admin/agents/" + id + "/hours",
        dev.relay.gateway.support.TestGateway.ADMIN_TOKEN, PresenceTest.PARIS_OFFICE).statusCode());
    gateway.clock.advance(Duration.ofHours(11).plusMinutes(30)); // Monday 21:30 in Paris
    String closed = headerAfterReload(visitor);
    assertTrue(closed.matches("Kristin Lavransdatter is back tomorrow at 0?9:00( AM)? \\(your time\\)"), closed);
    assertTrue(visitor.findElement(By.cssSelector(".relay-chat")).getText().indexOf("usually answer") < 0,
        "no promise the data cannot keep");
    assertEquals(List.of(), severeConsoleErrors(visitor), "no errors in the widget");
  }

  @Test
  void anAdminSetsTheCompanysHoursOnTheAdminPageAndKristinSeesThemOnHerDesk() throws IOException {
    WebDriver admin = browsers.open("admin");
    admin.get(url("/admin/"));
    await(admin, By.id("token")).sendKeys(dev.relay.gateway.support.TestGateway.ADMIN_TOKEN);
    admin.findElement(By.cssSelector("#signin-form button")).click();
    await(admin, By.id("hours-timezone")).sendKeys("Europe/Paris");
    for (String day : List.of("mon", "tue", "wed", "thu", "fri")) {
      admin.findElement(By.id("hours-" + day)).sendKeys("09:00-12:30, 13:30-18:00");
    }
    admin.findElement(By.id("hours-holidays")).sendKeys("2026-05-01\n2026-12-24..2026-12-26");
    admin.findElement(By.id("hours-save")).click();
    awaitText(admin, By.id("hours-status"), "Saved");
    io.vertx.core.json.JsonObject company = gateway.get("/api/admin/hours", dev.relay.gateway.support.TestGateway.ADMIN_TOKEN)
        .getJsonObject("company");
    assertEquals(List.of("09:00-12:30", "13:30-18:00"), company.getJsonObject("week").getJsonArray("mon").getList());
    assertEquals(List.of("2026-05-01", "2026-12-24..2026-12-26"), company.getJsonArray("holidays").getList());

    admin.findElement(By.id("hours-team")).sendKeys("quebec");
    admin.findElement(By.id("hours-timezone")).clear();
    admin.findElement(By.id("hours-timezone")).sendKeys("Montréal");
    admin.findElement(By.id("hours-save")).click();
    awaitText(admin, By.id("hours-problems"), "timezone");

    WebDriver desk = deskSignedIn();
    desk.findElement(By.cssSelector("#my-hours summary")).click();
    awaitText(desk, By.id("my-hours-source"), "company");
    assertEquals("09:00-12:30, 13:30-18:00", desk.findElement(By.id("my-hours-mon")).getAttribute("value"));
    awaitText(desk, By.id("reachability"), "Reachable");

    WebDriver french = deskSignedIn("fr-FR", "En direct");
    french.findElement(By.cssSelector("#my-hours summary")).click();
    awaitText(french, By.id("my-hours-source"), "Les horaires de l’entreprise");
    awaitText(french, By.id("reachability"), "Joignable");
    assertEquals("Mes horaires de travail", french.findElement(By.cssSelector("#my-hours summary")).getText());
    assertEquals("Mardi", french.findElement(By.cssSelector("label[for='my-hours-tue']")).getText());
    assertEquals("Congés et absences (une date ou une période par ligne)",
        french.findElement(By.cssSelector("label[for='my-hours-holidays']")).getText());
    french.findElement(By.id("my-hours-save")).click();
    awaitText(french, By.id("my-hours-result"), "Enregistré.");
    awaitText(french, By.id("my-hours-source"), "Vos propres horaires.");
    assertEquals(List.of(), severeConsoleErrors(admin).stream().filter(e -> !e.contains("status of 422")).toList(),
        "no errors on the admin page but the refused save, which Chromium logs");
    assertEquals(List.of(), severeConsoleErrors(desk), "no errors on the desk");
  }

  /** The marked texts (data-i18n…) the page shows as their bare key: words missing from the page's texts. */
  @SuppressWarnings("unchecked")
  private static List<String> untranslated(WebDriver browser) {
    return (List<String>) ((JavascriptExecutor) browser).executeScript("""
        return [...document.querySelectorAll('[data-i18n], [data-i18n-label], [data-i18n-placeholder]')].flatMap(node =>
          [[node.dataset.i18n, node.textContent], [node.dataset.i18nLabel, node.getAttribute('aria-label')],
           [node.dataset.i18nPlaceholder, node.placeholder]].filter(([key, shown]) => key && key === shown).map(([key]) => key));
        """);
  }

  /** Waits for {@code text} in what the element holds, no-break spaces included (getText() turns U+00A0 into a space). */
  private static void awaitWords(WebDriver browser, By what, String text) {
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(b -> String.valueOf(b.findElement(what).getDomProperty("textContent")).contains(text));
  }

  @Test
  void aFrenchAdminSeesTheAdminPageInFrenchSavesHoursRulesAndTheWidgetsLookAndIsRefusedInFrench() throws IOException {
    WebDriver admin = browsers.open("admin", "fr-FR");
    admin.get(url("/admin/"));
    assertEquals("fr", admin.findElement(By.tagName("html")).getAttribute("lang"), "the page says its language");
    awaitText(admin, By.tagName("h1"), "Administration Relay");
    assertEquals("Relay — règles de routage, textes et widget de chat", admin.getTitle());
    assertEquals("Jeton d’administration", admin.findElement(By.cssSelector("label[for='token']")).getText());
    assertEquals(List.of(), axe(admin), "the sign-in form, in French");
    await(admin, By.id("token")).sendKeys("pas-le-bon-jeton");
    admin.findElement(By.cssSelector("#signin-form button")).click();
    awaitText(admin, By.id("signin-error"), "Ce n’est pas le jeton d’administration.");
    admin.findElement(By.id("token")).sendKeys(TestGateway.ADMIN_TOKEN);
    admin.findElement(By.cssSelector("#signin-form button")).click();
    await(admin, By.cssSelector("#texts-locale option[value='fr']"));
    awaitText(admin, By.id("brand-snippet"), "/chat/widget.js");
    assertEquals("Règles de routage", admin.findElement(By.id("editor-title")).getText());
    assertEquals("Horaires d’ouverture", admin.findElement(By.id("hours-title")).getText());
    assertEquals("Le widget de chat sur votre site", admin.findElement(By.id("brand-title")).getText());
    assertEquals("Textes lus par les clients", admin.findElement(By.id("texts-title")).getText());
    assertEquals("Réponses types", admin.findElement(By.id("canned-title")).getText());
    assertEquals("Lundi", admin.findElement(By.cssSelector("label[for='hours-mon']")).getText());
    assertEquals("Fuseau horaire", admin.findElement(By.cssSelector("label[for='hours-timezone']")).getText());
    assertTrue(admin.findElement(By.id("version")).getText().matches("version 1 — enregistrée le \\d{1,2} \\p{L}+\\.? \\d{4}.*"),
        "the date as French writes it: " + admin.findElement(By.id("version")).getText());
    assertEquals(List.of(), untranslated(admin), "every marked text has its words");
    assertEquals(List.of(), axe(admin), "rules, hours, texts and the widget's look, in French");

    // Hours: a zone that does not exist is refused in French and nothing is saved; Paris hours are in force.
    admin.findElement(By.id("hours-timezone")).sendKeys("Europe/Lutèce");
    admin.findElement(By.id("hours-save")).click();
    awaitWords(admin, By.id("hours-status"), "Non enregistré\u00a0: 1 erreur à corriger");
    awaitText(admin, By.id("hours-problems"), "timezone");
    assertEquals(null, gateway.get("/api/admin/hours", TestGateway.ADMIN_TOKEN).getValue("company"), "nothing was saved");
    admin.findElement(By.id("hours-timezone")).clear();
    admin.findElement(By.id("hours-timezone")).sendKeys("Europe/Paris");
    admin.findElement(By.id("hours-mon")).sendKeys("09:00-12:30, 13:30-18:00");
    admin.findElement(By.id("hours-save")).click();
    awaitWords(admin, By.id("hours-status"), "Enregistré\u00a0: en vigueur dès maintenant.");
    assertEquals(List.of("09:00-12:30", "13:30-18:00"), gateway.get("/api/admin/hours", TestGateway.ADMIN_TOKEN)
        .getJsonObject("company").getJsonObject("week").getJsonArray("mon").getList());

    // Rules: a condition CEL cannot type-check is refused in French, with the compiler's problem; a good set is saved.
    WebElement source = admin.findElement(By.id("source"));
    String rules = "version: 1\nrules:\n  - name: quebec\n    when: 'customer.locale == \"fr-CA\"'\n    then: { team: quebec }\n";
    ((JavascriptExecutor) admin).executeScript("arguments[0].value = arguments[1];", source,
        rules.replace("customer.locale", "customer.langue"));
    admin.findElement(By.id("save")).click();
    awaitWords(admin, By.id("status"), "Non enregistré\u00a0: 1 erreur à corriger");
    awaitText(admin, By.id("problems"), "langue");
    ((JavascriptExecutor) admin).executeScript("arguments[0].value = arguments[1];", source, rules);
    admin.findElement(By.id("save")).click();
    awaitText(admin, By.id("status"), "Enregistré comme version 2");
    awaitText(admin, By.id("versions"), "Restaurer");
    assertTrue(gateway.get("/api/admin/routing-rules", TestGateway.ADMIN_TOKEN).getString("source").contains("quebec"));
    admin.findElement(By.id("sim-customer")).clear();
    admin.findElement(By.id("sim-customer")).sendKeys("{\"locale\": \"fr-CA\"}");
    admin.findElement(By.cssSelector("#simulate-form button")).click();
    awaitWords(admin, By.id("decision"), "Équipe\u00a0: quebec");
    awaitText(admin, By.id("decision"), "ligne 3");
    awaitText(admin, By.id("decision"), "appliquée");
    admin.findElement(By.id("sim-customer")).clear();
    admin.findElement(By.id("sim-customer")).sendKeys("{\"locale\": ");
    admin.findElement(By.cssSelector("#simulate-form button")).click();
    awaitWords(admin, By.id("decision"), "Client\u00a0: JSON non valide");

    // The widget's look: the contrast note and the refusal in French, figures with a decimal comma. Without a
    // name, visitors read the widget's own word in the company's language (English here), not the admin's.
    WebElement name = admin.findElement(By.id("brand-name"));
    new WebDriverWait(admin, Duration.ofSeconds(10)).until(d -> "en".equals(name.getAttribute("lang")));
    assertEquals("Support", name.getAttribute("placeholder"));
    WebElement hex = admin.findElement(By.id("brand-colour-hex"));
    hex.clear();
    hex.sendKeys("#f5b400");
    awaitWords(admin, By.id("brand-contrast"), "Contraste avec le texte blanc\u00a0: 1,84:1. Sous 4,5:1 (WCAG AA)");
    name.sendKeys("Boulangerie Martin");
    admin.findElement(By.id("brand-save")).click();
    awaitWords(admin, By.id("brand-status"), "Non enregistré\u00a0: 1 erreur à corriger");
    awaitText(admin, By.id("brand-problems"), "#f5b400");
    assertEquals(null, gateway.get("/api/admin/brand", TestGateway.ADMIN_TOKEN).getString("name"), "nothing was saved");
    hex.clear();
    hex.sendKeys("#7a1f3d");
    awaitText(admin, By.id("brand-contrast"), "10,04:1. Conforme au niveau WCAG AAA.");
    admin.findElement(By.id("brand-save")).click();
    awaitWords(admin, By.id("brand-status"), "Enregistré\u00a0: les visiteurs le verront dès leur prochaine page.");
    assertEquals("#7a1f3d", gateway.get("/api/admin/brand", TestGateway.ADMIN_TOKEN).getString("colour"));
    assertEquals(List.of(), axe(admin), "after saving, in French");

    admin.get(url("/admin/agents.html"));
    awaitText(admin, By.id("agents"), "Kristin Lavransdatter");
    assertEquals("fr", admin.findElement(By.tagName("html")).getAttribute("lang"));
    assertEquals("Agents Relay", admin.findElement(By.tagName("h1")).getText());
    assertEquals("Nouvel agent", admin.findElement(By.id("hire-title")).getText());
    awaitText(admin, By.id("agents"), "Transmettre");
    assertEquals(List.of(), untranslated(admin), "every marked text on the agents page has its words");
    assertEquals(List.of(), axe(admin), "the agents page, in French");
    assertEquals(List.of(), severeConsoleErrors(admin).stream()
        .filter(e -> !e.contains("status of 422") && !e.contains("status of 401")).toList(),
        "no errors on the admin pages but the refusals they showed");

    new org.openqa.selenium.support.ui.Select(admin.findElement(By.id("language"))).selectByValue("en");
    awaitText(admin, By.tagName("h1"), "Relay agents");
    assertEquals("en", admin.findElement(By.tagName("html")).getAttribute("lang"), "the admin's choice wins over the browser's");
  }

  /** The "no console errors" checks above would pass silently if the browser's log were not captured. */
  @Test
  void consoleErrorsAreCapturedSoTheNoErrorChecksMeanSomething() throws IOException {
    WebDriver page = browsers.open("desk");
    page.get(url("/desk/"));
    await(page, By.id("email"));
    ((org.openqa.selenium.JavascriptExecutor) page).executeScript("console.error('probe-from-the-test')");
    assertTrue(severeConsoleErrors(page).stream().anyMatch(e -> e.contains("probe-from-the-test")),
        "the browser's SEVERE log reaches the test");
  }

  /** The accessibility checks (axe-core, serious and critical) would pass silently if axe did not run. */
  @Test
  void axeFindsAnImageWithoutAlternativeTextSoTheAccessibilityChecksMeanSomething() {
    WebDriver page = browsers.open("desk");
    page.get(url("/desk/"));
    await(page, By.id("email"));
    ((JavascriptExecutor) page).executeScript(
        "const img = document.createElement('img'); img.src = '/desk/missing.png'; document.body.append(img);");
    assertTrue(Browsers.axe(page).stream().anyMatch(violation -> violation.startsWith("image-alt (critical)")),
        "axe-core runs in the page and reports what it finds");
  }

  @Test
  void anAgentSignsInWithTheirPasswordStaysSignedInAcrossAReloadAndSignsOut() throws IOException {
    WebDriver desk = browsers.open("desk");
    desk.get(url("/desk/"));
    signIn(desk, "kristin@acme.test", "pas le bon mot de passe");
    awaitText(desk, By.id("signin-error"), "That e-mail and password do not match.");
    assertTrue(desk.findElement(By.id("desk")).getAttribute("hidden") != null, "nothing is shown");
    assertEquals("", desk.findElement(By.id("password")).getAttribute("value"), "the wrong password is not kept");

    signIn(desk, "Kristin@acme.test", PASSWORD);
    awaitText(desk, By.id("me"), "Kristin Lavransdatter");
    awaitText(desk, By.id("live"), "Live");
    assertTrue(!desk.getCurrentUrl().contains("password") && !desk.getCurrentUrl().contains("session"),
        "nothing secret in the address");
    assertEquals("", ((org.openqa.selenium.JavascriptExecutor) desk).executeScript("return document.cookie"),
        "the session cookie is HttpOnly: no script on the page can read it");

    desk.navigate().refresh();
    awaitText(desk, By.id("me"), "Kristin Lavransdatter");
    awaitText(desk, By.id("live"), "Live");
    new org.openqa.selenium.support.ui.Select(desk.findElement(By.id("presence"))).selectByValue("away");
    new WebDriverWait(desk, Duration.ofSeconds(10)).until(d -> "away".equals(gateway.get("/api/agents/me", token)
        .getString("presence")));

    desk.findElement(By.id("signout")).click();
    await(desk, By.id("email"));
    desk.navigate().refresh();
    await(desk, By.id("email"));
    assertTrue(desk.findElement(By.id("desk")).getAttribute("hidden") != null, "signed out for good");
  }

  @Test
  void aSupervisorSignsInAndSeesWhoWaitsOnTheBoard() throws IOException {
    io.vertx.core.json.JsonObject sigrid = gateway.createAgent("Sigrid Undset", "sigrid@acme.test");
    String sigridId = sigrid.getJsonObject("agent").getString("id");
    TestGateway.ok(gateway.request(io.vertx.core.http.HttpMethod.PATCH, "/api/admin/agents/" + sigridId,
        TestGateway.ADMIN_TOKEN, new io.vertx.core.json.JsonObject().put("role", "supervisor")), 200);
    TestGateway.ok(gateway.request(io.vertx.core.http.HttpMethod.PUT, "/api/admin/agents/" + sigridId + "/password",
        TestGateway.ADMIN_TOKEN, new io.vertx.core.json.JsonObject().put("password", PASSWORD)), 200);
    visitorSays("Bonjour, ma facture de mars est fausse.");
    gateway.clock.advance(Duration.ofMinutes(55));

    WebDriver desk = browsers.open("desk");
    desk.get(url("/desk/"));
    signIn(desk, "sigrid@acme.test", PASSWORD);
    await(desk, By.id("board-link")).click();
    awaitText(desk, By.id("waiting"), "Kristin Lavransdatter");
    awaitText(desk, By.id("waiting"), "55 min");
    awaitText(desk, By.id("waiting"), "at risk");
    awaitText(desk, By.id("agents"), "Kristin Lavransdatter");
    awaitText(desk, By.id("agents"), "1 / 5");
    awaitText(desk, By.id("at-risk"), "1 at risk");
    assertEquals(List.of(), severeConsoleErrors(desk), "no errors on the board");
  }

  @Test
  void anAdminHiresHandsOverAndLetsAnAgentGoFromTheAgentsPage() throws IOException {
    WebDriver admin = browsers.open("admin");
    admin.get(url("/admin/agents.html"));
    await(admin, By.id("token")).sendKeys(TestGateway.ADMIN_TOKEN);
    admin.findElement(By.cssSelector("#signin-form button")).click();
    awaitText(admin, By.id("agents"), "Kristin Lavransdatter");

    await(admin, By.id("hire-name")).sendKeys("Olav Audunsson");
    admin.findElement(By.id("hire-email")).sendKeys("olav@acme.test");
    admin.findElement(By.id("hire-team")).sendKeys("Facturation");
    admin.findElement(By.id("hire-password")).sendKeys(PASSWORD);
    admin.findElement(By.cssSelector("#hire button")).click();
    awaitText(admin, By.id("hire-result"), "Olav Audunsson can sign in to the desk now");
    awaitText(admin, By.id("agents"), "olav@acme.test");

    WebElement kristinRow = admin.findElement(By.xpath("//*[@id='agents']//tr[td='kristin@acme.test']"));
    new org.openqa.selenium.support.ui.Select(kristinRow.findElement(By.tagName("select"))).selectByValue("supervisor");
    awaitText(admin, By.id("action-result"), "Kristin Lavransdatter is now supervisor.");
    kristinRow = admin.findElement(By.xpath("//*[@id='agents']//tr[td='kristin@acme.test']"));
    kristinRow.findElements(By.tagName("button")).stream().filter(b -> b.getText().equals("Hand over")).findFirst()
        .orElseThrow().click();
    new org.openqa.selenium.support.ui.Select(await(admin, By.id("handover-to"))).selectByVisibleText("Olav Audunsson");
    admin.findElement(By.cssSelector("#handover-form button")).click();
    awaitText(admin, By.id("action-result"), "moved from Kristin Lavransdatter");
    kristinRow = admin.findElement(By.xpath("//*[@id='agents']//tr[td='kristin@acme.test']"));
    kristinRow.findElements(By.tagName("button")).stream().filter(b -> b.getText().equals("Deactivate")).findFirst()
        .orElseThrow().click();
    admin.switchTo().alert().accept();
    awaitText(admin, By.id("action-result"), "Kristin Lavransdatter was deactivated; 0 customers to hand over.");
    awaitText(admin, By.id("agents"), "left ");
    assertEquals(401, gateway.request(io.vertx.core.http.HttpMethod.GET, "/api/agents/me", token, null).statusCode());
    assertEquals(List.of(), severeConsoleErrors(admin), "no errors on the agents page");

    WebDriver desk = browsers.open("desk");
    desk.get(url("/desk/"));
    signIn(desk, "olav@acme.test", PASSWORD);
    awaitText(desk, By.id("me"), "Olav Audunsson");
  }
}
