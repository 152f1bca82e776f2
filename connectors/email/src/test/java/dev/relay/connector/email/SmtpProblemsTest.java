package dev.relay.connector.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.ConnectorHealth;
import dev.relay.connector.spi.DeliveryReceipt;
import dev.relay.connector.spi.DeliveryStatus;
import dev.relay.connector.spi.OutboundMessage;
import dev.relay.connector.spi.testing.RecordingSink;
import dev.relay.connector.spi.testing.TestContexts;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 17.8 and 17.11: what SMTP servers really answer when something is wrong, and what the agent
 * and the operator then read. A scripted SMTP server plays the submission port that wants STARTTLS
 * first ("530 Must issue a STARTTLS command first") and a server that refuses a recipient in its own
 * words; GreenMail's SMTPS plays a server whose certificate nobody vouched for.
 */
@ExtendWith(VertxExtension.class)
class SmtpProblemsTest {

  private final Vertx vertx = Vertx.vertx();
  private EmailConnector connector;
  private ScriptedSmtp server;
  private GreenMail tls;
  private final GreenMail mailbox = new GreenMail(ServerSetupTest.IMAP.port(0));

  @AfterEach
  void stop() throws Exception {
    if (connector != null) {
      connector.stop().toCompletionStage().toCompletableFuture().get();
    }
    if (server != null) {
      server.close();
    }
    if (tls != null) {
      tls.stop();
    }
    mailbox.stop();
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  private EmailConnector start(String smtpUrl) throws Exception {
    mailbox.start();
    mailbox.setUser("support@acme.test", "support", "x");
    connector = new EmailConnector(EmailOptions.parse("imap://support:x@localhost:" + mailbox.getImap().getPort() + "/INBOX", smtpUrl,
        "support@acme.test", Duration.ofHours(1), null), EmailConnectorTest.KEY);
    connector.start(TestContexts.builder(vertx).build()).toCompletionStage().toCompletableFuture().get();
    return connector;
  }

  private DeliveryReceipt reply() throws Exception {
    return connector.send(new OutboundMessage("msg_1", OutboundMessage.Kind.REPLY, new Address(Address.EMAIL, "marie.dupont@example.fr"),
        "Votre colis part aujourd'hui.", "Kristin", "cnv_1", Instant.now(), null)).toCompletionStage().toCompletableFuture().get();
  }

  @Test
  void aSubmissionPortThatWantsStartTlsIsSaidSoAndTheReplyWaits() throws Exception {
    server = new ScriptedSmtp(Map.of("EHLO", "250-mail.acme.test\r\n250-PIPELINING\r\n250 STARTTLS",
        "MAIL", "530 5.7.0 Must issue a STARTTLS command first"));
    start("smtp://support:s3cret@localhost:" + server.port() + "?starttls=false");
    DeliveryReceipt receipt = reply();
    assertEquals(DeliveryStatus.QUEUED, receipt.status(), "kept in the outbox: a setting, not the recipient, is wrong");
    assertTrue(receipt.error().contains("offers no login (AUTH)"), receipt.error());
    assertFalse(receipt.error().contains("recipient"), receipt.error());
    assertFalse(server.commands().stream().anyMatch(c -> c.startsWith("MAIL")), "nothing is sent without the login");
    RecordingSink.waitUntil(() -> connector.health().state() == ConnectorHealth.State.DOWN, Duration.ofSeconds(5));
    assertTrue(connector.health().detail().contains("SMTP login"), "readiness says why: " + connector.health().detail());
  }

  @Test
  void aRefusedRecipientFailsWithTheServersOwnWords() throws Exception {
    server = new ScriptedSmtp(Map.of("EHLO", "250-mail.acme.test\r\n250 AUTH PLAIN LOGIN", "AUTH", "235 2.7.0 Authentication successful",
        "RCPT", "550 5.1.1 <marie.dupont@example.fr>: Recipient address rejected: User unknown in virtual mailbox table"));
    start("smtp://support:s3cret@localhost:" + server.port());
    DeliveryReceipt receipt = reply();
    assertEquals(DeliveryStatus.FAILED, receipt.status());
    assertTrue(receipt.error().startsWith("the mail server refused the recipient address marie.dupont@example.fr: 550 5.1.1"),
        receipt.error());
    assertTrue(receipt.error().contains("User unknown in virtual mailbox table"), receipt.error());
  }

  @Test
  void aCertificateNobodyVouchedForIsNamedAndTheReplyWaits() throws Exception {
    com.icegreen.greenmail.util.ServerSetup smtps = ServerSetupTest.SMTPS.port(0);
    smtps.setServerStartupTimeout(15_000); // its TLS set-up is slow on a busy machine
    tls = new GreenMail(smtps);
    tls.start();
    start("smtps://localhost:" + tls.getSmtps().getPort());
    DeliveryReceipt receipt = reply();
    assertEquals(DeliveryStatus.QUEUED, receipt.status());
    assertTrue(receipt.error().startsWith("the SMTP server's certificate is not trusted"), receipt.error());
    assertTrue(receipt.error().contains("?trust=<its host name>"), receipt.error());
    RecordingSink.waitUntil(() -> connector.health().state() == ConnectorHealth.State.DOWN, Duration.ofSeconds(5));
    assertEquals(0, tls.getReceivedMessages().length);
  }

  @Test
  void smtpThatCannotBeReachedShowsOnReadinessBeforeAnyReply() throws Exception {
    int closed;
    try (ServerSocket probe = new ServerSocket(0)) {
      closed = probe.getLocalPort();
    }
    start("smtp://localhost:" + closed);
    RecordingSink.waitUntil(() -> connector.health().state() == ConnectorHealth.State.DOWN
        && connector.health().detail().contains("the SMTP server could not be reached"), Duration.ofSeconds(10));
  }

  /** An SMTP server that answers each command by its verb, from a script; 250 for the rest. */
  static final class ScriptedSmtp implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0);
    private final List<String> commands = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread thread;

    ScriptedSmtp(Map<String, String> answers) throws IOException {
      thread = new Thread(() -> {
        while (!socket.isClosed()) {
          try (Socket client = socket.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = client.getOutputStream();
            out.write("220 mail.acme.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
            String line;
            boolean data = false;
            while ((line = in.readLine()) != null) {
              if (data) {
                if (line.equals(".")) {
                  data = false;
                  out.write("250 2.0.0 Ok: queued\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                continue;
              }
              commands.add(line);
              String verb = line.split(" ")[0].toUpperCase(java.util.Locale.ROOT);
              String answer = answers.getOrDefault(verb, verb.equals("DATA") ? "354 End data with <CR><LF>.<CR><LF>"
                  : verb.equals("QUIT") ? "221 2.0.0 Bye" : "250 2.0.0 Ok");
              data = verb.equals("DATA") && answer.startsWith("354");
              out.write((answer + "\r\n").getBytes(StandardCharsets.US_ASCII));
              if (verb.equals("QUIT")) {
                break;
              }
            }
          } catch (IOException e) {
            // the test closed the server, or the client hung up
          }
        }
      }, "scripted-smtp");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    List<String> commands() {
      return commands;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
