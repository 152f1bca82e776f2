package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import dev.relay.connector.twilio.TwilioTestServer;
import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.Eventually;
import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.SupportMailbox;
import dev.relay.gateway.support.TwilioGatewayTestCase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the desk's notes and files do on the real channels: chat (the widget's socket), SMS and MMS
 * (the local Twilio server), e-mail (GreenMail). A note never leaves Relay; a file goes as the
 * channel carries it, checked like a customer's.
 */
class DeskChannelsTest extends TwilioGatewayTestCase {

  static final String SUPPORT = SupportMailbox.ADDRESS;
  static final String LEA = "lea.tremblay@exemple.fr";
  /** A small real PDF: what an invoice starts like. */
  static final byte[] PDF = ("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
      .getBytes(StandardCharsets.US_ASCII);
  GreenMail mail;
  String kristin;

  @Override
  protected Map<String, String> extraEnv() {
    mail = SupportMailbox.start();
    mail.setUser(LEA, "lea", "lea-password");
    Map<String, String> env = new java.util.HashMap<>(SupportMailbox.settings(mail));
    env.put("RELAY_EMAIL_POLL", "PT0.1S");
    env.put("RELAY_EMAIL_SIGNATURE", "{agent}, Acme support");
    return env;
  }

  @BeforeEach
  void agent() {
    kristin = gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
  }

  /** The gateway first (its mailbox watch ends cleanly), then the mail server; the base class's close is then a no-op. */
  @AfterEach
  void stopMail() {
    gateway.close();
    mail.stop();
  }

  private String conversationOf(FrameSocket desk, String what) {
    return desk.next(f -> "message.received".equals(f.getString("event")), what).getJsonObject("data")
        .getString("conversationId");
  }

  /** Léa writes from Outlook (in French); answers the conversation. */
  private String mailFromLea(FrameSocket desk) throws Exception {
    Properties p = new Properties();
    p.put("mail.smtp.host", "localhost");
    p.put("mail.smtp.port", String.valueOf(mail.getSmtp().getPort()));
    MimeMessage message = new MimeMessage(Session.getInstance(p));
    message.setFrom(new InternetAddress(LEA, "Léa Tremblay", "UTF-8"));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(SUPPORT));
    message.setSubject("Facture de mars", "UTF-8");
    message.setText("Bonjour,\r\nje n’ai pas reçu ma facture de mars.\r\n\r\nCordialement,\r\nLéa", "UTF-8");
    message.setHeader("X-Mailer", "Microsoft Outlook 16.0");
    message.saveChanges();
    Transport.send(message);
    return conversationOf(desk, "Léa's mail");
  }

  /** Every mail Léa received so far, as text with its attachments' names. */
  private List<MimeMessage> leasMail() {
    return Arrays.stream(mail.getReceivedMessages()).filter(m -> {
      try {
        return Arrays.stream(m.getAllRecipients()).anyMatch(a -> ((InternetAddress) a).getAddress().equalsIgnoreCase(LEA));
      } catch (Exception e) {
        return false;
      }
    }).toList();
  }

  private MimeMessage awaitMail(String containing) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < until) {
      for (MimeMessage m : leasMail()) {
        if (text(m).contains(containing)) {
          return m;
        }
      }
      mail.waitForIncomingEmail(200, mail.getReceivedMessages().length + 1);
    }
    throw new AssertionError("no mail to Léa containing " + containing);
  }

  private static String text(Part part) throws Exception {
    Object content = part.getContent();
    if (content instanceof Multipart multipart) {
      StringBuilder all = new StringBuilder();
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        all.append(Part.ATTACHMENT.equalsIgnoreCase(child.getDisposition()) ? "[" + MimeUtility.decodeText(child.getFileName()) + "]"
            : text(child));
      }
      return all.toString();
    }
    return String.valueOf(content);
  }

  private JsonObject reply(String conversation, String text, String channel, JsonArray files, int expected) {
    JsonObject body = new JsonObject().put("text", text);
    if (channel != null) {
      body.put("channel", channel);
    }
    if (files != null) {
      body.put("attachments", files);
    }
    return gateway.post("/api/conversations/" + conversation + "/messages", kristin, body, expected);
  }

  private static JsonArray file(String name, byte[] bytes) {
    return new JsonArray().add(new JsonObject().put("filename", name).put("content", Base64.getEncoder().encodeToString(bytes)));
  }

  private void note(String conversation, String text) {
    gateway.post("/api/conversations/" + conversation + "/notes", kristin, new JsonObject().put("text", text), 201);
  }

  private List<String> smsBodies() {
    return twilio.requests().stream().filter(r -> r.path().endsWith("/Messages.json"))
        .map(r -> r.form().getOrDefault("Body", "")).toList();
  }

  @Test
  void aNoteNeverReachesTheCustomerByChatSmsOrEmailWhileTheReplyAfterItDoes() throws Exception {
    FrameSocket desk = gateway.stream(kristin);
    ChatVisitor ann = gateway.newVisitor();
    String chat = ann.say("Ma box clignote en rouge.").getString("conversationId");
    conversationOf(desk, "Ann's chat");
    text("SM" + "2".repeat(32), "+33698765432", "Bonjour, mon forfait ?", TwilioTestServer.AUTH_TOKEN);
    String sms = conversationOf(desk, "the text");
    String email = mailFromLea(desk);

    for (String conversation : List.of(chat, sms, email)) {
      note(conversation, "NOTE INTERNE : client mécontent, geste commercial possible.");
      reply(conversation, "Je m’en occupe tout de suite.", null, null, 202);
    }

    assertEquals("Je m’en occupe tout de suite.", ann.reply().getString("text"), "the chat's next message is the reply");
    MimeMessage answer = awaitMail("Je m’en occupe");
    assertTrue(!text(answer).contains("NOTE INTERNE"), text(answer));
    for (MimeMessage m : leasMail()) {
      assertTrue(!text(m).contains("NOTE INTERNE"), "no mail carries the note: " + text(m));
    }
    List<String> texts = Eventually.get(() -> smsBodies().stream().anyMatch(b -> b.startsWith("Je m’en occupe"))
        ? smsBodies() : null, "the SMS reply at Twilio");
    assertTrue(texts.stream().noneMatch(b -> b.contains("NOTE INTERNE")), "no text carries the note: " + texts);
    ChatVisitor back = gateway.visitor(ann.token());
    assertTrue(!back.welcome().encode().contains("NOTE INTERNE"), "nor the chat's history");
    ann.close();
    back.close();
  }

  /** The path of a signed file link in a text ("📎 name (1 KB): https://…/files/…"), to fetch from the local gateway. */
  private static String linkPath(String text) {
    Matcher m = Pattern.compile(Pattern.quote(PUBLIC) + "(/files/\\S+)").matcher(text);
    assertTrue(m.find(), "a link in: " + text);
    return m.group(1);
  }

  @Test
  void aFileGoesAsAnAttachmentByEmailALinkByChatAndMmsToCanadaAndIsRefusedWhereItCannotGo() throws Exception {
    FrameSocket desk = gateway.stream(kristin);
    String email = mailFromLea(desk);
    reply(email, "Voici votre facture.", null, file("Facture mars 2026 — Léa.pdf", PDF), 202);
    MimeMessage withFile = awaitMail("Voici votre facture");
    Multipart parts = (Multipart) withFile.getContent();
    BodyPart attached = parts.getBodyPart(1);
    assertEquals("Facture mars 2026 — Léa.pdf", MimeUtility.decodeText(attached.getFileName()));
    assertTrue(attached.getContentType().startsWith("application/pdf"), attached.getContentType());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    attached.getInputStream().transferTo(bytes);
    assertArrayEquals(PDF, bytes.toByteArray(), "the customer gets the very bytes");

    ChatVisitor ann = gateway.newVisitor();
    String chat = ann.say("Pouvez-vous m’envoyer le bon de retour ?").getString("conversationId");
    conversationOf(desk, "Ann's chat");
    reply(chat, "Le voici.", null, file("bon-retour.pdf", PDF), 202);
    JsonObject frame = ann.reply();
    assertTrue(frame.getString("text").startsWith("Le voici.\n\n\uD83D\uDCCE bon-retour.pdf (1 KB): " + PUBLIC + "/files/"),
        frame.getString("text"));
    HttpResponse<Buffer> download = gateway.request(HttpMethod.GET, linkPath(frame.getString("text")), null, null);
    assertEquals(200, download.statusCode());
    assertArrayEquals(PDF, download.body().getBytes());
    assertTrue(download.getHeader("Content-Disposition").startsWith("attachment;"), "a download, never shown in a page");
    assertEquals("nosniff", download.getHeader("X-Content-Type-Options"));
    String tampered = linkPath(frame.getString("text")).replaceFirst("/files/.", "/files/A");
    assertEquals(404, gateway.request(HttpMethod.GET, tampered, null, null).statusCode(), "a changed link opens nothing");
    JsonObject stored = gateway.get("/api/conversations/" + chat, kristin).getJsonArray("messages").getJsonObject(1);
    assertEquals("bon-retour.pdf", stored.getJsonArray("attachments").getJsonObject(0).getString("filename"));
    assertEquals("Le voici.", stored.getString("text"), "the timeline keeps the text; the file is listed with it");

    text("SM" + "3".repeat(32), "+15145550199", "Hi, can you text me the return label?", TwilioTestServer.AUTH_TOKEN);
    String quebec = conversationOf(desk, "the Montréal text");
    reply(quebec, "Here it is.", null, file("return-label.pdf", PDF), 202);
    TwilioTestServer.Recorded mms = Eventually.get(() -> twilio.requests().stream()
        .filter(r -> r.form().getOrDefault("Body", "").startsWith("Here it is.")).findFirst().orElse(null), "the MMS");
    String media = mms.form().get("MediaUrl");
    assertTrue(media != null && media.startsWith(PUBLIC + "/files/"), mms.form().toString());
    HttpResponse<Buffer> fetched = gateway.request(HttpMethod.GET, media.substring(PUBLIC.length()), null, null);
    assertEquals("application/pdf", fetched.getHeader("Content-Type"), "Twilio gets the type it needs");
    assertArrayEquals(PDF, fetched.body().getBytes());

    // A French mobile gets no MMS; a program is no document; nothing is stored or sent either time.
    text("SM" + "4".repeat(32), "+33698765432", "Bonjour, vous pouvez m’envoyer le RIB ?", TwilioTestServer.AUTH_TOKEN);
    String paris = conversationOf(desk, "the Paris text");
    int sent = smsBodies().size();
    JsonObject refused = reply(paris, "Voici le RIB.", null, file("rib.pdf", PDF), 422);
    assertTrue(refused.encode().contains("MMS reaches US and Canadian numbers only"), refused.encode());
    byte[] program = ("MZ\u0090\u0000" + "This program cannot be run in DOS mode").getBytes(StandardCharsets.ISO_8859_1);
    JsonObject exe = reply(email, "Installez ceci.", null, file("facture.pdf.exe", program), 422);
    assertTrue(exe.encode().contains("facture.pdf.exe is not a kind of file Relay sends"), exe.encode());
    JsonObject html = reply(chat, "Voir ceci.", null, file("page.txt", "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8)), 422);
    assertTrue(html.encode().contains("page.txt is not a kind of file"), html.encode());
    assertEquals(sent, smsBodies().size(), "no text went out");
    assertEquals(1, gateway.get("/api/conversations/" + paris, kristin).getJsonArray("messages").size(), "nothing stored");
    assertTrue(!gateway.get("/api/conversations/" + email, kristin).encode().contains("Installez ceci"), "nothing stored");
    ann.close();
  }
}
