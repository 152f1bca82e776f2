package dev.relay.connector.email;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class EmailParserTest {

  final EmailParser parser = new EmailParser("support@acme.test", 1024, EmailConnectorTest.TOKENS);
  final Session session = Session.getInstance(utf8());

  static Properties utf8() {
    Properties p = new Properties();
    p.put("mail.mime.allowutf8", "true");
    return p;
  }

  MimeMessage raw(String source) throws Exception {
    return new MimeMessage(session, new ByteArrayInputStream(source.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Test
  void encodedHeadersAndCharsetsAreDecoded() throws Exception {
    ParsedEmail email = parser.parse(raw("""
        From: =?UTF-8?Q?Zo=C3=AB_M=C3=BCller?= <Zoe@Example.COM>
        To: support@acme.test
        Subject: =?UTF-8?B?UsO8Y2tlcnN0YXR0dW5nIGbDvHIgQmVzdGVsbHVuZw==?=
        Message-ID: <abc@example.com>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=ISO-8859-1
        Content-Transfer-Encoding: quoted-printable

        Gr=FC=DFe aus K=F6ln
        """));
    assertEquals("zoe@example.com", email.fromAddress());
    assertEquals("Zoë Müller", email.fromName());
    assertEquals("Rückerstattung für Bestellung", email.subject());
    assertEquals("Grüße aus Köln", email.text());
    assertEquals("<abc@example.com>", email.messageId());
    assertNull(email.automatic());
  }

  @Test
  void quotedHistoryAndSignaturesAreTrimmedForDisplayButKept() {
    assertEquals("Thanks, it works.", EmailParser.trimmed(
        "Thanks, it works.\n\nOn Mon, 2 Mar 2026 at 10:00, Kristin <support@acme.test> wrote:\n> Try again\n> please"));
    assertEquals("Merci !", EmailParser.trimmed("Merci !\n\nLe lun. 2 mars 2026, Kristin a écrit :\n> Bonjour"));
    assertEquals("See below.", EmailParser.trimmed("See below.\n\n-----Original Message-----\nFrom: Kristin\nSubject: x"));
    assertEquals("Ok\nsee you", EmailParser.trimmed("Ok\nsee you\n-- \nAnn Example\nCEO, Example Ltd"));
    assertEquals("Top answer", EmailParser.trimmed("Top answer\n> quoted line\n> another"));
    assertEquals("> only a quote", EmailParser.trimmed("> only a quote"), "never trimmed to nothing");
  }

  @Test
  void attachmentsAreListedWithTheirMetadata() throws Exception {
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress("ann@example.com"));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress("support@acme.test"));
    message.setSubject("Invoice attached");
    MimeBodyPart text = new MimeBodyPart();
    text.setText("Please see the invoice.", "UTF-8");
    MimeBodyPart pdf = new MimeBodyPart();
    pdf.setContent(new byte[] {37, 80, 68, 70, 45, 49}, "application/pdf");
    pdf.setFileName("=?UTF-8?Q?R=C3=A9clamation.pdf?=");
    pdf.setDisposition(MimeBodyPart.ATTACHMENT);
    message.setContent(new MimeMultipart(text, pdf));
    message.saveChanges();
    ParsedEmail email = parser.parse(new MimeMessage(session, toStream(message)));
    assertEquals("Please see the invoice.", email.text());
    assertEquals(1, email.attachments().size());
    assertEquals("Réclamation.pdf", email.attachments().get(0).filename());
    assertEquals("application/pdf", email.attachments().get(0).contentType());
    assertEquals(6, email.attachments().get(0).size());
    assertArrayEquals(new byte[] {37, 80, 68, 70, 45, 49}, email.attachments().get(0).content());
  }

  @Test
  void anAttachmentOverTheLimitIsListedButNotKept() throws Exception {
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress("ann@example.com"));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress("support@acme.test"));
    MimeBodyPart text = new MimeBodyPart();
    text.setText("A big photo.", "UTF-8");
    MimeBodyPart photo = new MimeBodyPart();
    photo.setContent(new byte[4096], "image/jpeg");
    photo.setFileName("photo.jpg");
    message.setContent(new MimeMultipart(text, photo));
    message.saveChanges();
    ParsedEmail email = parser.parse(new MimeMessage(session, toStream(message)));
    assertEquals("photo.jpg", email.attachments().get(0).filename());
    assertEquals(4096, email.attachments().get(0).size(), "its own size, not the size of its base64");
    assertNull(email.attachments().get(0).content(), "over the 1 KiB limit of this parser");
  }

  @Test
  void aBounceIsAutomaticAndNamesOurMessageAndTheReason() throws Exception {
    ParsedEmail email = parser.parse(raw("""
        From: Mail Delivery System <MAILER-DAEMON@mx.example.com>
        To: support@acme.test
        Subject: Undelivered Mail Returned to Sender
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

        --b1
        Content-Type: text/plain

        Your message could not be delivered.
        --b1
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.com

        Final-Recipient: rfc822; nobody@example.com
        Action: failed
        Status: 5.1.1
        Diagnostic-Code: smtp; 550 5.1.1 User unknown
        --b1
        Content-Type: text/rfc822-headers

        From: Kristin <support@acme.test>
        Message-ID: <msg_Abc-123.5f0e@acme.test>
        Subject: Re: Parcel
        --b1--
        """));
    assertTrue(email.automatic().startsWith("bounce from mailer-daemon@mx.example.com"), email.automatic());
    assertEquals("<msg_Abc-123.5f0e@acme.test>", email.report().original());
    assertEquals("smtp; 550 5.1.1 User unknown", email.report().reason());
    assertEquals("msg_Abc-123", EmailInbound.ourMessage(email.report().original()));
    assertEquals("msg_k3Xw.q9Z-mT4aB2cD", EmailInbound.ourMessage("<msg_k3Xw.q9Z-mT4aB2cD.5f0e@mail.acme.test>"),
        "an id made near its customer holds a dot of its own");
    assertNull(EmailInbound.ourMessage("<someone-else@example.com>"));
  }

  @Test
  void machineMailAndOurOwnMailAreRecognised() throws Exception {
    assertEquals("Auto-Submitted: auto-replied", parser.parse(raw(simple("ann@example.com", "Auto-Submitted: auto-replied\n"))).automatic());
    assertNull(parser.parse(raw(simple("ann@example.com", "Auto-Submitted: no\n"))).automatic());
    assertEquals("Precedence: list", parser.parse(raw(simple("ann@example.com", "Precedence: list\n"))).automatic());
    assertEquals("sent by our own address", parser.parse(raw(simple("Support@Acme.test", ""))).automatic());
    assertEquals("sent by our own address", parser.parse(raw(simple("support+abc@acme.test", ""))).automatic());
  }

  @Test
  void theReplyAddressNamesTheConversationEvenIfAServerChangesItsCase() throws Exception {
    String address = EmailConnectorTest.TOKENS.address("support@acme.test", "cnv_AbC-9");
    assertTrue(address.matches("support\\+[a-z2-7]+@acme\\.test"), address);
    assertTrue(address.indexOf('@') <= 64, "a local part has at most 64 characters: " + address);
    assertEquals("cnv_AbC-9", parser.parse(raw(simple("ann@example.com", "", address))).token());
    assertEquals("cnv_AbC-9", parser.parse(raw(simple("ann@example.com", "", address.toUpperCase()))).token());
    assertNull(parser.parse(raw(simple("ann@example.com", "", address.replace("@acme.test", "@other.test")))).token());
  }

  /** Issue 14.4: the token is a MAC, not the id in hex: nobody can write to a conversation's address they were not sent. */
  @Test
  void aReplyAddressNobodySentIsNotAConversationsAddress() throws Exception {
    String hexOfId = HexFormat.of().formatHex("cnv_AbC-9".getBytes(StandardCharsets.UTF_8));
    assertNull(parser.parse(raw(simple("eve@example.net", "", "support+" + hexOfId + "@acme.test"))).token(),
        "the old, guessable form names nothing");
    String genuine = EmailConnectorTest.TOKENS.address("support@acme.test", "cnv_AbC-9");
    String local = genuine.substring(0, genuine.indexOf('@'));
    String forged = local.substring(0, local.length() - 1) + (local.endsWith("a") ? "b" : "a") + "@acme.test";
    assertNull(parser.parse(raw(simple("eve@example.net", "", forged))).token(), "one character changed");
    String otherKey = new ReplyTokens("another installation's key, 32+ bytes long".getBytes(StandardCharsets.UTF_8))
        .address("support@acme.test", "cnv_AbC-9");
    assertNull(parser.parse(raw(simple("eve@example.net", "", otherKey))).token(), "made with another key");
  }

  @Test
  void badSettingsAreRefusedWithoutEchoingSecrets() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> EmailOptions.parse("http://u:topsecret@host", "smtp://u:topsecret@", "not-an-address", null, null));
    assertTrue(e.getMessage().contains("RELAY_IMAP_URL must look like imaps://"), e.getMessage());
    assertTrue(e.getMessage().contains("RELAY_SMTP_URL"), e.getMessage());
    assertTrue(e.getMessage().contains("RELAY_SUPPORT_ADDRESS"), e.getMessage());
    assertTrue(!e.getMessage().contains("topsecret"));
    EmailOptions ok = EmailOptions.parse("imaps://u:top%40secret@imap.acme.test/INBOX", "smtps://u:x@smtp.acme.test",
        "support@acme.test", null, null);
    assertEquals("top@secret", EmailOptions.password(ok.mailboxes().get(0)));
    assertTrue(!ok.toString().contains("secret"), ok.toString());
    EmailOptions two = EmailOptions.parse("imaps://a:x@imap.acme.test/INBOX, imaps://b:y@imap.acme.test/Billing",
        "smtps://u:x@smtp.acme.test", "support@acme.test", null, null);
    assertEquals(2, two.mailboxes().size(), "several mailboxes, separated by commas");
    assertEquals("/Billing", two.mailboxes().get(1).getPath());
  }

  /** Issues 17.7 and 17.11: STARTTLS where the password would otherwise go in clear, and a '+' in a password is a '+'. */
  @Test
  void startTlsIsRequiredOnTheClearTextPortsAndPasswordsKeepTheirPlus() {
    java.util.function.Function<String, java.net.URI> uri = java.net.URI::create;
    assertTrue(EmailOptions.starttls(uri.apply("imap://u:p@imap.acme.test/INBOX")), "IMAP without a port is 143");
    assertTrue(EmailOptions.starttls(uri.apply("imap://u:p@imap.acme.test:143/INBOX")));
    assertTrue(EmailOptions.starttls(uri.apply("imap://u:p@imap.acme.test:1143/INBOX?starttls=true")), "asked for: honoured");
    assertTrue(EmailOptions.starttls(uri.apply("smtp://u:p@smtp.acme.test:587")));
    assertTrue(!EmailOptions.starttls(uri.apply("smtp://u:p@smtp.acme.test:587?starttls=false")), "turned off on purpose");
    assertEquals("true", EmailOptions.properties("imap", uri.apply("imap://u:p@imap.acme.test/INBOX"))
        .getProperty("mail.imap.starttls.required"));
    assertEquals("p+ss word", EmailOptions.password(uri.apply("imaps://u:p+ss%20word@imap.acme.test/INBOX")));
    assertEquals("localhost", EmailOptions.trustedHosts(uri.apply("imaps://u:p@localhost/INBOX?trust=localhost")));
  }

  static String simple(String from, String headers) {
    return simple(from, headers, "support@acme.test");
  }

  static String simple(String from, String headers, String to) {
    return "From: " + from + "\nTo: " + to + "\nSubject: hi\n" + headers + "Content-Type: text/plain\n\nhello\n";
  }

  static ByteArrayInputStream toStream(MimeMessage message) throws Exception {
    var out = new java.io.ByteArrayOutputStream();
    message.writeTo(out);
    return new ByteArrayInputStream(out.toByteArray());
  }
}
