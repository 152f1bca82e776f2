package dev.relay.connector.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.connector.email.testing.MailFixtures;
import dev.relay.connector.spi.DeliveryReceipt;
import dev.relay.connector.spi.DeliveryStatus;
import dev.relay.connector.spi.SenderCheck;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Mail as Outlook, Gmail, Apple Mail, Thunderbird and Postfix really write it, read as the agent should see it. */
class RealClientsMailTest {

  static final String OURS = "msg_Q7rT2.0b7c4e1a@acme.test";
  final EmailParser parser = new EmailParser("support@acme.test", 64 * 1024, EmailConnectorTest.TOKENS);
  final Session session = Session.getInstance(EmailParserTest.utf8());

  ParsedEmail parse(String fixture) throws Exception {
    return parser.parse(new MimeMessage(session, new ByteArrayInputStream(MailFixtures.mail(fixture,
        Map.of("TO", "support@acme.test", "OURS", OURS, "RECIPIENT", "marie.dupont@example.fr", "TOKEN", "x")))));
  }

  @Test
  void frenchRepliesFromEachClientShowOnlyTheNewText() throws Exception {
    ParsedEmail outlook = parse("outlook-fr-reply.eml");
    assertEquals("Bonjour Kristin,\n\nMerci, le colis est bien arrivé ce matin. Vous pouvez me joindre au +33 6 12 34 56 78"
        + " si besoin.\n\nCordialement,\nMarie Dupont", outlook.text());
    assertTrue(outlook.fullText().contains("Objet : Re: Réclamation commande n° 4512"), "the history is kept");
    assertEquals("RE: Réclamation commande n° 4512", outlook.subject());

    assertEquals("C’est parfait, merci beaucoup !\n\nMarie", parse("gmail-fr-reply.eml").text(),
        "Gmail wraps its attribution line before the address");
    assertEquals("Très bien, merci. Je serai là jeudi après-midi.\n\nMarie", parse("apple-mail-fr-reply.eml").text(),
        "Apple Mail quotes its attribution line too");
    assertEquals("Bonjour,\n\nLe code d’accès est 4512B, le colis peut être déposé chez la voisine.\n\nBien à vous,\nMarie",
        parse("thunderbird-fr-reply.eml").text());
  }

  @Test
  void englishMarkersAndPlainProseAreToldApart() {
    assertEquals("Thanks!", QuoteTrimmer.trimmed("Thanks!\n\nOn Mon, Mar 3, 2025 at 10:12 AM Kristin Lavransdatter <\n"
        + "support@acme.test> wrote:\n\n> Your parcel left today."));
    assertEquals("Got it.", QuoteTrimmer.trimmed("Got it.\n\n________________________________\nFrom: Kristin <support@acme.test>\n"
        + "Sent: Friday, February 28, 2025 5:02 PM\nTo: Marie\nSubject: Re: Order 4512\n\nHello"));
    assertEquals("Ok.", QuoteTrimmer.trimmed("Ok.\n\n-----Message d'origine-----\nDe : Kristin\nObjet : commande"));
    assertEquals("Ok.", QuoteTrimmer.trimmed("Ok.\n\n-----Original Message-----\nFrom: Kristin\nSubject: order"));
    String prose = "Le livreur a écrit : « déposé chez la voisine », mais je n'ai rien.\nDe : ma part, rien reçu.";
    assertEquals(prose, QuoteTrimmer.trimmed(prose), "a sentence with 'a écrit :' inside, or a line starting 'De :', is text");
  }

  @Test
  void htmlCharacterReferencesAreDecodedOnce() throws Exception {
    ParsedEmail email = parse("html-entities.eml");
    assertEquals("Rappelez-moi au +33 6 12 34 56 78, c'est \"urgent\".\nFormule : A=B & C≠D, été <2025> &#43; reste tel quel.",
        email.text());
  }

  @Test
  void rawUtf8HeadersAreReadAsUtf8() throws Exception {
    ParsedEmail email = parse("raw-utf8-headers.eml");
    assertEquals("Marie-Hélène Côté", email.fromName());
    assertEquals("Réclamation : colis endommagé à Québec", email.subject());
    assertEquals("Reçu d'achat.pdf", email.attachments().get(0).filename());
    assertEquals("Bonjour, le colis est arrivé abîmé. Mon numéro : 418 555-0142.", email.text());
  }

  @Test
  void forwardedMailBecomesAnAttachmentTheAgentCanOpen() throws Exception {
    ParsedEmail email = parse("outlook-fr-forwarded.eml");
    assertNull(email.automatic(), "a forward is a customer's mail, not a bounce");
    assertNull(email.report());
    assertEquals("Bonjour,\n\nJe vous transfère l'avis du transporteur reçu ce matin.\n\nMarie", email.text());
    ParsedEmail.Attachment forwarded = email.attachments().get(0);
    assertEquals("Avis de passage n° 88231.eml", forwarded.filename());
    assertEquals("message/rfc822", forwarded.contentType());
    assertNotNull(forwarded.content());
    assertTrue(new String(forwarded.content(), java.nio.charset.StandardCharsets.UTF_8).contains("relais Tabac de la Gare"));
  }

  @Test
  void aBrokenPartSpoilsOnlyItself() throws Exception {
    ParsedEmail badBase64 = parse("bad-base64-part.eml");
    assertTrue(badBase64.text().startsWith("Voici la photo du carton écrasé."), badBase64.text());
    assertTrue(badBase64.text().contains("[Relay could not read one part of this e-mail"), badBase64.text());
    assertEquals("carton.jpg", badBase64.attachments().get(0).filename(), "kept as it came, for the agent to look at");

    ParsedEmail unknown = parse("unknown-charset.eml");
    assertEquals("Je n'ai toujours rien reçu, merci de vérifier.", unknown.text(), "an unknown charset is read as UTF-8");
  }

  @Test
  void postfixReportsSayWhatHappenedAndOnlyFailedFails() throws Exception {
    ParsedEmail delayed = parse("postfix-dsn-delayed.eml");
    assertNotNull(delayed.automatic());
    assertEquals(DeliveryReport.Action.DELAYED, delayed.report().action());
    assertEquals("<" + OURS + ">", delayed.report().original());
    assertEquals("X-Postfix; connect to mx.example.fr[192.0.2.25]:25: Connection timed out", delayed.report().reason(),
        "the whole diagnostic, its folded lines joined");
    DeliveryReceipt stillTrying = EmailInbound.receipt(delayed.report());
    assertEquals(DeliveryStatus.SENT, stillTrying.status(), "a delay is not a failure");
    assertEquals("msg_Q7rT2", stillTrying.messageId());
    assertTrue(stillTrying.details().get("delivery").startsWith("delayed for marie.dupont@example.fr"), stillTrying.details().toString());

    ParsedEmail failed = parse("postfix-dsn-failed.eml");
    DeliveryReceipt bounced = EmailInbound.receipt(failed.report());
    assertEquals(DeliveryStatus.FAILED, bounced.status());
    assertEquals("the e-mail bounced for marie.dupont@example.fr: smtp; 550 5.1.1 <marie.dupont@example.fr>: Recipient "
        + "address rejected: User unknown in virtual mailbox table", bounced.error());

    for (String fixture : List.of("postfix-dsn-delivered.eml", "postfix-dsn-relayed.eml")) {
      DeliveryReceipt receipt = EmailInbound.receipt(parse(fixture).report());
      assertEquals(DeliveryStatus.DELIVERED, receipt.status(), fixture);
    }
  }

  @Test
  void theReceivingServersAuthenticationResultsAreRead() throws Exception {
    assertEquals(SenderCheck.Verdict.PASS, parse("outlook-fr-reply.eml").sender().verdict());
    assertEquals(SenderCheck.Verdict.NONE, parse("thunderbird-fr-reply.eml").sender().verdict(), "no result: not checked");
    SenderCheck spoofed = AuthenticationResults.check(
        "mx.acme.test; dkim=none (message not signed) header.d=none; spf=softfail (domain of transitioning "
            + "marie.dupont@example.fr does not designate 203.0.113.9 as permitted sender) smtp.mailfrom=example.fr;\r\n"
            + "\tdmarc=fail (p=reject dis=none) header.from=example.fr");
    assertEquals(SenderCheck.Verdict.FAIL, spoofed.verdict());
    assertEquals("SPF softfail, DMARC fail", spoofed.summary());
    assertEquals(SenderCheck.Verdict.PASS, AuthenticationResults.check(
        "mx.acme.test; dkim=pass header.d=lists.example.org; spf=fail smtp.mailfrom=lists.example.org; dmarc=pass").verdict(),
        "DMARC, when checked, decides: a list that breaks SPF keeps an aligned signature");
  }

  @Test
  void theOtherPeopleOnTheThreadAreKnown() throws Exception {
    ParsedEmail marc = parse("colleague-reply.eml");
    assertEquals("marc@partner.test", marc.fromAddress());
    assertEquals(List.of("marie.dupont@example.fr"), marc.copied(), "ours and the sender's own address left out");
  }
}
