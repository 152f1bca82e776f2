package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The e-mail channel against a real SMTP and IMAP server (GreenMail) on local ports. */
@ExtendWith(VertxExtension.class)
class EmailChannelTest {

  static final String SUPPORT = "support@acme.test";
  @TempDir
  Path data;
  GreenMail mail;
  TestGateway gateway;
  String kristin;

  @BeforeEach
  void start(Vertx vertx) {
    mail = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTP.port(0), ServerSetupTest.IMAP.port(0)});
    mail.start();
    mail.setUser(SUPPORT, "support", "s3cret pass");
    mail.setUser("ann@example.com", "ann", "ann-password");
    gateway = TestGateway.start(vertx, data, emailSettings("s3cret%20pass", "PT0.1S"));
    kristin = gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
  }

  /** The gateway's e-mail settings for the support mailbox on this GreenMail, with this (URL-encoded) password. */
  Map<String, String> emailSettings(String password, String poll) {
    return Map.of(
        "RELAY_IMAP_URL", "imap://support:" + password + "@localhost:" + mail.getImap().getPort() + "/INBOX",
        "RELAY_SMTP_URL", "smtp://support:" + password + "@localhost:" + mail.getSmtp().getPort(),
        "RELAY_SUPPORT_ADDRESS", SUPPORT,
        "RELAY_EMAIL_POLL", poll,
        "RELAY_EMAIL_SIGNATURE", "{agent}, Acme support",
        "RELAY_EMAIL_MAX_ATTACHMENT", "2048");
  }

  /** Replaces the test's gateway with one configured by {@code settings}, with Kristin online. */
  void restartWith(Vertx vertx, Path dir, Map<String, String> settings) {
    gateway.close();
    gateway = TestGateway.start(vertx, dir, settings);
    kristin = gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
  }

  @AfterEach
  void stop() {
    gateway.close();
    mail.stop();
  }

  MimeMessage customerMail(String subject, String text, Consumer<MimeMessage> extra) throws MessagingException {
    Properties p = new Properties();
    p.put("mail.smtp.host", "localhost");
    p.put("mail.smtp.port", String.valueOf(mail.getSmtp().getPort()));
    MimeMessage message = new MimeMessage(Session.getInstance(p));
    message.setFrom(new InternetAddress("Ann.Example@Example.com"));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(SUPPORT));
    message.setSubject(subject, "UTF-8");
    message.setText(text, "UTF-8");
    extra.accept(message);
    message.saveChanges();
    return message;
  }

  void send(MimeMessage message) throws MessagingException {
    Transport.send(message);
  }

  @Test
  void aCustomerMailReachesTheAgentAndTheSignedThreadedReplyReachesTheCustomerAndTheAnswerStaysInTheConversation()
      throws Exception {
    FrameSocket stream = gateway.stream(kristin);
    MimeMessage first = customerMail("Parcel not delivered", "Hello,\nmy parcel did not arrive.\n\nAnn", m -> { });
    send(first);
    JsonObject received = stream.next(f -> "message.received".equals(f.getString("event")), "the mail");
    JsonObject message = received.getJsonObject("data").getJsonObject("message");
    assertEquals("email", message.getString("channel"));
    assertEquals("Hello,\nmy parcel did not arrive.\n\nAnn", message.getString("text"));
    assertEquals("Parcel not delivered", message.getJsonObject("attributes").getString("subject"));
    String conversation = received.getJsonObject("data").getString("conversationId");

    MimeMessage notice = waitForMail("ann.example@example.com", "Kristin Lavransdatter will answer you.");
    assertEquals("Re: Parcel not delivered", notice.getSubject(), "the acknowledgement is threaded too");
    assertEquals("auto-replied", notice.getHeader("Auto-Submitted", null), "robots must not answer it");

    gateway.post("/api/conversations/" + conversation + "/messages", kristin,
        new JsonObject().put("text", "I am sorry, I have sent a new one today."), 202);
    MimeMessage reply = waitForMail("ann.example@example.com", "I am sorry");
    InternetAddress from = (InternetAddress) reply.getFrom()[0];
    assertEquals(SUPPORT, from.getAddress());
    assertEquals("Kristin Lavransdatter", from.getPersonal());
    assertEquals("support+" + java.util.HexFormat.of().formatHex(conversation.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        + "@acme.test", ((InternetAddress) reply.getReplyTo()[0]).getAddress(), "a token that survives case changes");
    assertEquals("Re: Parcel not delivered", reply.getSubject());
    assertEquals(first.getMessageID(), reply.getHeader("In-Reply-To", null));
    assertTrue(reply.getHeader("References", null).contains(first.getMessageID()));
    assertTrue(String.valueOf(reply.getContent()).endsWith("-- \r\nKristin Lavransdatter, Acme support")
        || String.valueOf(reply.getContent()).endsWith("-- \nKristin Lavransdatter, Acme support"), String.valueOf(reply.getContent()));
    JsonObject status = stream.next(f -> "message.status".equals(f.getString("event")), "delivery status");
    assertEquals("sent", status.getJsonObject("data").getString("status"));

    gateway.post("/api/conversations/" + conversation + "/resolve", kristin, null, 200);
    MimeMessage answer = customerMail("Re: Parcel not delivered", "Thanks, it arrived!\n\nOn Monday Kristin wrote:\n> I am sorry",
        m -> {
          try {
            m.setRecipients(Message.RecipientType.TO, reply.getReplyTo());
            m.setHeader("In-Reply-To", reply.getMessageID());
          } catch (MessagingException e) {
            throw new IllegalStateException(e);
          }
        });
    // GreenMail has no plus-addressing: deliver to the support mailbox as a real server would.
    Transport.send(answer, new InternetAddress[] {new InternetAddress(SUPPORT)});
    JsonObject again = stream.next(f -> "message.received".equals(f.getString("event"))
        && f.getJsonObject("data").getJsonObject("message").getString("text").startsWith("Thanks"), "the answer");
    assertEquals("Thanks, it arrived!", again.getJsonObject("data").getJsonObject("message").getString("text"),
        "quoted history trimmed for display");
    assertEquals(conversation, again.getJsonObject("data").getString("conversationId"),
        "the reply reopened its conversation instead of starting a new one");
    JsonObject detail = gateway.get("/api/conversations/" + conversation, kristin);
    assertEquals("open", detail.getJsonObject("conversation").getString("status"));
    assertEquals("Kristin Lavransdatter", detail.getJsonObject("owner").getString("name"));
    assertEquals("ann.example@example.com", detail.getJsonObject("customer").getJsonArray("identities")
        .getJsonObject(0).getString("value"), "addresses are normalised");
    stream.close();
  }

  @Test
  void aFrenchCustomerGetsTheSubjectAndTheSignatureInFrenchAsTheAdminWordedThem() throws Exception {
    FrameSocket stream = gateway.stream(kristin);
    gateway.request(io.vertx.core.http.HttpMethod.PUT, "/api/admin/texts/fr", TestGateway.ADMIN_TOKEN, new JsonObject()
        .put("overrides", new JsonObject().put("email.signature", "{agent}\nService client — {company}")));
    send(customerMail("", "Bonjour,\n\nmon colis n’est jamais arrivé.\n\nCordialement,\nAnne", m -> { }));
    String conversation = stream.next(f -> "message.received".equals(f.getString("event")), "the mail")
        .getJsonObject("data").getString("conversationId");
    gateway.request(io.vertx.core.http.HttpMethod.PUT, "/api/conversations/" + conversation + "/customer/locale", kristin,
        new JsonObject().put("locale", "fr-FR"));

    gateway.post("/api/conversations/" + conversation + "/messages", kristin,
        new JsonObject().put("text", "Bonjour Anne, je vous en renvoie un aujourd’hui."), 202);
    MimeMessage reply = waitForMail("ann.example@example.com", "je vous en renvoie");
    assertEquals("Votre message à acme.test", reply.getSubject(), "a thread without subject gets one in French");
    String body = String.valueOf(reply.getContent()).replace("\r\n", "\n");
    assertTrue(body.endsWith("-- \nKristin Lavransdatter\nService client — acme.test"), body);
    stream.close();
  }

  @Test
  void aReplyToTheFromAddressStillFindsItsConversationThroughItsReferences() throws Exception {
    FrameSocket stream = gateway.stream(kristin);
    send(customerMail("Broken lamp", "My lamp arrived broken", m -> { }));
    String conversation = stream.next(f -> "message.received".equals(f.getString("event")), "the mail")
        .getJsonObject("data").getString("conversationId");
    gateway.post("/api/conversations/" + conversation + "/messages", kristin, new JsonObject().put("text", "A new lamp is on its way."), 202);
    MimeMessage reply = waitForMail("ann.example@example.com", "A new lamp");
    gateway.post("/api/conversations/" + conversation + "/resolve", kristin, null, 200);
    String replyId = reply.getMessageID();
    send(customerMail("Re: Broken lamp", "It came, thank you", m -> header(m, "References", replyId)));
    JsonObject answer = stream.next(f -> "message.received".equals(f.getString("event"))
        && "It came, thank you".equals(f.getJsonObject("data").getJsonObject("message").getString("text")), "the answer");
    assertEquals(conversation, answer.getJsonObject("data").getString("conversationId"));
    stream.close();
  }

  @Test
  void someoneElseWritingToTheReplyAddressIsShownInTheThreadButNeverReceivesTheReplies() throws Exception {
    FrameSocket stream = gateway.stream(kristin);
    send(customerMail("Office move", "We move on Friday", m -> { }));
    String conversation = stream.next(f -> "message.received".equals(f.getString("event")), "the mail")
        .getJsonObject("data").getString("conversationId");
    gateway.post("/api/conversations/" + conversation + "/messages", kristin, new JsonObject().put("text", "Noted, thanks."), 202);
    MimeMessage reply = waitForMail("ann.example@example.com", "Noted, thanks.");
    // Anyone who saw that reply (a colleague in copy, or a stranger it was forwarded to) has its address.
    MimeMessage other = customerMail("Re: Office move", "Also: send the invoice to me", m -> { });
    other.setFrom(new InternetAddress("bob@example.com", "Bob"));
    other.setRecipients(Message.RecipientType.TO, reply.getReplyTo());
    other.saveChanges();
    Transport.send(other, new InternetAddress[] {new InternetAddress(SUPPORT)});
    JsonObject shown = stream.next(f -> "message.received".equals(f.getString("event"))
        && f.getJsonObject("data").getJsonObject("message").getString("text").startsWith("Also"), "Bob's mail");
    assertEquals(conversation, shown.getJsonObject("data").getString("conversationId"), "the agent sees it in the thread");
    assertEquals("Bob <bob@example.com>", shown.getJsonObject("data").getJsonObject("message").getJsonObject("author")
        .getString("name"), "with the address it came from");
    var identities = gateway.get("/api/conversations/" + conversation, kristin).getJsonObject("customer").getJsonArray("identities");
    assertEquals(1, identities.size(), "a reply address links nobody: " + identities.encode());

    gateway.post("/api/conversations/" + conversation + "/messages", kristin,
        new JsonObject().put("text", "Here is the invoice for the move."), 202);
    MimeMessage invoice = waitForMail("ann.example@example.com", "Here is the invoice");
    assertFalse(Arrays.stream(invoice.getAllRecipients()).anyMatch(a -> a.toString().contains("bob@example.com")));
    assertFalse(Arrays.stream(mail.getReceivedMessages()).anyMatch(m -> {
      try {
        return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains("bob@example.com"));
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }), "Bob receives nothing");
    stream.close();
  }

  @Test
  void outlookSaysTheMailIsInFrenchAndTheCustomerIsAnsweredInFrench() throws Exception {
    FrameSocket stream = gateway.stream(kristin);
    send(customerMail("Facture de mars", "Bonjour,\n\nLa facture de mars est fausse.\n\nCordialement,\nAnn", m -> {
      try {
        m.setHeader("Content-Language", "fr-FR");
        m.setHeader("X-Mailer", "Microsoft Outlook 16.0");
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }));
    JsonObject outlook = gateway.get("/api/conversations/" + stream.next(f -> "message.received".equals(f.getString("event")),
        "the Outlook mail").getJsonObject("data").getString("conversationId"), kristin);
    assertEquals("fr-FR", outlook.getJsonArray("messages").getJsonObject(0).getJsonObject("attributes").getString("language"),
        "what Outlook declares");
    assertEquals("fr-FR", outlook.getJsonObject("customer").getString("locale"));
    waitForMail("ann.example@example.com", "Kristin Lavransdatter vous répondra.");
    stream.close();
  }

  @Test
  void aMailWithoutContentLanguageIsReadForItsLanguage() throws Exception {
    FrameSocket stream = gateway.stream(kristin);
    send(customerMail("Colis", "Bonjour,\n\nmon colis n'est toujours pas arrivé, pouvez-vous vérifier ?\n\nMerci,\nAnn",
        m -> { }));
    JsonObject mail = gateway.get("/api/conversations/" + stream.next(f -> "message.received".equals(f.getString("event")),
        "the mail").getJsonObject("data").getString("conversationId"), kristin);
    assertEquals("fr", mail.getJsonArray("messages").getJsonObject(0).getJsonObject("attributes").getString("language"));
    assertEquals("fr", mail.getJsonObject("customer").getString("locale"));
    stream.close();
  }

  @Test
  void aBounceMarksTheReplyFailedAndTellsTheAgent() throws Exception {
    FrameSocket stream = gateway.stream(kristin);
    send(customerMail("Help", "Please call me", m -> { }));
    String conversation = stream.next(f -> "message.received".equals(f.getString("event")), "the mail")
        .getJsonObject("data").getString("conversationId");
    String replyId = gateway.post("/api/conversations/" + conversation + "/messages", kristin,
        new JsonObject().put("text", "Of course."), 202).getString("id");
    MimeMessage reply = waitForMail("ann.example@example.com", "Of course.");
    stream.next(f -> "message.status".equals(f.getString("event")), "sent");

    Properties p = new Properties();
    p.put("mail.smtp.host", "localhost");
    p.put("mail.smtp.port", String.valueOf(mail.getSmtp().getPort()));
    MimeMessage bounce = new MimeMessage(Session.getInstance(p), new java.io.ByteArrayInputStream(("""
        From: Mail Delivery System <MAILER-DAEMON@mx.example.com>
        To: support@acme.test
        Subject: Undelivered Mail Returned to Sender
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

        --b1
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.com

        Final-Recipient: rfc822; ann.example@example.com
        Action: failed
        Status: 5.2.2
        Diagnostic-Code: smtp; 552 5.2.2 Mailbox full
        --b1
        Content-Type: text/rfc822-headers

        Message-ID: %s
        --b1--
        """.formatted(reply.getMessageID())).replace("\n", "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    Transport.send(bounce, new InternetAddress[] {new InternetAddress(SUPPORT)});

    JsonObject failed = stream.next(f -> "message.status".equals(f.getString("event"))
        && "failed".equals(f.getJsonObject("data").getString("status")), "the bounce");
    assertEquals(replyId, failed.getJsonObject("data").getString("messageId"));
    assertEquals("the e-mail bounced: smtp; 552 5.2.2 Mailbox full", failed.getJsonObject("data").getString("error"));
    stream.expectNone(f -> "message.received".equals(f.getString("event")), "the bounce as a customer message", 300);
    stream.close();
  }

  @Test
  void aReplyWhileTheMailServerIsDownStaysQueuedAndIsSentWhenItIsBack(Vertx vertx, @TempDir Path other) throws Exception {
    int downPort;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      downPort = probe.getLocalPort();
    }
    Map<String, String> settings = new java.util.HashMap<>(emailSettings("s3cret%20pass", "PT0.1S"));
    settings.put("RELAY_SMTP_URL", "smtp://support:s3cret%20pass@localhost:" + downPort);
    restartWith(vertx, other, settings);
    FrameSocket stream = gateway.stream(kristin);
    send(customerMail("Urgent", "Please answer", m -> { }));
    String conversation = stream.next(f -> "message.received".equals(f.getString("event")), "the mail")
        .getJsonObject("data").getString("conversationId");
    String replyId = gateway.post("/api/conversations/" + conversation + "/messages", kristin,
        new JsonObject().put("text", "Answer written while the mail server is down"), 202).getString("id");

    JsonObject queued = stream.next(f -> "message.status".equals(f.getString("event"))
        && replyId.equals(f.getJsonObject("data").getString("messageId")), "still queued, with the reason");
    assertEquals("queued", queued.getJsonObject("data").getString("status"));
    String reason = queued.getJsonObject("data").getString("error");
    assertTrue(reason.startsWith("the mail server could not be reached") || reason.startsWith("the mail server keeps failing"),
        queued.encode());

    GreenMail back = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTP.port(downPort)});
    back.start();
    back.setUser(SUPPORT, "support", "s3cret pass");
    try {
      gateway.clock.advance(java.time.Duration.ofMinutes(1));
      assertTrue(gateway.runDueJobs() >= 1, "the outbox job ran");
      JsonObject sent = stream.next(f -> "message.status".equals(f.getString("event"))
          && "sent".equals(f.getJsonObject("data").getString("status")), "sent once the server is back");
      assertEquals(replyId, sent.getJsonObject("data").getString("messageId"));
      back.waitForIncomingEmail(5_000, 1);
      assertTrue(Arrays.stream(back.getReceivedMessages()).anyMatch(m -> {
        try {
          return String.valueOf(m.getContent()).contains("Answer written while the mail server is down");
        } catch (Exception e) {
          return false;
        }
      }), "the customer gets the reply");
    } finally {
      back.stop();
      stream.close();
    }
  }

  @Test
  void automaticMailIsNeverRoutedOrAnswered() throws Exception {
    send(customerMail("Out of office", "I am away until Monday.", m -> header(m, "Auto-Submitted", "auto-replied")));
    send(customerMail("Newsletter", "Our news", m -> header(m, "Precedence", "bulk")));
    send(customerMail("Real question", "Where is my invoice?", m -> { }));
    FrameSocket stream = gateway.stream(kristin);
    JsonObject received = stream.next(f -> "message.received".equals(f.getString("event")), "the real mail");
    assertEquals("Where is my invoice?", received.getJsonObject("data").getJsonObject("message").getString("text"));
    stream.expectNone(f -> "message.received".equals(f.getString("event")), "an automatic mail", 500);
    assertEquals(1, gateway.get("/api/conversations", TestGateway.ADMIN_TOKEN).getJsonArray("items").size());
    assertEquals(0, unseen(), "automatic mail is marked seen too, so it is not fetched again");
    stream.close();
  }

  @Test
  void attachmentsAreKeptWithinTheLimitAndDownloadedOnlyByTheAgentsWhoMaySeeThem() throws Exception {
    String olav = gateway.createAgent("Olav Audunsson", "olav@acme.test").getString("token");
    FrameSocket stream = gateway.stream(kristin);
    byte[] pdf = "%PDF-1.4 a small invoice".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    send(customerMail("Invoice", "", m -> {
      try {
        jakarta.mail.internet.MimeBodyPart text = new jakarta.mail.internet.MimeBodyPart();
        text.setText("See the attached invoice and photo.", "UTF-8");
        jakarta.mail.internet.MimeBodyPart small = new jakarta.mail.internet.MimeBodyPart();
        small.setContent(pdf, "application/pdf");
        small.setFileName("invoice 42.pdf");
        jakarta.mail.internet.MimeBodyPart big = new jakarta.mail.internet.MimeBodyPart();
        big.setContent(new byte[5000], "image/jpeg");
        big.setFileName("photo.jpg");
        m.setContent(new jakarta.mail.internet.MimeMultipart(text, small, big));
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }));
    JsonObject data = stream.next(f -> "message.received".equals(f.getString("event")), "the mail").getJsonObject("data");
    String conversation = data.getString("conversationId");
    io.vertx.core.json.JsonArray files = data.getJsonObject("message").getJsonArray("attachments");
    assertEquals(2, files.size(), files.encode());
    JsonObject invoice = files.getJsonObject(0);
    assertEquals("invoice 42.pdf", invoice.getString("filename"));
    assertTrue(invoice.getBoolean("kept"));
    assertFalse(files.getJsonObject(1).getBoolean("kept"), "over the 2 KiB limit set for this test");

    String path = "/api/conversations/" + conversation + "/attachments/";
    var download = gateway.request(io.vertx.core.http.HttpMethod.GET, path + invoice.getString("id"), kristin, null);
    assertEquals(200, download.statusCode());
    assertEquals(new String(pdf, java.nio.charset.StandardCharsets.US_ASCII), download.bodyAsString());
    assertEquals("attachment; filename*=UTF-8''invoice%2042.pdf", download.getHeader("Content-Disposition"));
    assertEquals("application/octet-stream", download.getHeader("Content-Type"), "never rendered by the browser");
    assertEquals("nosniff", download.getHeader("X-Content-Type-Options"));
    assertEquals(410, gateway.request(io.vertx.core.http.HttpMethod.GET, path + files.getJsonObject(1).getString("id"),
        kristin, null).statusCode());
    assertEquals(404, gateway.request(io.vertx.core.http.HttpMethod.GET, path + invoice.getString("id"), olav, null)
        .statusCode(), "another agent's customer's file does not exist for Olav");
    assertEquals(404, gateway.request(io.vertx.core.http.HttpMethod.GET, path + "att_nope", kristin, null).statusCode());
    stream.close();
  }

  @Test
  void htmlIsSanitisedBeforeAnyAgentSeesIt() throws Exception {
    send(customerMail("Hi", "", m -> {
      try {
        m.setContent("<p>Hello <b>team</b></p><script>alert(1)</script><img src=x onerror=alert(2)>"
            + "<a href=\"javascript:alert(3)\">click</a>", "text/html; charset=UTF-8");
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }));
    FrameSocket stream = gateway.stream(kristin);
    JsonObject message = stream.next(f -> "message.received".equals(f.getString("event")), "the mail")
        .getJsonObject("data").getJsonObject("message");
    String html = message.getJsonObject("attributes").getString("html");
    assertTrue(html.contains("<b>team</b>"), html);
    assertFalse(html.contains("script") || html.contains("onerror") || html.contains("javascript:"), html);
    assertEquals("Hello team\nclick", message.getString("text"));
    stream.close();
  }

  @Test
  void aRestartBetweenStoringAndMarkingSeenNeitherLosesNorDuplicates() throws Exception {
    FrameSocket stream = gateway.stream(kristin);
    send(customerMail("Once", "Only once please", m -> { }));
    JsonObject received = stream.next(f -> "message.received".equals(f.getString("event")), "the mail");
    String conversation = received.getJsonObject("data").getString("conversationId");
    stream.close();
    // As if the gateway died after storing the mail but before flagging it \Seen.
    markAllUnseen();
    gateway.restart();
    long deadline = System.currentTimeMillis() + 5_000;
    while (unseen() > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(0, unseen(), "the restarted gateway fetched it again");
    assertEquals(1, gateway.get("/api/conversations/" + conversation, kristin).getJsonArray("messages").size(),
        "the same Message-ID is stored once");
    send(customerMail("Twice", "A new one", m -> { }));
    FrameSocket after = gateway.stream(kristin);
    after.next(f -> "message.received".equals(f.getString("event"))
        && "A new one".equals(f.getJsonObject("data").getJsonObject("message").getString("text")), "the next mail");
    after.close();
  }

  @Test
  void aMailSomeoneOpenedInTheMailboxFirstIsStillRouted() throws Exception {
    FrameSocket stream = gateway.stream(kristin);
    send(customerMail("First", "first", m -> { }));
    stream.next(f -> "message.received".equals(f.getString("event")), "the first mail");
    MimeMessage opened = customerMail("Already read", "Someone opened me in the mailbox", m -> { });
    opened.setFlag(Flags.Flag.SEEN, true);
    try (Store store = supportStore()) {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      inbox.appendMessages(new Message[] {opened});
      inbox.close(false);
    }
    JsonObject received = stream.next(f -> "message.received".equals(f.getString("event"))
        && "Someone opened me in the mailbox".equals(f.getJsonObject("data").getJsonObject("message").getString("text")),
        "the mail that was already read");
    assertNotNull(received.getString("id"));
    stream.close();
  }

  @Test
  void imapIdleDeliversNewMailWithoutWaitingForThePollInterval(Vertx vertx, @TempDir Path other) throws Exception {
    restartWith(vertx, other, emailSettings("s3cret%20pass", "PT1H"));
    FrameSocket stream = gateway.stream(kristin);
    Thread.sleep(500); // let the start-up pass and the IDLE session begin; the next poll is an hour away
    send(customerMail("Pushed", "Arrives through IDLE", m -> { }));
    JsonObject received = stream.next(f -> "message.received".equals(f.getString("event")), "the mail, via IDLE");
    assertEquals("Arrives through IDLE", received.getJsonObject("data").getJsonObject("message").getString("text"));
    stream.close();
  }

  @Test
  void severalMailboxesAreWatchedAndEachCustomerReachesTheirAgent(Vertx vertx, @TempDir Path other) throws Exception {
    mail.setUser("billing@acme.test", "billing", "b1lling");
    Map<String, String> settings = new java.util.HashMap<>(emailSettings("s3cret%20pass", "PT0.1S"));
    settings.put("RELAY_IMAP_URL", settings.get("RELAY_IMAP_URL") + ",imap://billing:b1lling@localhost:"
        + mail.getImap().getPort() + "/INBOX");
    restartWith(vertx, other, settings);
    FrameSocket stream = gateway.stream(kristin);
    send(customerMail("Support question", "To support", m -> { }));
    send(customerMail("Billing question", "To billing", m -> {
      try {
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("billing@acme.test"));
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }));
    java.util.Set<String> texts = new java.util.HashSet<>();
    for (int i = 0; i < 2; i++) {
      texts.add(stream.next(f -> "message.received".equals(f.getString("event")), "a mail").getJsonObject("data")
          .getJsonObject("message").getString("text"));
    }
    assertEquals(java.util.Set.of("To support", "To billing"), texts);
    String ready = "";
    long deadline = System.currentTimeMillis() + 5_000;
    while (!ready.contains("2 mailboxes") && System.currentTimeMillis() < deadline) {
      ready = gateway.request(io.vertx.core.http.HttpMethod.GET, "/health/ready", TestGateway.ADMIN_TOKEN, null).bodyAsString();
    }
    assertTrue(ready.contains("2 mailboxes"), ready);
    stream.close();
  }

  @Test
  void aMalformedMailIsKeptRawWithAClearMarkerAndThePollerCarriesOn() throws Exception {
    FrameSocket stream = gateway.stream(kristin);
    MimeMessage broken = new MimeMessage(Session.getInstance(new Properties()), new java.io.ByteArrayInputStream(("""
        From: Ann <ann.example@example.com>
        To: support@acme.test
        Subject: Broken
        Message-ID: <broken-1@example.com>
        MIME-Version: 1.0
        Content-Type: multipart/mixed

        this multipart has no boundary at all
        """).replace("\n", "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    append(broken);
    JsonObject message = stream.next(f -> "message.received".equals(f.getString("event")), "the broken mail")
        .getJsonObject("data").getJsonObject("message");
    assertTrue(message.getString("text").startsWith("[Relay could not read this e-mail ("), message.getString("text"));
    assertEquals("original.eml", message.getJsonArray("attachments").getJsonObject(0).getString("filename"));
    send(customerMail("After", "The next mail still arrives", m -> { }));
    stream.next(f -> "message.received".equals(f.getString("event"))
        && "The next mail still arrives".equals(f.getJsonObject("data").getJsonObject("message").getString("text")), "the next mail");
    stream.close();
  }

  @Test
  void aNewUidValidityMakesThePollerCatchUpInsteadOfSkippingMail(Vertx vertx, @TempDir Path other) throws Exception {
    try (Store store = supportStore()) {
      store.getFolder("Support").create(Folder.HOLDS_MESSAGES);
    }
    Map<String, String> settings = new java.util.HashMap<>(emailSettings("s3cret%20pass", "PT0.1S"));
    settings.put("RELAY_IMAP_URL", settings.get("RELAY_IMAP_URL").replace("/INBOX", "/Support"));
    restartWith(vertx, other, settings);
    FrameSocket stream = gateway.stream(kristin);
    for (int i = 1; i <= 3; i++) {
      append("Support", customerMail("Before " + i, "before " + i, m -> { }));
      int n = i;
      stream.next(f -> "message.received".equals(f.getString("event"))
          && ("before " + n).equals(f.getJsonObject("data").getJsonObject("message").getString("text")), "mail " + i);
    }
    long before;
    try (Store store = supportStore()) {
      Folder folder = store.getFolder("Support");
      before = ((jakarta.mail.UIDFolder) folder).getUIDValidity();
      folder.delete(true);
      store.getFolder("Support").create(Folder.HOLDS_MESSAGES);
      assertTrue(((jakarta.mail.UIDFolder) store.getFolder("Support")).getUIDValidity() != before, "the server renumbered");
    }
    append("Support", customerMail("After", "after the renumbering", m -> { }));
    stream.next(f -> "message.received".equals(f.getString("event"))
        && "after the renumbering".equals(f.getJsonObject("data").getJsonObject("message").getString("text")),
        "a mail whose new UID is below the old watermark");
    stream.close();
  }

  @Test
  void imapsAndSmtpsWorkWithAnInternalServersSelfSignedCertificate(Vertx vertx, @TempDir Path other) throws Exception {
    GreenMail tls = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTPS.port(0), ServerSetupTest.IMAPS.port(0)});
    tls.start();
    tls.setUser(SUPPORT, "support", "s3cret pass");
    try {
      restartWith(vertx, other, Map.of(
          "RELAY_IMAP_URL", "imaps://support:s3cret%20pass@localhost:" + tls.getImaps().getPort() + "/INBOX?trust=localhost",
          "RELAY_SMTP_URL", "smtps://support:s3cret%20pass@localhost:" + tls.getSmtps().getPort() + "?trust=localhost",
          "RELAY_SUPPORT_ADDRESS", SUPPORT,
          "RELAY_EMAIL_POLL", "PT0.1S"));
      FrameSocket stream = gateway.stream(kristin);
      Properties p = new Properties();
      p.put("mail.imaps.ssl.trust", "localhost");
      p.put("mail.imaps.ssl.checkserveridentity", "false");
      try (Store store = Session.getInstance(p).getStore("imaps")) {
        store.connect("localhost", tls.getImaps().getPort(), "support", "s3cret pass");
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        inbox.appendMessages(new Message[] {customerMail("Over TLS", "Secure hello", m -> { })});
        inbox.close(false);
      }
      String conversation = stream.next(f -> "message.received".equals(f.getString("event")), "the mail over IMAPS")
          .getJsonObject("data").getString("conversationId");
      gateway.post("/api/conversations/" + conversation + "/messages", kristin, new JsonObject().put("text", "Secure answer"), 202);
      stream.next(f -> "message.status".equals(f.getString("event"))
          && "sent".equals(f.getJsonObject("data").getString("status")), "sent over SMTPS");
      assertTrue(tls.waitForIncomingEmail(5_000, 1));
      stream.close();
    } finally {
      tls.stop();
    }
  }

  @Test
  void requiredStartTlsNeverFallsBackToClearText(Vertx vertx, @TempDir Path other) throws Exception {
    // GreenMail's SMTP has no STARTTLS: a server that cannot upgrade must not get the mail in clear.
    Map<String, String> settings = new java.util.HashMap<>(emailSettings("s3cret%20pass", "PT0.1S"));
    settings.put("RELAY_SMTP_URL", settings.get("RELAY_SMTP_URL") + "?starttls=true");
    restartWith(vertx, other, settings);
    FrameSocket stream = gateway.stream(kristin);
    send(customerMail("TLS please", "Upgrade the connection", m -> { }));
    String conversation = stream.next(f -> "message.received".equals(f.getString("event")), "the mail")
        .getJsonObject("data").getString("conversationId");
    String replyId = gateway.post("/api/conversations/" + conversation + "/messages", kristin,
        new JsonObject().put("text", "Only over TLS"), 202).getString("id");
    JsonObject queued = stream.next(f -> "message.status".equals(f.getString("event"))
        && replyId.equals(f.getJsonObject("data").getString("messageId")), "kept queued");
    assertEquals("queued", queued.getJsonObject("data").getString("status"));
    assertEquals(1, mail.getReceivedMessages().length, "only the customer's own mail: nothing went out in clear text");
    stream.close();
  }

  @Test
  void readinessSaysWhenTheMailboxRefusesTheLogin(Vertx vertx, @TempDir Path other) {
    TestGateway wrong = TestGateway.start(vertx, other, emailSettings("wrong", "PT0.1S"));
    try {
      String body = "";
      long deadline = System.currentTimeMillis() + 5_000;
      while (!body.contains("refused the login") && System.currentTimeMillis() < deadline) {
        body = wrong.request(io.vertx.core.http.HttpMethod.GET, "/health/ready", TestGateway.ADMIN_TOKEN, null).bodyAsString();
      }
      assertTrue(body.contains("the IMAP server refused the login for support"), body);
      assertFalse(body.contains("wrong"), "the password is never shown");
      assertEquals(503, wrong.request(io.vertx.core.http.HttpMethod.GET, "/health/ready", null, null).statusCode());
    } finally {
      wrong.close();
    }
    String plain = gateway.request(io.vertx.core.http.HttpMethod.GET, "/health/ready", TestGateway.ADMIN_TOKEN, null).bodyAsString();
    assertTrue(plain.contains("channel.email"), plain);
  }

  private static void header(MimeMessage message, String name, String value) {
    try {
      message.setHeader(name, value);
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private MimeMessage waitForMail(String to, String containing) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      for (MimeMessage m : mail.getReceivedMessages()) {
        if (Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(to))
            && String.valueOf(m.getContent()).contains(containing)) {
          return m;
        }
      }
      mail.waitForIncomingEmail(200, mail.getReceivedMessages().length + 1);
    }
    throw new AssertionError("no mail to " + to + " containing " + containing);
  }

  private void append(MimeMessage message) throws MessagingException {
    append("INBOX", message);
  }

  private void append(String folderName, MimeMessage message) throws MessagingException {
    try (Store store = supportStore()) {
      Folder folder = store.getFolder(folderName);
      folder.open(Folder.READ_WRITE);
      folder.appendMessages(new Message[] {message});
      folder.close(false);
    }
  }

  private int unseen() throws MessagingException {
    try (Store store = supportStore()) {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      int count = inbox.getUnreadMessageCount();
      inbox.close(false);
      return count;
    }
  }

  private void markAllUnseen() throws MessagingException {
    try (Store store = supportStore()) {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      for (Message m : inbox.getMessages()) {
        m.setFlag(Flags.Flag.SEEN, false);
      }
      inbox.close(false);
    }
  }

  private Store supportStore() throws MessagingException {
    Store store = Session.getInstance(new Properties()).getStore("imap");
    store.connect("localhost", mail.getImap().getPort(), "support", "s3cret pass");
    return store;
  }

}
