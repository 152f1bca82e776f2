package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.relay.connector.twilio.TwilioTestServer;
import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.TestGateway;
import dev.relay.gateway.support.TwilioGatewayTestCase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * At 21:30 in Paris on a weekday, with Kristin's hours 09:00–18:00 (Paris), no channel says she
 * "will answer you" without saying when. The company writes French; the clock starts on Monday
 * 2 March 2026, 09:00 UTC (10:00 in Paris), and moves to 20:30 UTC.
 */
class OutOfHoursTest extends TwilioGatewayTestCase {

  static final String SUPPORT = "support@acme.test";
  static final String ANN_MOBILE = "+33698765432";
  /** GSM 03.38's basic set: what one 160-character SMS segment can carry. */
  static final String GSM7 = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
      + "¿abcdefghijklmnopqrstuvwxyzäöñüà";
  GreenMail mail;
  String kristin;

  @Override
  protected Map<String, String> extraEnv() {
    mail = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTP.port(0), ServerSetupTest.IMAP.port(0)});
    mail.start();
    mail.setUser(SUPPORT, "support", "s3cret");
    return Map.of(
        "RELAY_IMAP_URL", "imap://support:s3cret@localhost:" + mail.getImap().getPort() + "/INBOX",
        "RELAY_SMTP_URL", "smtp://support:s3cret@localhost:" + mail.getSmtp().getPort(),
        "RELAY_SUPPORT_ADDRESS", SUPPORT,
        "RELAY_EMAIL_POLL", "PT0.1S",
        "RELAY_COMPANY_LOCALE", "fr",
        // waitForConversationWith polls the API as fast as it answers
        "RELAY_API_BURST", "1000000");
  }

  @BeforeEach
  void kristinWorksInParisAndLeftHerDeskOpen() {
    kristin = gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.fr");
    String id = gateway.get("/api/agents/me", kristin).getString("id");
    assertEquals(200, gateway.request(HttpMethod.PUT, "/api/admin/agents/" + id + "/hours", TestGateway.ADMIN_TOKEN,
        PresenceTest.PARIS_OFFICE).statusCode());
  }

  @AfterEach
  void stopMail() {
    mail.stop();
  }

  void evening() {
    gateway.clock.advance(Duration.ofHours(11).plusMinutes(30));
    gateway.runDueJobs();
    assertEquals("closed", gateway.get("/api/agents/me", kristin).getString("reachability"), "21:30 in Paris");
  }

  @Test
  void aNewChatVisitorLearnsWhenWeOpenInTheirOwnZoneAndIsAnsweredWhenKristinStarts() {
    evening();
    ChatVisitor visitor = gateway.visitor(new JsonObject().put("timezone", "Europe/London").put("locale", "fr"));
    JsonObject availability = visitor.welcome().getJsonObject("availability");
    assertEquals("closed", availability.getString("state"), "the header knows before anything is sent");
    assertEquals("2026-03-03T08:00:00Z", availability.getString("back"), "09:00 in Paris");
    visitor.say("Bonjour, ma commande n’est toujours pas arrivée.");
    assertEquals("Merci pour votre message. Nous sommes fermés et serons de retour demain à 8 h (votre heure) pour vous "
        + "répondre ici.", visitor.notice().getString("text"), "08:00 in London, where the visitor is");

    gateway.clock.advance(Duration.ofHours(11).plusMinutes(30));
    gateway.runDueJobs();
    assertEquals("Kristin Lavransdatter vous répondra.", visitor.notice().getString("text"),
        "her day starts with her desk open: the waiting visitor is hers at once");
    visitor.close();
  }

  @Test
  void aReturningChatCustomerHearsWhenTheirOwnAgentIsBack() {
    ChatVisitor ann = gateway.visitor(new JsonObject().put("timezone", "Europe/Paris").put("locale", "en"));
    String first = ann.say("Hello, where is my parcel?").getString("conversationId");
    assertEquals("Kristin Lavransdatter will answer you.", ann.notice().getString("text"));
    gateway.post("/api/conversations/" + first + "/resolve", kristin, null, 200);
    String token = ann.token();
    ann.close();
    evening();

    ChatVisitor back = gateway.visitor(token);
    assertEquals("Kristin Lavransdatter", back.welcome().getJsonObject("agent").getString("name"));
    assertEquals("closed", back.welcome().getJsonObject("availability").getString("state"));
    back.say("It still has not come.");
    assertEquals("Kristin Lavransdatter is back tomorrow at 09:00 (your time) and will write back to you here then.",
        back.socket.next(f -> "notice".equals(f.getString("type")) && f.getString("text").contains("back"), "when she is back")
            .getString("text"), "no teammate works at this hour either: no cover is promised");
    back.close();
  }

  @Test
  void aCustomerHandedToANewAgentInTheEveningHearsTheNameAndWhenTheyAnswer() {
    assertEquals(200, gateway.request(HttpMethod.PUT, "/api/admin/hours/company", TestGateway.ADMIN_TOKEN,
        PresenceTest.PARIS_OFFICE).statusCode());
    String olav = gateway.createAgent("Olav Audunsson", "olav@acme.fr").getString("token");
    ChatVisitor ann = gateway.visitor(new JsonObject().put("timezone", "Europe/Paris").put("locale", "en"));
    String first = ann.say("Hello, my invoice is wrong").getString("conversationId");
    ann.notice();
    gateway.post("/api/conversations/" + first + "/resolve", kristin, null, 200);
    evening();
    String customer = gateway.get("/api/conversations/" + first, TestGateway.ADMIN_TOKEN).getJsonObject("customer").getString("id");
    assertEquals(200, gateway.request(HttpMethod.PUT, "/api/admin/customers/" + customer + "/agent", TestGateway.ADMIN_TOKEN,
        new JsonObject().put("agentId", gateway.get("/api/agents/me", olav).getString("id"))).statusCode());

    ann.say("Any news about my invoice?");
    ann.socket.next(f -> "notice".equals(f.getString("type"))
        && "Olav Audunsson is now your dedicated agent and will answer you.".equals(f.getString("text")), "the new name");
    assertEquals("Olav Audunsson is back tomorrow at 09:00 (your time) and will write back to you here then.",
        ann.socket.next(f -> "notice".equals(f.getString("type")) && f.getString("text").contains("back"), "and when")
            .getString("text"));
    ann.close();
  }

  @Test
  void anEmailCustomerGetsOneAcknowledgementPerConversationNamingWhenWeAnswer() throws Exception {
    evening();
    MimeMessage first = mailFromAnn("Commande 4711 non reçue", "Bonjour,\nma commande n'est pas arrivée.\n\nAnn");
    Transport.send(first);
    MimeMessage ack = waitForMail("Nous sommes fermés");
    assertEquals("Merci pour votre message. Nous sommes fermés et serons de retour demain à 9 h (heure de Paris) pour "
        + "vous répondre par e-mail.", String.valueOf(ack.getContent()).strip(), "her zone is not known: Paris is named");
    assertEquals("auto-replied", ack.getHeader("Auto-Submitted", null));

    MimeMessage again = mailFromAnn("RE: Commande 4711 non reçue", "Je précise : c'est urgent.");
    again.setHeader("In-Reply-To", first.getMessageID());
    again.saveChanges();
    Transport.send(again);
    String conversation = waitForConversationWith(2);
    gateway.clock.advance(Duration.ofHours(11).plusMinutes(30));
    gateway.runDueJobs();
    gateway.post("/api/conversations/" + conversation + "/messages", kristin,
        new JsonObject().put("text", "Bonjour Ann, je m'en occupe ce matin."), 202);
    waitForMail("je m'en occupe");
    assertEquals(1, Arrays.stream(mail.getReceivedMessages()).filter(m -> contains(m, "Nous sommes fermés")).count(),
        "one acknowledgement for the conversation, not one per mail");
  }

  @Test
  void anSmsCustomerGetsOneAcknowledgementInOneGsm7Segment() {
    evening();
    text("SM" + "a".repeat(32), ANN_MOBILE, "Bonjour, mon colis n'est pas arrivé", TwilioTestServer.AUTH_TOKEN);
    sentTexts(body -> body.contains("fermés"));
    String ack = sentTexts().stream().filter(body -> body.contains("fermés")).findFirst().orElseThrow();
    assertEquals("Merci pour votre message. Nous sommes fermés et serons de retour demain à 9 h (votre heure) pour vous "
        + "répondre par SMS.", ack, "a French mobile number: the customer is in Paris time");
    assertTrue(ack.length() <= 160 && ack.chars().allMatch(c -> GSM7.indexOf(c) >= 0), "one GSM-7 segment: " + ack);

    text("SM" + "b".repeat(32), ANN_MOBILE, "C'est urgent svp", TwilioTestServer.AUTH_TOKEN);
    String conversation = waitForConversationWith(2);
    gateway.clock.advance(Duration.ofHours(11).plusMinutes(30));
    gateway.runDueJobs();
    gateway.post("/api/conversations/" + conversation + "/messages", kristin,
        new JsonObject().put("text", "Bonjour, je regarde demain à la première heure."), 202);
    sentTexts(body -> body.startsWith("Bonjour, je regarde"));
    assertEquals(1, sentTexts().stream().filter(body -> body.contains("fermés")).count(), "one acknowledgement, not one per text");
  }

  MimeMessage mailFromAnn(String subject, String text) throws MessagingException, java.io.UnsupportedEncodingException {
    Properties p = new Properties();
    p.put("mail.smtp.host", "localhost");
    p.put("mail.smtp.port", String.valueOf(mail.getSmtp().getPort()));
    MimeMessage message = new MimeMessage(Session.getInstance(p));
    message.setFrom(new InternetAddress("ann.martin@orange.fr", "Ann Martin"));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(SUPPORT));
    message.setSubject(subject, "UTF-8");
    message.setText(text, "UTF-8");
    message.setHeader("X-Mailer", "Microsoft Outlook 16.0");
    message.saveChanges();
    return message;
  }

  MimeMessage waitForMail(String containing) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      for (MimeMessage m : mail.getReceivedMessages()) {
        if (contains(m, containing)) {
          return m;
        }
      }
      mail.waitForIncomingEmail(200, mail.getReceivedMessages().length + 1);
    }
    throw new AssertionError("no mail containing " + containing);
  }

  static boolean contains(MimeMessage m, String text) {
    try {
      return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains("ann.martin@orange.fr"))
          && String.valueOf(m.getContent()).contains(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The customer's conversation once it holds {@code count} messages from them. */
  String waitForConversationWith(int count) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      for (Object item : gateway.get("/api/conversations?status=open", TestGateway.ADMIN_TOKEN).getJsonArray("items")) {
        String id = ((JsonObject) item).getJsonObject("conversation").getString("id");
        long inbound = gateway.get("/api/conversations/" + id, TestGateway.ADMIN_TOKEN).getJsonArray("messages").stream()
            .filter(m -> "inbound".equals(((JsonObject) m).getString("direction"))).count();
        if (inbound >= count) {
          return id;
        }
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("no conversation with " + count + " messages");
  }

  List<String> sentTexts() {
    return twilio.requests().stream().filter(r -> r.path().endsWith("/Messages.json"))
        .map(r -> r.form().getOrDefault("Body", "")).toList();
  }

  void sentTexts(java.util.function.Predicate<String> until) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (sentTexts().stream().noneMatch(until)) {
      assertTrue(System.currentTimeMillis() < deadline, "no such text was sent: " + sentTexts());
      Thread.onSpinWait();
    }
  }
}
