package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.TwilioGatewayTestCase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A chat visitor sends files over HTTP with their visitor token ({@code POST /chat/files}): checked
 * as agents' files are, stored as their message, shown to their agent and in their own history; a
 * refused file says why in their language and stores nothing.
 */
class ChatFilesTest extends TwilioGatewayTestCase {

  /** What a Windows program starts like ("MZ", then the DOS stub): never taken, whatever its name. */
  static final byte[] PROGRAM = programBytes();
  String kristin;

  @BeforeEach
  void agent() {
    kristin = gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
  }

  /** A real JPEG: a photo of a damaged parcel, as a phone would send it (only smaller). */
  static byte[] jpeg() {
    BufferedImage photo = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = photo.createGraphics();
    g.setColor(new Color(0xc8a165));
    g.fillRect(0, 0, 120, 80);
    g.setColor(new Color(0x5a3d1e));
    g.drawLine(10, 10, 110, 70);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(photo, "jpeg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] programBytes() {
    byte[] exe = Arrays.copyOf("MZ\u0090\u0000\u0003\u0000\u0000\u0000This program cannot be run in DOS mode."
        .getBytes(StandardCharsets.ISO_8859_1), 512);
    return exe;
  }

  static HttpResponse<Buffer> upload(dev.relay.gateway.support.TestGateway gateway, String token, String name,
                                     String clientId, String locale, byte[] bytes) {
    String path = "/chat/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&clientId=" + clientId
        + (locale == null ? "" : "&locale=" + locale);
    return gateway.request(HttpMethod.POST, path, token, Buffer.buffer(bytes),
        Map.of("Content-Type", "application/octet-stream"));
  }

  private HttpResponse<Buffer> upload(String token, String name, String clientId, String locale, byte[] bytes) {
    return upload(gateway, token, name, clientId, locale, bytes);
  }

  private JsonArray messagesOfOnlyConversation() {
    String id = gateway.get("/api/conversations", kristin).getJsonArray("items").getJsonObject(0)
        .getJsonObject("conversation").getString("id");
    return gateway.get("/api/conversations/" + id, kristin).getJsonArray("messages");
  }

  @Test
  void aVisitorsPhotoReachesTheirAgentAndComesBackInTheirHistory() {
    byte[] photo = jpeg();
    ChatVisitor lea = gateway.newVisitor();
    HttpResponse<Buffer> sent = upload(lea.token(), "colis-abîmé.jpg", "f1", "fr", photo);
    assertEquals(202, sent.statusCode(), sent.bodyAsString());
    JsonObject ack = sent.bodyAsJsonObject();
    assertEquals(false, ack.getBoolean("duplicate"));
    assertEquals(new JsonObject().put("filename", "colis-abîmé.jpg").put("contentType", "image/jpeg")
        .put("size", photo.length).putNull("url"), ack.getJsonObject("file"));

    // Her agent: the file in the conversation it opened, the very bytes to download.
    JsonObject message = messagesOfOnlyConversation().getJsonObject(0);
    assertEquals(ack.getString("messageId"), message.getString("id"));
    assertEquals("inbound", message.getString("direction"));
    JsonObject file = message.getJsonArray("attachments").getJsonObject(0);
    assertEquals("colis-abîmé.jpg", file.getString("filename"));
    assertEquals("image/jpeg", file.getString("contentType"), "read from the bytes");
    assertTrue(file.getBoolean("kept"));
    HttpResponse<Buffer> download = gateway.request(HttpMethod.GET, "/api/conversations/" + ack.getString("conversationId")
        + "/attachments/" + file.getString("id"), kristin, null);
    assertEquals(200, download.statusCode());
    assertArrayEquals(photo, download.body().getBytes());

    // A reload: her history shows it, with a link that gives the same bytes.
    lea.close();
    ChatVisitor back = gateway.visitor(lea.token());
    JsonObject entry = back.welcome().getJsonArray("history").getJsonObject(0);
    assertEquals("visitor", entry.getJsonObject("author").getString("kind"));
    JsonObject shown = entry.getJsonArray("attachments").getJsonObject(0);
    assertEquals("image/jpeg", shown.getString("contentType"));
    URI link = URI.create(shown.getString("url"));
    assertTrue(shown.getString("url").startsWith(PUBLIC + "/files/"), shown.getString("url"));
    assertArrayEquals(photo, gateway.request(HttpMethod.GET, link.getRawPath(), null, null).body().getBytes());
    back.close();
  }

  @Test
  void aProgramOrAFileWhoseBytesAreNotWhatItsNameSaysIsRefusedInTheVisitorsLanguage() {
    ChatVisitor lea = gateway.newVisitor();
    lea.say("Je vous envoie la facture.");

    HttpResponse<Buffer> disguised = upload(lea.token(), "facture-mars.pdf", "f1", "fr", PROGRAM);
    assertEquals(415, disguised.statusCode());
    JsonObject error = disguised.bodyAsJsonObject().getJsonObject("error");
    assertEquals("file_type", error.getString("code"));
    assertEquals("facture-mars.pdf n’est pas un type de fichier que nous acceptons (PDF, images, documents Office ou"
        + " OpenDocument, texte)\u00a0: il n’a pas été envoyé.", error.getString("text"));

    HttpResponse<Buffer> program = upload(lea.token(), "setup.exe", "f2", "en-GB", PROGRAM);
    assertEquals(415, program.statusCode());
    assertEquals("setup.exe is not a kind of file we can take (PDF, pictures, Office or OpenDocument files, text): it was"
        + " not sent.", program.bodyAsJsonObject().getJsonObject("error").getString("text"));

    HttpResponse<Buffer> page = upload(lea.token(), "notes.txt", "f3", "fr-CA",
        "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8));
    assertEquals(415, page.statusCode(), "markup is not plain text, whatever its name");

    HttpResponse<Buffer> empty = upload(lea.token(), "vide.pdf", "f4", "fr", new byte[0]);
    assertEquals(400, empty.statusCode());
    assertEquals("vide.pdf est vide\u00a0: il n’a pas été envoyé.", empty.bodyAsJsonObject().getJsonObject("error")
        .getString("text"));
    assertEquals(1, messagesOfOnlyConversation().size(), "nothing refused was stored");
    lea.close();
  }

  @Test
  void aFileOverTenMegabytesIsRefusedBeforeItIsStored() {
    ChatVisitor lea = gateway.newVisitor();
    lea.say("Voici la vidéo du colis.");
    byte[] large = Arrays.copyOf(DeskChannelsTest.PDF, 10 * 1024 * 1024 + 1);
    HttpResponse<Buffer> refused = upload(lea.token(), "video-colis.pdf", "f1", "fr", large);
    assertEquals(413, refused.statusCode());
    JsonObject error = refused.bodyAsJsonObject().getJsonObject("error");
    assertEquals("too_large", error.getString("code"));
    assertEquals("video-colis.pdf dépasse 10\u202fMo\u00a0: il n’a pas été envoyé.", error.getString("text"));

    byte[] justFits = Arrays.copyOf(DeskChannelsTest.PDF, 10 * 1024 * 1024);
    assertEquals(202, upload(lea.token(), "bon-de-livraison.pdf", "f2", "fr", justFits).statusCode(), "10 MB is allowed");
    assertEquals(2, messagesOfOnlyConversation().size(), "her words and the file that fits");
    lea.close();
  }

  @Test
  void withoutTheVisitorsOwnTokenNothingIsTaken() {
    ChatVisitor lea = gateway.newVisitor();
    lea.say("Bonjour");
    assertEquals(401, upload(null, "facture.pdf", "f1", "fr", DeskChannelsTest.PDF).statusCode());
    String forged = lea.token().substring(0, lea.token().lastIndexOf('.') + 1) + "AAAA";
    HttpResponse<Buffer> refused = upload(forged, "facture.pdf", "f1", "fr", DeskChannelsTest.PDF);
    assertEquals(401, refused.statusCode());
    assertEquals("invalid_token", refused.bodyAsJsonObject().getJsonObject("error").getString("code"));
    assertEquals(400, gateway.request(HttpMethod.POST, "/chat/files?name=facture.pdf", lea.token(),
        Buffer.buffer(DeskChannelsTest.PDF)).statusCode(), "a clientId is required, as for a message");
    assertEquals(1, messagesOfOnlyConversation().size());
    lea.close();
  }

  @Test
  void theSameFileSentAgainIsStoredOnceAndOtherTabsSeeIt() {
    ChatVisitor lea = gateway.newVisitor();
    lea.say("Voici le bon de livraison.");
    ChatVisitor otherTab = gateway.visitor(lea.token());
    HttpResponse<Buffer> first = upload(lea.token(), "bon.pdf", "f-1", "fr", DeskChannelsTest.PDF);
    HttpResponse<Buffer> again = upload(lea.token(), "bon.pdf", "f-1", "fr", DeskChannelsTest.PDF);
    assertEquals(202, again.statusCode());
    assertEquals(true, again.bodyAsJsonObject().getBoolean("duplicate"));
    assertEquals(first.bodyAsJsonObject().getString("messageId"), again.bodyAsJsonObject().getString("messageId"));
    assertEquals(2, messagesOfOnlyConversation().size());

    JsonObject echo = otherTab.socket.next(f -> "echo".equals(f.getString("type")) && "f-1".equals(f.getString("clientId")),
        "the file, in her other tab");
    assertEquals("bon.pdf", echo.getJsonArray("attachments").getJsonObject(0).getString("filename"));
    assertEquals("application/pdf", echo.getJsonArray("attachments").getJsonObject(0).getString("contentType"));
    otherTab.close();
    lea.close();
  }

  @Test
  void filesCountInTheVisitorsMessageBudgetAndOneRefusedForNowGoesOnceTheWaitIsOver() {
    ChatVisitor lea = gateway.newVisitor();
    for (int page = 1; page <= 10; page++) {
      assertEquals(202, upload(lea.token(), "releve-page-" + page + ".pdf", "p" + page, "fr", DeskChannelsTest.PDF)
          .statusCode(), "page " + page + " of her statement, within the burst of 10");
    }
    HttpResponse<Buffer> tooFast = upload(lea.token(), "releve-page-11.pdf", "p11", "fr", DeskChannelsTest.PDF);
    assertEquals(429, tooFast.statusCode());
    JsonObject error = tooFast.bodyAsJsonObject().getJsonObject("error");
    assertEquals("rate_limited", error.getString("code"));
    assertEquals(tooFast.getHeader("Retry-After"), String.valueOf(error.getLong("retryAfter")));
    assertEquals(10, messagesOfOnlyConversation().size(), "the eleventh is not stored");

    gateway.clock.advance(java.time.Duration.ofMinutes(1));
    assertEquals(202, upload(lea.token(), "releve-page-11.pdf", "p11", "fr", DeskChannelsTest.PDF).statusCode());
    assertEquals(11, messagesOfOnlyConversation().size(), "sent again once the wait was over: every page, once");
    lea.close();
  }

  @Test
  void anySiteMayUploadWithTheTokenAndTheWidgetLearnsTheLimits() {
    HttpResponse<Buffer> preflight = gateway.request(HttpMethod.OPTIONS, "/chat/files", null, null,
        Map.of("Origin", "https://www.boulangerie-martin.fr", "Access-Control-Request-Method", "POST",
            "Access-Control-Request-Headers", "authorization,content-type"));
    assertEquals(204, preflight.statusCode());
    assertEquals("*", preflight.getHeader("Access-Control-Allow-Origin"));
    assertTrue(preflight.getHeader("Access-Control-Allow-Headers").contains("Authorization"));
    JsonObject limits = gateway.get("/chat/texts?locale=fr", null).getJsonObject("limits");
    assertEquals(10 * 1024 * 1024, limits.getLong("maxFileBytes"));
    assertEquals(5, limits.getInteger("maxFiles"));
  }
}
