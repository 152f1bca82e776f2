package dev.relay.connector.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.relay.connector.email.testing.Dovecot;
import dev.relay.connector.email.testing.MailFixtures;
import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.Connector;
import dev.relay.connector.spi.ConnectorHealth;
import dev.relay.connector.spi.InboundMessage;
import dev.relay.connector.spi.RepliesTo;
import dev.relay.connector.spi.testing.ConnectorContract;
import dev.relay.connector.spi.testing.InMemoryLeases;
import dev.relay.connector.spi.testing.RecordingSink;
import dev.relay.connector.spi.testing.TestContexts;
import io.vertx.core.Future;
import jakarta.mail.Flags;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The e-mail connector against a real Dovecot (IMAP with STARTTLS and IDLE, mail delivered over
 * LMTP as a mail server does, plus-addressing on), besides GreenMail: what GreenMail does not show
 * (TLS upgrades, IDLE timing, real flags) shows here. SMTP stays on GreenMail.
 */
class DovecotConnectorTest extends ConnectorContract {

  private static final String SUPPORT = "support@acme.test";
  private static final String CUSTOMER = "marie.dupont@example.fr";

  private Dovecot dovecot;
  private GreenMail smtp;
  private String imapQuery = "?starttls=true&trust=localhost";
  private Duration poll = Duration.ofMillis(200);

  @BeforeEach
  void startMail() throws Exception {
    assumeTrue(Dovecot.installed(), "Dovecot is installed by .ci/run");
    dovecot = Dovecot.start("support", "s3cret+pass");
    smtp = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTP.port(0)});
    smtp.start();
    smtp.setUser(SUPPORT, "support", "s3cret+pass");
  }

  @AfterEach
  void stopMail() throws Exception {
    if (dovecot != null) {
      dovecot.close();
    }
    if (smtp != null) {
      smtp.stop();
    }
  }

  private EmailOptions options() {
    // The '+' in the password is a '+': URLs are not forms.
    return EmailOptions.parse(dovecot.imapUrl("support", "s3cret+pass", imapQuery),
        "smtp://support:s3cret+pass@localhost:" + smtp.getSmtp().getPort(), SUPPORT, poll, "{agent}, Acme support");
  }

  @Override
  protected Connector createConnector() {
    return new EmailConnector(options(), EmailConnectorTest.KEY);
  }

  @Override
  protected Future<Void> customerSends(String text) {
    int before = unseen();
    return vertx.executeBlocking(() -> {
      customerSendsUnwaited(text);
      RecordingSink.waitUntil(() -> unseen() == before, TIMEOUT);
      return null;
    });
  }

  private void customerSendsUnwaited(String text) throws Exception {
    dovecot.deliver(SUPPORT, ("From: Marie Dupont <" + CUSTOMER + ">\r\nTo: " + SUPPORT + "\r\nSubject: Colis\r\n"
        + "Message-ID: <" + System.nanoTime() + "@example.fr>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n")
        .getBytes(StandardCharsets.UTF_8));
  }

  private int flagged() {
    return dovecot.count("support", "s3cret+pass", new Flags(EmailInbound.SET_ASIDE), true);
  }

  @Override
  protected Address customer() {
    return new Address(Address.EMAIL, CUSTOMER);
  }

  @Test
  void aGmailReplyToAConversationsAddressArrivesOverStartTlsWithItsThread() throws Exception {
    started();
    String replyAddress = EmailConnectorTest.TOKENS.address(SUPPORT, "cnv_4512");
    dovecot.deliver(replyAddress, MailFixtures.mail("gmail-fr-reply.eml",
        Map.of("TO", replyAddress, "OURS", "msg_Q7rT2.0b7c4e1a@acme.test")));

    RecordingSink.waitUntil(() -> !sink.stored().isEmpty(), TIMEOUT);
    InboundMessage in = sink.messages().get(0);
    assertEquals("marie.dupont@gmail.com", in.from().value());
    assertEquals("C’est parfait, merci beaucoup !\n\nMarie", in.text());
    assertEquals(new RepliesTo.Conversation("cnv_4512"), in.facts().repliesTo(), "support+token@ reached support's INBOX");
    RecordingSink.waitUntil(() -> unseen() == 0, TIMEOUT);
    assertTrue(dovecot.logins().stream().allMatch(l -> l.contains(", TLS,") || l.contains(", TLS")),
        "every login went over STARTTLS: " + dovecot.logins());
  }

  @Test
  void imapIdleTellsOfNewMailWithinSecondsWhenPollingIsHourly() throws Exception {
    poll = Duration.ofHours(1);
    started();
    RecordingSink.waitUntil(() -> dovecot.logins().size() >= 2, TIMEOUT); // the poll's connection and IDLE's
    long sent = System.nanoTime();
    customerSends("Le colis est arrivé ?").toCompletionStage().toCompletableFuture().get();
    assertEquals(1, sink.stored().size());
    assertTrue(Duration.ofNanos(System.nanoTime() - sent).toSeconds() < 8, "IDLE, not the hourly poll");
  }

  @Test
  void aStandbyReplicaOpensNoConnectionAtAll() throws Exception {
    InMemoryLeases leases = new InMemoryLeases(Clock.systemUTC());
    leases.takenElsewhere("email-poller:" + EmailOptions.masked(options().mailboxes().get(0)), Duration.ofHours(1));
    context = TestContexts.builder(vertx).router(context.router()).inbound(sink).leases(leases).build();
    Connector standby = started();
    RecordingSink.waitUntil(() -> standby.health().detail().startsWith("standby"), TIMEOUT);
    Thread.sleep(3_000); // longer than IDLE's restart delay: it must not log in either
    assertEquals(0, dovecot.logins().size(), "only the replica that polls opens IDLE: " + dovecot.logins());
  }

  /** Issue 17.2: a mail the gateway cannot take is set aside in the mailbox and never holds up the next one. */
  @Test
  void aMailTheGatewayKeepsRefusingIsSetAsideAndTheNextOneIsTaken() throws Exception {
    sink.refuse(m -> m.text().contains("refusé"));
    started();
    customerSendsUnwaited("Ce message sera refusé.");
    customerSendsUnwaited("Celui-ci passe.");
    RecordingSink.waitUntil(() -> flagged() == 1, Duration.ofSeconds(20));
    assertEquals(1, sink.stored().size());
    assertEquals(java.util.Set.of("Celui-ci passe."), sink.messages().stream().map(InboundMessage::text)
        .filter(t -> !t.contains("refusé")).collect(java.util.stream.Collectors.toSet()));
    customerSends("Et le suivant aussi.").toCompletionStage().toCompletableFuture().get();
    assertEquals(1, unseen(), "the refused mail stays in the mailbox, unread, flagged for a person");
  }

  /** Issue 17.11: after an outage readiness comes back with the server, not minutes later. */
  @Test
  void readinessRecoversSoonAfterAnOutage() throws Exception {
    Connector watching = started();
    RecordingSink.waitUntil(() -> dovecot.logins().size() >= 2, TIMEOUT);
    RecordingSink.waitUntil(() -> watching.health().state() == ConnectorHealth.State.UP, TIMEOUT);
    dovecot.down();
    RecordingSink.waitUntil(() -> watching.health().state() == ConnectorHealth.State.DOWN, TIMEOUT);
    Thread.sleep(8_000); // failures in a row: the poller and IDLE are backing off by now
    dovecot.up();
    long back = System.nanoTime();
    RecordingSink.waitUntil(() -> watching.health().state() == ConnectorHealth.State.UP, Duration.ofSeconds(20));
    customerSends("Toujours là ?").toCompletionStage().toCompletableFuture().get();
    assertTrue(Duration.ofNanos(System.nanoTime() - back).toSeconds() < 20, "the mailbox is read again within seconds");
  }

  @Test
  void aCertificateNobodyVouchedForIsReportedAsSuch() throws Exception {
    imapQuery = "?starttls=true";
    Connector strict = started();
    RecordingSink.waitUntil(() -> strict.health().state() == ConnectorHealth.State.DOWN, TIMEOUT);
    String detail = strict.health().detail();
    assertTrue(detail.contains("the IMAP server's certificate is not trusted") && detail.contains("?trust=<its host name>"),
        detail);
    assertTrue(!detail.contains("s3cret"), "never the password");
    assertEquals(0, dovecot.logins().size(), "the password was never sent");
  }

  private int unseen() {
    return dovecot.count("support", "s3cret+pass", new Flags(Flags.Flag.SEEN), false);
  }
}
