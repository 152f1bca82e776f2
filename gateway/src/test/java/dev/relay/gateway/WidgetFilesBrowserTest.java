package dev.relay.gateway;

import static dev.relay.gateway.support.Browsers.await;
import static dev.relay.gateway.support.Browsers.awaitText;
import static dev.relay.gateway.support.Browsers.severeConsoleErrors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.Browsers;
import dev.relay.gateway.support.ConfiguredGatewayTestCase;
import dev.relay.gateway.support.TcpProxy;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
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
 * Files in the chat widget, in real Chromium: a visitor sends a photo with the paperclip (her agent
 * finds it in the desk), files dropped on the panel, refusals said on the file in her language
 * (a program, a disguised file, one too large, too many at once), and the agent's files shown as a
 * thumbnail and as a named chip, by keyboard and to screen readers, in French and in English. The
 * browsers reach the gateway through a local proxy whose address is the gateway's public URL, so
 * the signed links it hands out load here.
 */
class WidgetFilesBrowserTest extends ConfiguredGatewayTestCase {

  static final String PASSWORD = "cheval agrafe batterie correcte";
  static final Path PICTURES = Path.of("target", "widget-screenshots");

  @RegisterExtension
  final Browsers browsers = new Browsers();
  TcpProxy proxy;
  String kristin;

  @BeforeEach
  void gatewayBehindAProxy(Vertx vertx) {
    proxy = TcpProxy.to(1);
    // Three messages (or files) at once, then one a minute, on a clock that moves only when the test says.
    start(vertx, Map.of("RELAY_PUBLIC_URL", origin(), "RELAY_CHAT_BURST", "3", "RELAY_CHAT_PER_MINUTE", "1"));
    proxy.retarget(gateway.port());
    kristin = gateway.agentWithPassword("Kristin Lavransdatter", "kristin@acme.test", PASSWORD);
    gateway.atDesk(kristin);
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  private String origin() {
    return "http://localhost:" + proxy.port();
  }

  private static Object js(WebDriver browser, String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  private WebDriver visitorSays(String language, String text, String sent) {
    WebDriver visitor = browsers.open("visitor", language);
    visitor.get(origin() + "/chat/");
    await(visitor, By.cssSelector(".relay-launcher")).click();
    WebElement input = await(visitor, By.cssSelector(".relay-input"));
    input.sendKeys(text);
    input.sendKeys(Keys.ENTER);
    awaitText(visitor, By.cssSelector(".relay-msg.visitor .relay-meta"), sent);
    return visitor;
  }

  private Path file(String name, byte[] bytes) throws IOException {
    return Files.write(Files.createDirectories(data.resolve("uploads")).resolve(name), bytes);
  }

  /** Drops files made in the page ({@code [[name, size, firstBytes]]}) on the open panel, as a drag from the desktop would. */
  private static void drop(WebDriver visitor, String filesJson) {
    js(visitor, """
        var dt = new DataTransfer();
        JSON.parse(arguments[0]).forEach(function (f) {
          var bytes = new Uint8Array(f[1]);
          for (var i = 0; i < f[2].length; i++) bytes[i] = f[2].charCodeAt(i);
          dt.items.add(new File([bytes], f[0]));
        });
        var panel = document.querySelector('.relay-panel');
        panel.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
        window.relayDropHint = !document.querySelector('.relay-drop').hidden;
        panel.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
        """, filesJson);
  }

  /** French writes no-break spaces (before a colon, between a number and its unit): read as spaces. */
  private static String spaced(String text) {
    return text.replace('\u00a0', ' ').replace('\u202f', ' ');
  }

  private JsonObject onlyConversation() {
    String id = gateway.get("/api/conversations", kristin).getJsonArray("items").getJsonObject(0)
        .getJsonObject("conversation").getString("id");
    return gateway.get("/api/conversations/" + id, kristin);
  }

  private JsonArray messages() {
    return onlyConversation().getJsonArray("messages");
  }

  @Test
  void aVisitorSendsAPhotoWithThePaperclipAndHerAgentFindsItInTheDesk() throws IOException {
    WebDriver visitor = visitorSays("fr-FR", "Bonjour, mon colis est arrivé abîmé.", "✓ Envoyé");
    WebElement paperclip = visitor.findElement(By.cssSelector(".relay-attach"));
    assertEquals("Envoyer un fichier", paperclip.getAttribute("aria-label"));
    byte[] photo = ChatFilesTest.jpeg();
    visitor.findElement(By.cssSelector(".relay-picker")).sendKeys(file("colis-abime.jpg", photo).toString());

    WebElement mine = await(visitor, By.cssSelector(".relay-msg.visitor .relay-thumb img"));
    assertEquals("Image : colis-abime.jpg", spaced(mine.getAttribute("alt")));
    new WebDriverWait(visitor, Duration.ofSeconds(10)).until(b -> b.findElements(By.cssSelector(".relay-msg.visitor"))
        .get(1).getText().contains("✓ Envoyé"));
    JsonObject stored = messages().getJsonObject(1);
    assertEquals("image/jpeg", stored.getJsonArray("attachments").getJsonObject(0).getString("contentType"));
    assertEquals(photo.length, stored.getJsonArray("attachments").getJsonObject(0).getInteger("size"));

    // A program, even named like a PDF, is refused on itself, in French; nothing of it is stored.
    visitor.findElement(By.cssSelector(".relay-picker")).sendKeys(file("facture.pdf", ChatFilesTest.PROGRAM).toString());
    awaitText(visitor, By.cssSelector(".relay-msg.visitor.relay-failed"), "facture.pdf n’est pas un type de fichier que"
        + " nous acceptons (PDF, images, documents Office ou OpenDocument, texte) : il n’a pas été envoyé."); // WebDriver reads the no-break space as a space
    assertEquals(0, visitor.findElements(By.cssSelector(".relay-failed .relay-retry")).size(),
        "sending the same file again would not help");
    assertEquals(List.of(), Browsers.axe(visitor), "the widget with her photo and the refused file");
    Browsers.screenshot(visitor, PICTURES.resolve("widget-visitor-files.png"));

    // Kristin's desk: the photo in the conversation, to download.
    WebDriver desk = browsers.open("desk", "fr-FR");
    desk.get(origin() + "/desk/");
    Browsers.signIn(desk, "kristin@acme.test", PASSWORD);
    awaitText(desk, By.id("live"), "En direct");
    DeskBrowserTest.openFirstConversation(desk);
    awaitText(desk, By.cssSelector("#timeline li.inbound .attachment"), "colis-abime.jpg");
    assertFalse(desk.findElement(By.id("timeline")).getText().contains("facture.pdf"), "the refused file never arrived");
    assertEquals(2, messages().size());
    Browsers.screenshot(desk, DeskBrowserTest.SCREENSHOTS.resolve("desk-visitor-photo.png"));
    assertEquals(List.of(), severeConsoleErrors(desk));
  }

  @Test
  void filesDroppedOnThePanelAreSentOrSayWhyNot() {
    WebDriver visitor = visitorSays("en-US", "Hello, here are the documents you asked for.", "Sent");
    drop(visitor, new JsonArray().add(new JsonArray().add("delivery-note.pdf").add(DeskChannelsTest.PDF.length)
        .add(new String(DeskChannelsTest.PDF, java.nio.charset.StandardCharsets.ISO_8859_1))).encode());
    assertEquals(Boolean.TRUE, js(visitor, "return window.relayDropHint;"), "the panel says where to drop");
    awaitText(visitor, By.cssSelector(".relay-log"), "delivery-note.pdf");
    new WebDriverWait(visitor, Duration.ofSeconds(10)).until(b -> messages().size() == 2);
    assertEquals("delivery-note.pdf", messages().getJsonObject(1).getJsonArray("attachments").getJsonObject(0)
        .getString("filename"));
    awaitText(visitor, By.cssSelector(".relay-msg.visitor:last-of-type .relay-meta"), "Sent");

    // Too large: refused before anything is sent, with the limit in her words.
    drop(visitor, "[[\"unboxing.pdf\", " + (10 * 1024 * 1024 + 1) + ", \"%PDF-\"]]");
    awaitText(visitor, By.cssSelector(".relay-msg.visitor.relay-failed"), "unboxing.pdf is larger than 10 MB: it was not sent.");
    // Six at once: none goes, and she is told how many she may send.
    drop(visitor, "[[\"1.pdf\",9,\"%PDF-\"],[\"2.pdf\",9,\"%PDF-\"],[\"3.pdf\",9,\"%PDF-\"],[\"4.pdf\",9,\"%PDF-\"],"
        + "[\"5.pdf\",9,\"%PDF-\"],[\"6.pdf\",9,\"%PDF-\"]]");
    awaitText(visitor, By.cssSelector(".relay-status"), "At most 5 files at once: none was sent.");
    assertEquals(2, messages().size(), "neither the large file nor the six reached the agent");

    // Two more: the first fits her budget, the second is refused for now, said on itself, and sent again.
    drop(visitor, "[[\"receipt.pdf\",9,\"%PDF-\"],[\"label.pdf\",9,\"%PDF-\"]]");
    WebElement refused = new WebDriverWait(visitor, Duration.ofSeconds(10)).until(b -> b.findElements(
        By.cssSelector(".relay-msg.visitor.relay-failed")).stream()
        .filter(m -> m.getText().contains("Too many messages at once: not sent yet.")).findFirst().orElse(null));
    assertTrue(refused.getText().contains("label.pdf") || refused.getText().contains("receipt.pdf"), refused.getText());
    assertEquals(List.of(), Browsers.axe(visitor), "a file refused for now, with Send again");
    gateway.clock.advance(Duration.ofMinutes(2));
    refused.findElement(By.cssSelector(".relay-retry")).click();
    new WebDriverWait(visitor, Duration.ofSeconds(10)).until(b -> messages().size() == 4);
    new WebDriverWait(visitor, Duration.ofSeconds(10)).until(b -> b.findElements(By.cssSelector(".relay-msg.relay-failed"))
        .stream().noneMatch(m -> m.getText().contains("Too many")));
    assertEquals(List.of("delivery-note.pdf", "receipt.pdf", "label.pdf"), messages().stream().map(JsonObject.class::cast)
        .flatMap(m -> m.getJsonArray("attachments", new JsonArray()).stream().map(JsonObject.class::cast))
        .map(f -> f.getString("filename")).sorted(java.util.Comparator.comparing(n -> List.of("delivery-note.pdf",
            "receipt.pdf", "label.pdf").indexOf(n))).toList(), "every file she sent, once");
  }

  @Test
  void theAgentsPictureIsAThumbnailAndADocumentANamedChipInBothLanguages() {
    WebDriver visitor = visitorSays("fr-FR", "Pouvez-vous m’envoyer le plan et la facture ?", "✓ Envoyé");
    byte[] plan = BrandApiTest.png();
    String id = onlyConversation().getJsonObject("conversation").getString("id");
    gateway.post("/api/conversations/" + id + "/messages", kristin, new JsonObject().put("text", "Voici le plan et la facture.")
        .put("attachments", new JsonArray()
            .add(new JsonObject().put("filename", "plan-acces.png").put("content", Base64.getEncoder().encodeToString(plan)))
            .add(new JsonObject().put("filename", "facture-mars-2026.pdf")
                .put("content", Base64.getEncoder().encodeToString(DeskChannelsTest.PDF)))), 202);

    WebElement thumbnail = await(visitor, By.cssSelector(".relay-msg.agent .relay-thumb img"));
    assertEquals("Image : plan-acces.png", spaced(thumbnail.getAttribute("alt")));
    new WebDriverWait(visitor, Duration.ofSeconds(10)).until(b -> ((Number) js(b,
        "return document.querySelector('.relay-msg.agent .relay-thumb img').naturalWidth;")).intValue() == 64);
    WebElement chip = visitor.findElement(By.cssSelector(".relay-msg.agent a.relay-file"));
    assertEquals("Télécharger facture-mars-2026.pdf (1 ko)", spaced(chip.getAttribute("aria-label")));
    assertTrue(chip.getText().contains("facture-mars-2026.pdf"), chip.getText());
    WebElement words = visitor.findElement(By.cssSelector(".relay-msg.agent .relay-text"));
    assertEquals("Voici le plan et la facture.", words.getText(), "no raw link under the words");
    assertFalse(visitor.findElement(By.cssSelector(".relay-msg.agent")).getText().contains("/files/"));

    // By keyboard: Tab reaches the picture's link, then the chip; the chip's link gives the very file.
    js(visitor, "var reply = document.querySelector('.relay-msg.agent'); reply.setAttribute('tabindex', '-1'); reply.focus();");
    new org.openqa.selenium.interactions.Actions(visitor).sendKeys(Keys.TAB).perform();
    assertEquals(Boolean.TRUE, js(visitor, "return document.activeElement === document.querySelector('.relay-msg.agent .relay-thumb');"));
    new org.openqa.selenium.interactions.Actions(visitor).sendKeys(Keys.TAB).perform();
    assertEquals(Boolean.TRUE, js(visitor, "return document.activeElement === document.querySelector('.relay-msg.agent a.relay-file');"));
    URI link = URI.create(chip.getAttribute("href"));
    assertTrue(chip.getAttribute("href").startsWith(origin() + "/files/"), chip.getAttribute("href"));
    assertArrayEquals(DeskChannelsTest.PDF, gateway.request(HttpMethod.GET, link.getRawPath(), null, null).body().getBytes());
    assertEquals(List.of(), Browsers.axe(visitor), "the widget with the agent's files");
    Browsers.screenshot(visitor, PICTURES.resolve("widget-agent-files.png"));

    // A reload shows them the same way, from the history.
    visitor.navigate().refresh();
    await(visitor, By.cssSelector(".relay-launcher")).click();
    await(visitor, By.cssSelector(".relay-msg.agent .relay-thumb img"));
    assertEquals(1, visitor.findElements(By.cssSelector(".relay-msg.agent a.relay-file")).size());

    // In English: the same files, in English words.
    WebDriver english = browsers.open("english", "en-US");
    english.get(origin() + "/chat/");
    await(english, By.cssSelector(".relay-launcher")).click();
    english.findElement(By.cssSelector(".relay-input")).sendKeys("Could you send me the invoice?", Keys.ENTER);
    awaitText(english, By.cssSelector(".relay-msg.visitor .relay-meta"), "Sent");
    String second = gateway.get("/api/conversations", kristin).getJsonArray("items").stream().map(JsonObject.class::cast)
        .map(item -> item.getJsonObject("conversation").getString("id")).filter(c -> !c.equals(id)).findFirst().orElseThrow();
    gateway.post("/api/conversations/" + second + "/messages", kristin, new JsonObject().put("text", "Here it is.")
        .put("attachments", new JsonArray().add(new JsonObject().put("filename", "invoice-march-2026.pdf")
            .put("content", Base64.getEncoder().encodeToString(DeskChannelsTest.PDF)))), 202);
    WebElement englishChip = await(english, By.cssSelector(".relay-msg.agent a.relay-file"));
    assertEquals("Download invoice-march-2026.pdf (1 kB)", englishChip.getAttribute("aria-label"));
    assertEquals("Send a file", english.findElement(By.cssSelector(".relay-attach")).getAttribute("aria-label"));
    assertEquals(List.of(), Browsers.axe(english));
    assertEquals(List.of(), severeConsoleErrors(visitor));
  }
}
