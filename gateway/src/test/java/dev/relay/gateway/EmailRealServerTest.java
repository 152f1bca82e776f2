package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.relay.connector.email.testing.Dovecot;
import dev.relay.connector.email.testing.MailFixtures;
import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The e-mail channel end to end against a real Dovecot (IMAP over STARTTLS, IDLE, mail delivered over
 * LMTP with real plus-addressing) and an SMTP server that catches the replies (GreenMail): a thread
 * with a colleague in it, Postfix's delivery reports, forwarded mail, and a spoofed From, each as
 * the real clients and servers write them.
 */
@ExtendWith(VertxExtension.class)
class EmailRealServerTest {

  static final String SUPPORT = "support@acme.test";
  static final String MARIE = "marie.dupont@example.fr";
  static final String MARC = "marc@partner.test";

  @TempDir
  Path data;
  Dovecot dovecot;
  GreenMail smtp;
  TestGateway gateway;
  String kristin;
  FrameSocket stream;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    assumeTrue(Dovecot.installed(), "Dovecot is installed by .ci/run");
    dovecot = Dovecot.start("support", "s3cret+pass");
    smtp = new GreenMail(ServerSetupTest.SMTP.port(0));
    smtp.start();
    gateway = TestGateway.start(vertx, data, Map.of(
        "RELAY_IMAP_URL", dovecot.imapUrl("support", "s3cret+pass", "?starttls=true&trust=localhost"),
        "RELAY_SMTP_URL", "smtp://localhost:" + smtp.getSmtp().getPort(),
        "RELAY_SUPPORT_ADDRESS", SUPPORT,
        "RELAY_EMAIL_POLL", "PT0.5S",
        "RELAY_EMAIL_SIGNATURE", "{agent}, Acme support"));
    kristin = gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
    stream = gateway.stream(kristin);
  }

  @AfterEach
  void stop() throws Exception {
    if (stream != null) {
      stream.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (smtp != null) {
      smtp.stop();
    }
    if (dovecot != null) {
      dovecot.close();
    }
  }

  /** Marie writes first, with her colleague Marc in copy; Kristin answers; returns the conversation. */
  private String marieWritesWithMarcInCopy() throws Exception {
    dovecot.deliver(SUPPORT, ("From: Marie Dupont <" + MARIE + ">\r\nTo: support@acme.test\r\nCc: Marc Lefebvre <" + MARC + ">\r\n"
        + "Subject: =?utf-8?Q?R=C3=A9clamation_commande_n=C2=B0_4512?=\r\nMessage-ID: <first.4512@example.fr>\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + "Bonjour, le colis n° 4512 n'est jamais arrivé.\r\n").getBytes(StandardCharsets.UTF_8));
    return received("Bonjour, le colis").getString("conversationId");
  }

  @Test
  void aColleagueAnsweringInTheThreadNeverTakesTheCustomersReplies() throws Exception {
    String conversation = marieWritesWithMarcInCopy();
    reply(conversation, "Je regarde avec le transporteur.", null);
    MimeMessage first = sentContaining("Je regarde");
    assertEquals(List.of(MARIE), to(first));
    assertEquals(List.of(MARC), cc(first), "Marie put Marc on the thread: he gets a copy");

    // Marc answers the reply (to its signed reply address, as every client does), Marie in copy.
    String replyAddress = ((InternetAddress) first.getReplyTo()[0]).getAddress();
    dovecot.deliver(replyAddress, MailFixtures.mail("colleague-reply.eml", Map.of("TO", replyAddress,
        "OURS", first.getMessageID().substring(1, first.getMessageID().length() - 1))));
    JsonObject marcs = received("Bonjour, je suis le collègue");
    assertEquals(conversation, marcs.getString("conversationId"), "in the same thread");
    assertEquals("Marc Lefebvre <marc@partner.test>", marcs.getJsonObject("message").getJsonObject("author").getString("name"));
    JsonObject detail = gateway.get("/api/conversations/" + conversation, kristin);
    assertEquals(1, detail.getJsonObject("customer").getJsonArray("identities").size(), "Marc is not Marie");
    JsonObject participant = detail.getJsonObject("conversation").getJsonArray("participants").getJsonObject(0);
    assertEquals(MARC, participant.getJsonObject("address").getString("value"), "the agent sees who else is on the thread");

    // The next reply still goes to Marie, and again once she writes again.
    reply(conversation, "Merci Marc, c'est noté.", null);
    assertEquals(List.of(MARIE), to(sentContaining("Merci Marc")));
    dovecot.deliver(replyAddress, ("From: Marie Dupont <" + MARIE + ">\r\nTo: " + replyAddress + "\r\nSubject: Re: commande\r\n"
        + "Message-ID: <second.4512@example.fr>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nEt le remboursement ?\r\n")
        .getBytes(StandardCharsets.UTF_8));
    received("Et le remboursement");
    reply(conversation, "Le remboursement part demain.", null);
    MimeMessage refund = sentContaining("Le remboursement part");
    assertEquals(List.of(MARIE), to(refund));
    assertEquals(List.of(), cc(refund), "Marie did not copy Marc this time");

    // Answering Marc's own message goes to him, Marie in copy.
    String marcsMessage = marcs.getJsonObject("message").getString("id");
    reply(conversation, "Lyon convient, merci.", marcsMessage);
    MimeMessage toMarc = sentContaining("Lyon convient");
    assertEquals(List.of(MARC), to(toMarc));
    assertEquals(List.of(MARIE), cc(toMarc));

    // Once the agent takes him off the thread, he gets nothing more, even where he was in copy.
    gateway.request(HttpMethod.DELETE, "/api/conversations/" + conversation + "/participants/" + MARC, kristin, null);
    assertTrue(gateway.get("/api/conversations/" + conversation, kristin).getJsonObject("conversation")
        .getJsonArray("participants").getJsonObject(0).getBoolean("removed"));
    var refused = gateway.request(HttpMethod.POST, "/api/conversations/" + conversation + "/messages", kristin,
        new JsonObject().put("text", "Encore Marc ?").put("replyTo", marcsMessage));
    assertEquals(422, refused.statusCode());
    assertTrue(refused.bodyAsString().contains("marc@partner.test was removed from this conversation"), refused.bodyAsString());
    dovecot.deliver(replyAddress, ("From: Marie Dupont <" + MARIE + ">\r\nTo: " + replyAddress + "\r\nCc: " + MARC
        + "\r\nSubject: Re: commande\r\nMessage-ID: <third.4512@example.fr>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        + "Et mon avoir ?\r\n").getBytes(StandardCharsets.UTF_8));
    received("Et mon avoir");
    reply(conversation, "Marie, votre avoir est prêt.", null);
    MimeMessage credit = sentContaining("votre avoir");
    assertEquals(List.of(MARIE), to(credit));
    assertEquals(List.of(), cc(credit), "removed stays removed, even when Marie copies him again");
  }

  @Test
  void aStrangerWithAGuessedReplyAddressReachesNoConversation() throws Exception {
    String conversation = marieWritesWithMarcInCopy();
    String guessed = "support+" + java.util.HexFormat.of().formatHex(conversation.getBytes(StandardCharsets.UTF_8)) + "@acme.test";
    dovecot.deliver(guessed, ("From: Eve <eve@example.net>\r\nTo: " + guessed + "\r\nSubject: Re: commande\r\n"
        + "Message-ID: <eve.1@example.net>\r\nContent-Type: text/plain\r\n\r\nPlease send the invoice to me.\r\n")
        .getBytes(StandardCharsets.UTF_8));
    JsonObject eve = received("Please send the invoice");
    assertFalse(conversation.equals(eve.getString("conversationId")), "the old, guessable address names nothing");
    assertTrue(gateway.get("/api/conversations/" + conversation, kristin).getJsonObject("conversation")
        .getJsonArray("participants").stream().noneMatch(p -> p.toString().contains("eve@example.net")));
  }

  @Test
  void aDelayedReportShowsOnTheReplyWhichIsDeliveredLater() throws Exception {
    String conversation = marieWritesWithMarcInCopy();
    String replyId = reply(conversation, "Votre colis part aujourd'hui.", null);
    MimeMessage sent = sentContaining("Votre colis part");
    stream.next(f -> "message.status".equals(f.getString("event")) && "sent".equals(f.getJsonObject("data").getString("status")),
        "sent");
    Map<String, String> values = Map.of("OURS", sent.getMessageID().substring(1, sent.getMessageID().length() - 1),
        "RECIPIENT", MARIE, "TOKEN", "x");

    dovecot.deliver(SUPPORT, MailFixtures.mail("postfix-dsn-delayed.eml", values));
    JsonObject delayed = stream.next(f -> "message.status".equals(f.getString("event"))
        && f.getJsonObject("data").containsKey("delivery"), "the delay report").getJsonObject("data");
    assertEquals(replyId, delayed.getString("messageId"));
    assertEquals("sent", delayed.getString("status"), "a delay is not a failure");
    assertTrue(delayed.getString("delivery").startsWith("delayed for marie.dupont@example.fr: X-Postfix; connect to "
        + "mx.example.fr[192.0.2.25]:25: Connection timed out"), delayed.getString("delivery"));

    dovecot.deliver(SUPPORT, MailFixtures.mail("postfix-dsn-delivered.eml", values));
    JsonObject delivered = stream.next(f -> "message.status".equals(f.getString("event"))
        && "delivered".equals(f.getJsonObject("data").getString("status")), "Postfix delivered it later").getJsonObject("data");
    assertNull(delivered.getString("error"));
    stream.expectNone(f -> "message.received".equals(f.getString("event")), "a report as a customer's message", 300);
  }

  @Test
  void aForwardedMailIsAnAttachmentTheAgentCanOpen() throws Exception {
    dovecot.deliver(SUPPORT, MailFixtures.mail("outlook-fr-forwarded.eml", Map.of("TO", SUPPORT)));
    JsonObject forwarded = received("Bonjour,\n\nJe vous transfère");
    JsonObject file = forwarded.getJsonObject("message").getJsonArray("attachments").getJsonObject(0);
    assertEquals("Avis de passage n° 88231.eml", file.getString("filename"));
    var download = gateway.request(HttpMethod.GET, "/api/conversations/" + forwarded.getString("conversationId")
        + "/attachments/" + file.getString("id"), kristin, null);
    assertEquals(200, download.statusCode());
    assertTrue(download.bodyAsString(StandardCharsets.UTF_8.name()).contains("relais Tabac de la Gare"));
  }

  /** Issues 17.5, 17.9, 17.10 over real IMAP: entities, raw UTF-8 headers and a broken part, as the agent reads them. */
  @Test
  void realWorldOddMailReadsAsItWasMeant() throws Exception {
    dovecot.deliver(SUPPORT, MailFixtures.mail("raw-utf8-headers.eml", Map.of()));
    JsonObject quebec = received("Bonjour, le colis est arrivé abîmé.").getJsonObject("message");
    assertEquals("Marie-Hélène Côté", quebec.getJsonObject("author").getString("name"));
    assertEquals("Réclamation : colis endommagé à Québec", quebec.getJsonObject("attributes").getString("subject"));
    assertEquals("Reçu d'achat.pdf", quebec.getJsonArray("attachments").getJsonObject(0).getString("filename"));

    dovecot.deliver(SUPPORT, MailFixtures.mail("html-entities.eml", Map.of()));
    assertTrue(received("Rappelez-moi").getJsonObject("message").getString("text")
        .startsWith("Rappelez-moi au +33 6 12 34 56 78, c'est \"urgent\"."));

    dovecot.deliver(SUPPORT, MailFixtures.mail("bad-base64-part.eml", Map.of()));
    JsonObject partial = received("Voici la photo du carton écrasé.").getJsonObject("message");
    assertTrue(partial.getString("text").contains("could not read one part of this e-mail"), partial.getString("text"));
    assertEquals("carton.jpg", partial.getJsonArray("attachments").getJsonObject(0).getString("filename"));
  }

  @Test
  void aFromTheServerCouldNotAuthenticateIsShownWithAWarningAndSpeaksForNobody() throws Exception {
    String conversation = marieWritesWithMarcInCopy();
    dovecot.deliver(SUPPORT, ("Authentication-Results: mx.acme.test; dkim=none; spf=fail smtp.mailfrom=example.fr;"
        + " dmarc=fail (p=reject) header.from=example.fr\r\nFrom: Marie Dupont <" + MARIE + ">\r\nTo: support@acme.test\r\n"
        + "Subject: Nouveau RIB\r\nMessage-ID: <spoof.1@attacker.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        + "Merci de rembourser sur mon nouveau RIB FR76 3000 6000 0112 3456 7890 189.\r\nSTOP\r\n").getBytes(StandardCharsets.UTF_8));
    JsonObject spoofed = received("Merci de rembourser");
    assertEquals(conversation, spoofed.getString("conversationId"), "shown where the agent looks");
    JsonObject attributes = spoofed.getJsonObject("message").getJsonObject("attributes");
    assertTrue(attributes.getString("senderWarning").contains("SPF fail, DMARC fail"), attributes.encode());
    assertTrue(attributes.getString("authenticationResults").startsWith("mx.acme.test; dkim=none"), attributes.encode());
    assertEquals("Marie Dupont <marie.dupont@example.fr>", spoofed.getJsonObject("message").getJsonObject("author").getString("name"),
        "with the address it claims");
  }

  private JsonObject received(String startsWith) {
    return stream.next(f -> "message.received".equals(f.getString("event"))
        && f.getJsonObject("data").getJsonObject("message").getString("text").startsWith(startsWith), startsWith).getJsonObject("data");
  }

  private String reply(String conversation, String text, String replyTo) {
    JsonObject body = new JsonObject().put("text", text);
    if (replyTo != null) {
      body.put("replyTo", replyTo);
    }
    return gateway.post("/api/conversations/" + conversation + "/messages", kristin, body, 202).getString("id");
  }

  /** The reply SMTP received, read from the envelope GreenMail kept (one copy per recipient: the first). */
  private MimeMessage sentContaining(String text) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      for (MimeMessage m : smtp.getReceivedMessages()) {
        if (String.valueOf(m.getContent()).contains(text)) {
          return m;
        }
      }
      smtp.waitForIncomingEmail(200, smtp.getReceivedMessages().length + 1);
    }
    throw new AssertionError("no reply containing " + text);
  }

  private static List<String> to(MimeMessage m) throws Exception {
    return addresses(m.getRecipients(Message.RecipientType.TO));
  }

  private static List<String> cc(MimeMessage m) throws Exception {
    return addresses(m.getRecipients(Message.RecipientType.CC));
  }

  private static List<String> addresses(Address[] addresses) {
    return addresses == null ? List.of() : Arrays.stream(addresses).map(a -> ((InternetAddress) a).getAddress()).toList();
  }

}
