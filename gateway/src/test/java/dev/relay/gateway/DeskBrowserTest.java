package dev.relay.gateway;

import static dev.relay.gateway.support.Browsers.await;
import static dev.relay.gateway.support.Browsers.awaitText;
import static dev.relay.gateway.support.Browsers.severeConsoleErrors;
import static dev.relay.gateway.support.Browsers.signIn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.Browsers;
import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.ConfiguredGatewayTestCase;
import dev.relay.gateway.support.TcpProxy;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An agent's working day in the desk, in real Chromium: search, an internal note the customer never
 * sees, a canned reply filled in, a transfer, a file sent and received, a notification, a draft
 * that outlives a dropped connection and a reload; axe-core finds nothing serious, in English and
 * in French. The browsers reach the gateway through a local proxy that can drop every connection
 * (a network cut); the gateway's public URL is that proxy, so the links it sends work here.
 */
class DeskBrowserTest extends ConfiguredGatewayTestCase {

  static final String PASSWORD = "cheval agrafe batterie correcte";
  static final Path SCREENSHOTS = Path.of("target", "desk-screenshots");

  @RegisterExtension
  final Browsers browsers = new Browsers();
  TcpProxy proxy;
  String kristin;
  String olav;

  @BeforeEach
  void gatewayBehindAProxy(Vertx vertx) {
    proxy = TcpProxy.to(1);
    start(vertx, Map.of("RELAY_PUBLIC_URL", origin()));
    proxy.retarget(gateway.port());
    kristin = agentWithPassword("Kristin Lavransdatter", "kristin@acme.test");
    gateway.clock.advance(Duration.ofMinutes(1));
    olav = agentWithPassword("Olav Audunsson", "olav@acme.test");
    gateway.atDesk(kristin);
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  private String agentWithPassword(String name, String email) {
    return gateway.agentWithPassword(name, email, PASSWORD);
  }

  private String origin() {
    return "http://localhost:" + proxy.port();
  }

  private WebDriver desk(String role, String language, String email, String live) {
    WebDriver desk = browsers.open(role, language);
    desk.get(origin() + "/desk/");
    signIn(desk, email, PASSWORD);
    awaitText(desk, By.id("live"), live);
    return desk;
  }

  private WebDriver visitorSays(String language, String text) {
    WebDriver visitor = browsers.open("visitor", language);
    visitor.get(origin() + "/chat/");
    await(visitor, By.cssSelector(".relay-launcher")).click();
    WebElement input = await(visitor, By.cssSelector(".relay-input"));
    input.sendKeys(text);
    input.sendKeys(Keys.ENTER);
    new WebDriverWait(visitor, Duration.ofSeconds(10)).until(b -> b.findElements(By.cssSelector(".relay-msg.visitor .relay-meta"))
        .stream().anyMatch(meta -> !meta.getText().isBlank()));
    return visitor;
  }

  /** Clicks the conversation whose row contains {@code text} (the list re-renders live: tried until it holds still). */
  private static void openConversation(WebDriver desk, String text) {
    Browsers.click(desk, By.xpath("//ul[@id='conversations']/li[contains(., '" + text + "')]"));
    awaitText(desk, By.id("timeline"), text);
  }

  private static Object js(WebDriver browser, String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  /** Opens the first conversation of the list (which re-renders live: clicked until it holds still). */
  static void openFirstConversation(WebDriver desk) {
    await(desk, By.cssSelector("#conversations li"));
    Browsers.click(desk, By.cssSelector("#conversations li"));
    await(desk, By.cssSelector("#timeline li"));
  }

  private static void writeNote(WebDriver desk, String text) {
    desk.findElement(By.id("mode-note")).click();
    WebElement box = desk.findElement(By.id("reply-text"));
    box.sendKeys(text);
    desk.findElement(By.id("send")).click();
    awaitText(desk, By.cssSelector("#timeline li.note"), text);
  }

  private static void assertNoSeriousAccessibilityProblem(WebDriver browser, String where) {
    assertEquals(List.of(), Browsers.axe(browser), "axe-core, serious or critical, " + where);
  }

  @Test
  void anAgentSearchesLeavesANoteUsesACannedReplyAndTransfersTheCustomer() {
    gateway.post("/api/admin/canned-replies", TestGateway.ADMIN_TOKEN, new JsonObject().put("locale", "fr")
        .put("title", "Colis en retard")
        .put("text", "Bonjour {firstName}, votre colis est en route. {agentName}"), 201);
    WebDriver desk = desk("desk", "en-US", "kristin@acme.test", "Live");
    WebDriver visitor = visitorSays("fr-FR", "Bonjour, mon colis de l’été n’est toujours pas arrivé.");
    openFirstConversation(desk);

    // The profile: her name and tags, then the language Relay writes to her in.
    desk.findElement(By.cssSelector("#profile-edit summary")).click();
    desk.findElement(By.id("profile-name")).sendKeys("Léa Tremblay");
    desk.findElement(By.id("profile-tags")).sendKeys("vip, colis");
    desk.findElement(By.cssSelector("#profile-form button[type=submit]")).click();
    awaitText(desk, By.id("profile-result"), "Saved.");
    awaitText(desk, By.id("customer-name"), "Léa Tremblay");
    new Select(desk.findElement(By.id("customer-locale"))).selectByValue("fr");
    awaitText(desk, By.id("customer-locale-result"), "fr");

    // Search, accents aside: "ete" finds her message about "l’été".
    desk.findElement(By.id("customer-name")).click();
    new Actions(desk).sendKeys("/").perform();
    assertEquals("search-q", desk.switchTo().activeElement().getAttribute("id"), "/ goes to the search");
    desk.switchTo().activeElement().sendKeys("ete");
    awaitText(desk, By.id("search-results"), "Léa Tremblay");
    assertTrue(desk.findElement(By.id("search-results")).getText().contains("l’été"), "the matching words are shown");
    desk.findElement(By.cssSelector("#search-results li")).click();
    desk.findElement(By.id("search-q")).sendKeys(Keys.ESCAPE);

    writeNote(desk, "Cliente VIP : rembourser les frais de port.");
    WebElement note = desk.findElement(By.cssSelector("#timeline li.note"));
    assertTrue(note.getText().startsWith("INTERNAL NOTE") || note.getText().startsWith("Internal note"), note.getText());

    // A canned reply, filled in with her first name and Kristin's, edited, then sent.
    new Select(desk.findElement(By.id("canned"))).selectByVisibleText("Colis en retard");
    WebElement box = desk.findElement(By.id("reply-text"));
    assertEquals("Bonjour Léa, votre colis est en route. Kristin Lavransdatter", box.getAttribute("value"));
    box.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
    awaitText(visitor, By.cssSelector(".relay-msg.agent"), "Bonjour Léa, votre colis est en route.");
    assertTrue(!visitor.findElement(By.tagName("body")).getText().contains("rembourser"), "the note never reaches her");
    Browsers.screenshot(desk, SCREENSHOTS.resolve("desk-note-and-canned.png"));

    // Transfer to Olav, with a note; the rules are spelled out before.
    WebDriver olavsDesk = desk("olav", "en-US", "olav@acme.test", "Live");
    desk.findElement(By.id("transfer-open")).click();
    await(desk, By.id("transfer-to"));
    awaitText(desk, By.id("transfer-to"), "Olav Audunsson");
    assertTrue(desk.findElement(By.id("transfer-rules")).getText().contains("dedicated agent"));
    desk.findElement(By.id("transfer-note")).sendKeys("Elle attend un remboursement des frais de port.");
    assertNoSeriousAccessibilityProblem(desk, "the desk with the transfer form open");
    Browsers.screenshot(desk, SCREENSHOTS.resolve("desk-transfer.png"));
    desk.findElement(By.cssSelector("#transfer button[type=submit]")).click();
    awaitText(desk, By.id("live"), "Transferred to Olav Audunsson.");
    new WebDriverWait(desk, Duration.ofSeconds(10)).until(b -> b.findElements(By.cssSelector("#conversations li")).isEmpty());

    awaitText(olavsDesk, By.id("conversations"), "Léa Tremblay");
    olavsDesk.findElement(By.cssSelector("#conversations li")).click();
    awaitText(olavsDesk, By.cssSelector("#timeline"), "Elle attend un remboursement des frais de port.");
    assertTrue(olavsDesk.findElement(By.id("timeline")).getText().toLowerCase().contains("transferred to olav audunsson"));
    assertTrue(olavsDesk.findElement(By.id("timeline")).getText().contains("Cliente VIP"), "Olav reads the earlier note too");
    assertEquals(List.of(), severeConsoleErrors(desk));
    assertEquals(List.of(), severeConsoleErrors(olavsDesk));
  }

  @Test
  void aFileSentFromTheDeskIsReceivedByTheChatVisitor() throws IOException {
    WebDriver desk = desk("desk", "en-US", "kristin@acme.test", "Live");
    WebDriver visitor = visitorSays("fr-FR", "Pouvez-vous m’envoyer la facture de mars ?");
    openFirstConversation(desk);
    byte[] pdf = "%PDF-1.4\n% Facture mars 2026\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    Path file = Files.createTempDirectory("relay-upload").resolve("facture-mars-2026.pdf");
    Files.write(file, pdf);
    desk.findElement(By.id("reply-file")).sendKeys(file.toAbsolutePath().toString());
    desk.findElement(By.id("reply-text")).sendKeys("Voici votre facture.");
    desk.findElement(By.id("send")).click();
    awaitText(desk, By.cssSelector("#timeline li.outbound .attachment"), "facture-mars-2026.pdf");

    awaitText(visitor, By.cssSelector(".relay-msg.agent"), "facture-mars-2026.pdf");
    WebElement chip = visitor.findElement(By.cssSelector(".relay-msg.agent a.relay-file"));
    assertEquals("Télécharger facture-mars-2026.pdf (1 ko)", chip.getAttribute("aria-label").replace('\u00a0', ' ')
        .replace('\u202f', ' '), "a named chip with its size, in her language");
    assertTrue(!visitor.findElement(By.cssSelector(".relay-msg.agent")).getText().contains("/files/"), "no raw link");
    Matcher link = Pattern.compile(Pattern.quote(origin()) + "(/files/\\S+)").matcher(chip.getAttribute("href"));
    assertTrue(link.matches(), chip.getAttribute("href"));
    var download = gateway.request(HttpMethod.GET, link.group(1), null, null);
    assertEquals(200, download.statusCode());
    assertArrayEquals(pdf, download.body().getBytes(), "the visitor's link gives the very file");
    assertEquals(List.of(), severeConsoleErrors(desk));
    assertNoSeriousAccessibilityProblem(visitor, "the widget with the agent's file");

    // The docs' pictures: the widget with the file, on a desktop and on a phone.
    Browsers.screenshot(visitor, SCREENSHOTS.resolve("widget-file-desktop.png"));
    visitor.manage().window().setSize(new org.openqa.selenium.Dimension(375, 740));
    awaitText(visitor, By.cssSelector(".relay-msg.agent"), "facture-mars-2026.pdf");
    Browsers.screenshot(visitor, SCREENSHOTS.resolve("widget-file-phone.png"));
    Browsers.screenshot(desk, SCREENSHOTS.resolve("desk-file-sent.png"));
  }

  @Test
  void aNewMessageRaisesANotificationAChimeAndTheUnreadCountInTheTitle() {
    WebDriver desk = desk("desk", "en-US", "kristin@acme.test", "Live");
    ((ChromeDriver) desk).executeCdpCommand("Browser.grantPermissions",
        Map.of("origin", origin(), "permissions", List.of("notifications")));
    assertEquals("granted", js(desk, "return Notification.permission;"));
    new WebDriverWait(desk, Duration.ofSeconds(10)).until(b -> b.findElement(By.id("notify-on")).getAttribute("hidden") != null);
    // Watches what the page shows through the browser's own Notification (it still shows them).
    js(desk, "window.shown = []; var Real = window.Notification;"
        + " window.Notification = class extends Real { constructor(title, options) { super(title, options);"
        + " window.shown.push(title + ' | ' + options.body); } };");
    // And the tones it plays through the browser's own Web Audio.
    js(desk, "window.tones = 0; var RealAudio = window.AudioContext;"
        + " window.AudioContext = class extends RealAudio { createOscillator() { window.tones++;"
        + " return super.createOscillator(); } };");

    ChatVisitor ann = gateway.newVisitor();
    ann.say("Bonjour, ma box ne s’allume plus.");
    new WebDriverWait(desk, Duration.ofSeconds(10)).until(b -> String.valueOf(js(b, "return window.shown.join('\\n');"))
        .contains("New message from"));
    String shown = String.valueOf(js(desk, "return window.shown.join('\\n');"));
    assertTrue(shown.contains("New conversation for you"), "a new assignment is told too: " + shown);
    assertTrue(!shown.contains("box ne s’allume"), "no message text on the lock screen");
    new WebDriverWait(desk, Duration.ofSeconds(10)).until(b -> b.getTitle().startsWith("(1) "));
    assertTrue(((Number) js(desk, "return window.tones;")).intValue() >= 2, "a chime played: two tones");
    openFirstConversation(desk);
    new WebDriverWait(desk, Duration.ofSeconds(10)).until(b -> !b.getTitle().startsWith("("));
    ann.close();
  }

  @Test
  void aDraftOutlivesADroppedConnectionASwitchOfConversationAndAReload() {
    WebDriver desk = desk("desk", "en-US", "kristin@acme.test", "Live");
    ChatVisitor ann = gateway.newVisitor();
    ann.say("Première question : ma facture.");
    ChatVisitor ben = gateway.newVisitor();
    ben.say("Deuxième client : mon forfait.");
    awaitText(desk, By.id("conversations"), "Deuxième client");
    openConversation(desk, "Première question");
    desk.findElement(By.id("reply-text")).sendKeys("Bonjour, je vérifie votre facture de mars et je reviens vers vous");

    proxy.retarget(gateway.port()); // the network drops every connection
    awaitText(desk, By.id("live"), "Reconnecting");
    awaitText(desk, By.id("live"), "Live");
    assertEquals("Bonjour, je vérifie votre facture de mars et je reviens vers vous",
        desk.findElement(By.id("reply-text")).getAttribute("value"), "nothing typed was lost");

    openConversation(desk, "Deuxième client");
    assertEquals("", desk.findElement(By.id("reply-text")).getAttribute("value"), "each conversation its own draft");
    desk.navigate().refresh();
    awaitText(desk, By.id("live"), "Live");
    openConversation(desk, "Première question");
    assertEquals("Bonjour, je vérifie votre facture de mars et je reviens vers vous",
        desk.findElement(By.id("reply-text")).getAttribute("value"), () -> "kept across a reload; this tab keeps "
            + js(desk, "return JSON.stringify(sessionStorage);"));
    assertEquals("Draft kept.", desk.findElement(By.id("draft-status")).getText());
    desk.findElement(By.id("send")).click();
    assertEquals("Bonjour, je vérifie votre facture de mars et je reviens vers vous", ann.reply().getString("text"));
    new WebDriverWait(desk, Duration.ofSeconds(10)).until(b -> "".equals(js(b,
        "return Object.keys(sessionStorage).filter(function (k) { return k.indexOf('relay.draft.') === 0; }).join(',');")));
    ann.close();
    ben.close();
  }

  @Test
  void inFrenchTheDeskSaysItAndAxeFindsNothingSerious() {
    WebDriver desk = desk("desk", "fr-FR", "kristin@acme.test", "En direct");
    assertEquals("fr", desk.findElement(By.tagName("html")).getAttribute("lang"), "the page declares its language");
    // What the desk says of the agent's own reachability and hours, too (it was English in the French desk).
    awaitText(desk, By.id("reachability"), "Joignable");
    assertEquals("Mes horaires de travail", desk.findElement(By.cssSelector("#my-hours summary")).getText());
    assertEquals("Lundi", desk.findElement(By.cssSelector("label[for='my-hours-mon']")).getAttribute("textContent"));
    ChatVisitor ann = gateway.newVisitor();
    ann.say("Bonjour, je voudrais changer d’offre.");
    awaitText(desk, By.id("conversations"), "Visiteur"); // Ann gave no name: the desk says so in French
    openFirstConversation(desk);
    assertEquals("Rechercher\u00a0: nom, e-mail, téléphone, texte (/)",
        desk.findElement(By.id("search-q")).getAttribute("placeholder"));
    assertEquals("Transférer…", desk.findElement(By.id("transfer-open")).getText());
    writeNote(desk, "Elle hésite entre deux offres.");
    assertTrue(desk.findElement(By.cssSelector("#timeline li.note")).getText().toLowerCase().startsWith("note interne"));
    WebElement box = desk.findElement(By.id("reply-text"));
    box.sendKeys(Keys.chord(Keys.ALT, "n"));
    assertTrue(desk.findElement(By.id("mode-note")).isSelected(), "Alt+N: a note");
    assertEquals("Ajouter la note", desk.findElement(By.id("send")).getText());
    box.sendKeys(Keys.chord(Keys.ALT, "n"));
    assertTrue(desk.findElement(By.id("mode-reply")).isSelected(), "Alt+N again: a reply");
    box.sendKeys("Je vous propose l’offre Fibre.");
    desk.findElement(By.cssSelector("#shortcuts summary")).click();
    assertNoSeriousAccessibilityProblem(desk, "the French desk");
    Browsers.screenshot(desk, SCREENSHOTS.resolve("desk-fr.png"));
    desk.findElement(By.id("search-q")).sendKeys("offre");
    awaitText(desk, By.id("search-status"), "Résultats");
    assertNoSeriousAccessibilityProblem(desk, "the French desk with search results");
    assertEquals(List.of(), severeConsoleErrors(desk));
    ann.close();
  }
}
