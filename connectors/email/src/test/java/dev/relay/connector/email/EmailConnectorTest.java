package dev.relay.connector.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.Connector;
import dev.relay.connector.spi.DeliveryReceipt;
import dev.relay.connector.spi.DeliveryStatus;
import dev.relay.connector.spi.InboundMessage;
import dev.relay.connector.spi.OutboundMessage;
import dev.relay.connector.spi.RepliesTo;
import dev.relay.connector.spi.ThreadRef;
import dev.relay.connector.spi.testing.ConnectorContract;
import dev.relay.connector.spi.testing.InMemoryLeases;
import dev.relay.connector.spi.testing.RecordingSink;
import dev.relay.connector.spi.testing.TestContexts;
import io.vertx.core.Future;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The e-mail connector against a real IMAP and SMTP server (GreenMail) on local ports: a mail is
 * flagged \Seen only once the sink stored it, and replies carry the customer's thread.
 */
class EmailConnectorTest extends ConnectorContract {

  private static final String SUPPORT = "support@acme.test";
  private static final String CUSTOMER = "ann@example.com";
  static final byte[] KEY = "a test key for reply addresses, 32+ bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  static final ReplyTokens TOKENS = new ReplyTokens(KEY);

  private GreenMail mail;
  private EmailOptions options;

  @BeforeEach
  void startMail() {
    mail = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTP.port(0), ServerSetupTest.IMAP.port(0)});
    mail.start();
    mail.setUser(SUPPORT, "support", "s3cret");
    options = EmailOptions.parse("imap://support:s3cret@localhost:" + mail.getImap().getPort() + "/INBOX",
        "smtp://support:s3cret@localhost:" + mail.getSmtp().getPort(), SUPPORT, Duration.ofMillis(100),
        "{agent}, Acme support");
  }

  @AfterEach
  void stopMail() {
    mail.stop();
  }

  @Override
  protected Connector createConnector() {
    return new EmailConnector(options, KEY);
  }

  /** The acknowledgement of a mail is its \Seen flag. */
  @Override
  protected Future<Void> customerSends(String text) {
    return vertx.executeBlocking(() -> {
      Transport.send(customerMail("Parcel", text));
      RecordingSink.waitUntil(() -> unseen() == 0, TIMEOUT);
      return null;
    });
  }

  @Override
  protected Address customer() {
    return new Address(Address.EMAIL, CUSTOMER);
  }

  @Test
  void aMailTheSinkCouldNotStoreStaysUnseenAndIsFetchedAgain() throws Exception {
    started();
    sink.refuse(m -> true);
    Transport.send(customerMail("Parcel", "Where is it?"));

    RecordingSink.waitUntil(() -> sink.messages().size() >= 2, TIMEOUT);
    assertEquals(1, unseen(), "not flagged \\Seen while the sink keeps failing");
    sink.refuse(m -> false);
    RecordingSink.waitUntil(() -> unseen() == 0, TIMEOUT);

    assertEquals(1, sink.stored().size());
    assertEquals(1, sink.messages().stream().map(InboundMessage::externalId).distinct().count(), "the same mail each time");
  }

  @Test
  void aMailboxAnotherReplicaPollsIsLeftAlone() throws Exception {
    InMemoryLeases leases = new InMemoryLeases(Clock.systemUTC());
    leases.takenElsewhere("email-poller:" + EmailOptions.masked(options.mailboxes().get(0)), Duration.ofHours(1));
    context = TestContexts.builder(vertx).router(context.router()).inbound(sink).leases(leases).build();
    Connector standby = started();
    Transport.send(customerMail("Parcel", "Where is it?"));

    RecordingSink.waitUntil(() -> standby.health().detail().startsWith("standby"), TIMEOUT);
    Thread.sleep(500); // several poll intervals: none of them may fetch
    assertTrue(sink.messages().isEmpty());
    assertEquals(1, unseen());
  }

  @Test
  void aReplyNamesItsThreadAndTheMessageOfOursItAnswers() throws Exception {
    started();
    MimeMessage reply = customerMail("Re: Parcel", "Still nothing");
    reply.setHeader("In-Reply-To", "<msg_42.abc@acme.test>");
    reply.setHeader("References", "<first@example.com> <msg_42.abc@acme.test>");
    Transport.send(reply);

    RecordingSink.waitUntil(() -> !sink.stored().isEmpty(), TIMEOUT);

    InboundMessage in = sink.messages().get(0);
    assertEquals(new ThreadRef("Re: Parcel", "<msg_42.abc@acme.test>", List.of("<first@example.com>", "<msg_42.abc@acme.test>")),
        in.facts().thread());
    assertEquals(new RepliesTo.OurMessage("msg_42"), in.facts().repliesTo());
  }

  @Test
  void aMailToAConversationsOwnAddressNamesThatConversation() throws Exception {
    started();
    MimeMessage reply = customerMail("Re: Parcel", "Answering the thread");
    reply.setRecipient(Message.RecipientType.TO, new InternetAddress(TOKENS.address(SUPPORT, "con_7")));
    appendToInbox(reply); // GreenMail has no plus-addressing: put it where the mail server would

    RecordingSink.waitUntil(() -> !sink.stored().isEmpty(), TIMEOUT);

    assertEquals(new RepliesTo.Conversation("con_7"), sink.messages().get(0).facts().repliesTo());
  }

  @Test
  void aReplyGoesOutOverSmtpInTheCustomersThread() throws Exception {
    ThreadRef thread = new ThreadRef("Parcel", "<their-2@example.com>", List.of("<their-1@example.com>", "<their-2@example.com>"));
    OutboundMessage reply = new OutboundMessage("msg_9", OutboundMessage.Kind.REPLY, customer(), "It left the depot.",
        "Olav", "con_7", Instant.now(), thread);

    DeliveryReceipt receipt = await(started().send(reply));

    assertEquals(DeliveryStatus.SENT, receipt.status(), receipt.error());
    assertTrue(mail.waitForIncomingEmail(TIMEOUT.toMillis(), 1));
    MimeMessage sent = mail.getReceivedMessages()[0];
    assertEquals("Re: Parcel", sent.getSubject());
    assertEquals("<their-2@example.com>", sent.getHeader("In-Reply-To", null));
    assertEquals("<their-1@example.com> <their-2@example.com>", sent.getHeader("References", null));
    assertEquals(TOKENS.address(SUPPORT, "con_7"), ((InternetAddress) sent.getReplyTo()[0]).getAddress());
    assertEquals(receipt.providerId(), sent.getMessageID());
    String body = String.valueOf(sent.getContent()).replace("\r\n", "\n");
    assertTrue(body.contains("It left the depot.\n\n-- \nOlav, Acme support"), body);
  }

  private MimeMessage customerMail(String subject, String text) throws MessagingException {
    Properties p = new Properties();
    p.put("mail.smtp.host", "localhost");
    p.put("mail.smtp.port", String.valueOf(mail.getSmtp().getPort()));
    MimeMessage message = new MimeMessage(Session.getInstance(p));
    message.setFrom(new InternetAddress(CUSTOMER));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(SUPPORT));
    message.setSubject(subject, "UTF-8");
    message.setText(text, "UTF-8");
    return message;
  }

  private void appendToInbox(MimeMessage message) throws MessagingException {
    try (Store store = supportStore()) {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      inbox.appendMessages(new Message[] {message});
      inbox.close(false);
    }
  }

  private Store supportStore() throws MessagingException {
    Store store = Session.getInstance(new Properties()).getStore("imap");
    store.connect("localhost", mail.getImap().getPort(), "support", "s3cret");
    return store;
  }

  private int unseen() {
    try (Store store = supportStore()) {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      int count = inbox.getUnreadMessageCount();
      inbox.close(false);
      return count;
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
