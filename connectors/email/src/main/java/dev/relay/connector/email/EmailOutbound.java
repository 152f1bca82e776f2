package dev.relay.connector.email;

import dev.relay.connector.spi.Masked;
import dev.relay.connector.spi.Backoff;
import dev.relay.connector.spi.ChannelMetrics;
import dev.relay.connector.spi.ConnectorHealth;
import dev.relay.connector.spi.DeliveryReceipt;
import dev.relay.connector.spi.DeliveryStatus;
import dev.relay.connector.spi.OutboundMessage;
import dev.relay.connector.spi.ProviderCircuit;
import dev.relay.connector.spi.ThreadRef;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends replies over SMTP, on worker threads: From the agent's name at the support address, Reply-To
 * carrying the conversation token, threaded to the customer's last mail, signed. Transient failures
 * are retried with backoff, then handed back as "retry later" (the gateway keeps the message queued
 * and sends it again); a circuit breaker stops trying while the server keeps failing; a refused
 * recipient or login fails at once with the reason.
 */
final class EmailOutbound {

  private static final Logger LOG = LoggerFactory.getLogger(EmailOutbound.class);
  static final int ATTEMPTS = 3;
  /** With {@link #ATTEMPTS} = 3: 1 s, then 2 s; short, as the gateway's outbox takes over after. */
  static final Backoff RETRY = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 2);

  private final EmailOptions options;
  private final Vertx vertx;
  private final ChannelMetrics metrics;
  private final WorkerExecutor workers;
  private final Session session;
  // Stops hammering a failing mail server: while open, sends are queued for later without a try.
  private final ProviderCircuit circuit;
  private final ReplyTokens tokens;
  private volatile ConnectorHealth health = ConnectorHealth.up("SMTP not checked yet");
  private long recheck = -1;

  EmailOutbound(EmailOptions options, ReplyTokens tokens, Vertx vertx, ChannelMetrics metrics, java.time.Clock clock) {
    this.options = options;
    this.tokens = tokens;
    this.vertx = vertx;
    this.metrics = metrics;
    this.circuit = new ProviderCircuit("smtp", clock, err -> !(err instanceof SendFailedException) && !isConfiguration(err));
    this.workers = vertx.createSharedWorkerExecutor("relay-email-smtp", 2);
    this.session = Session.getInstance(properties(options.smtp()));
  }

  private static Properties properties(URI smtp) {
    String protocol = EmailOptions.secure(smtp) ? "smtps" : "smtp";
    Properties p = EmailOptions.properties(protocol, smtp);
    p.put("mail.transport.protocol", protocol);
    // Transport.send picks the transport by address type: make rfc822 addresses use ours (smtps too).
    p.put("mail.transport.protocol.rfc822", protocol);
    p.put("mail." + protocol + ".host", smtp.getHost());
    p.put("mail." + protocol + ".port", String.valueOf(smtp.getPort() > 0 ? smtp.getPort() : EmailOptions.secure(smtp) ? 465 : 587));
    p.put("mail." + protocol + ".auth", String.valueOf(EmailOptions.user(smtp) != null));
    return p;
  }

  Future<DeliveryReceipt> send(OutboundMessage message) {
    MimeMessage mime;
    String messageId = "<" + (message.messageId() == null ? "notice" : message.messageId()) + "." + UUID.randomUUID()
        + "@" + options.domain() + ">";
    try {
      mime = compose(message, messageId);
    } catch (MessagingException | UnsupportedEncodingException e) {
      return Future.succeededFuture(failed(message, "the message could not be composed: " + e.getMessage()));
    }
    Promise<DeliveryReceipt> done = Promise.promise();
    attempt(message, mime, messageId, 1, done);
    return done.future();
  }

  private void attempt(OutboundMessage message, MimeMessage mime, String messageId, int attempt, Promise<DeliveryReceipt> done) {
    circuit.<Void>call(
        () -> workers.<Void>executeBlocking(() -> {
          try (Transport transport = connected()) {
            transport.sendMessage(mime, mime.getAllRecipients());
          }
          return null;
        }, false),
        () -> Future.failedFuture(new CircuitOpen())
    ).onComplete(result -> {
      if (result.succeeded()) {
        health = ConnectorHealth.up("sending through " + EmailOptions.masked(options.smtp()));
        metrics.sent(DeliveryStatus.SENT);
        done.complete(message.messageId() == null ? null
            : new DeliveryReceipt(message.messageId(), DeliveryStatus.SENT, messageId, null));
        return;
      }
      Throwable error = result.cause();
      if (error instanceof CircuitOpen) {
        done.complete(message.messageId() == null ? null : DeliveryReceipt.retryLater(message.messageId(),
            "the mail server keeps failing; sending resumes automatically"));
        return;
      }
      String reason = reason(error);
      if (!(error instanceof SMTPAddressFailedException)) {
        health = ConnectorHealth.down(reason);
      }
      if (isConfiguration(error)) {
        // Retrying now cannot help (a certificate, STARTTLS, a login): the reply waits in the outbox,
        // readiness says why, and it is sent once the setting is fixed.
        LOG.atWarn().addKeyValue("message", message.messageId()).addKeyValue("reason", Masked.text(reason)).log("e-mail not sent: configuration");
        done.complete(message.messageId() == null ? null : DeliveryReceipt.retryLater(message.messageId(), reason));
        return;
      }
      boolean permanent = error instanceof SendFailedException;
      if (permanent) {
        LOG.atWarn().addKeyValue("message", message.messageId()).addKeyValue("reason", Masked.text(reason)).log("e-mail refused");
        done.complete(failed(message, reason));
        return;
      }
      if (attempt >= ATTEMPTS) {
        LOG.atWarn().addKeyValue("message", message.messageId()).addKeyValue("attempts", attempt)
            .addKeyValue("reason", Masked.text(reason)).log("e-mail not sent yet; queued for later");
        done.complete(message.messageId() == null ? null : DeliveryReceipt.retryLater(message.messageId(), reason));
        return;
      }
      long delay = RETRY.after(attempt).toMillis();
      LOG.atInfo().addKeyValue("message", message.messageId()).addKeyValue("retryInMs", delay)
          .addKeyValue("reason", Masked.text(reason)).log("e-mail send failed, retrying");
      vertx.setTimer(delay, id -> attempt(message, mime, messageId, attempt + 1, done));
    });
  }

  /** The circuit is open: the send was not attempted. */
  private static final class CircuitOpen extends RuntimeException {
    CircuitOpen() {
      super("circuit open", null, false, false);
    }
  }

  private DeliveryReceipt failed(OutboundMessage message, String reason) {
    metrics.sent(DeliveryStatus.FAILED);
    return message.messageId() == null ? null : DeliveryReceipt.failed(message.messageId(), reason);
  }

  /**
   * A connection made as the URL asks: STARTTLS first where required, then the login. A server that
   * offers no login on this connection (typically port 587 before STARTTLS) is refused here, instead
   * of sending without one and reading its "530" as a refused recipient.
   */
  private Transport connected() throws MessagingException {
    Transport transport = session.getTransport();
    String user = EmailOptions.user(options.smtp());
    transport.connect(user, EmailOptions.password(options.smtp()));
    if (user != null && transport instanceof SMTPTransport smtp && !smtp.supportsExtension("AUTH")) {
      transport.close();
      throw new AuthenticationFailedException("the SMTP server offers no login (AUTH) on this connection"
          + (EmailOptions.starttls(options.smtp()) ? "" : "; on port 587 add ?starttls=true"));
    }
    return transport;
  }

  /** Sends nothing: connects, upgrades, logs in and leaves, so readiness shows a wrong setting before any reply. */
  Future<Void> probe() {
    return workers.<Void>executeBlocking(() -> {
      connected().close();
      return null;
    }, false).onSuccess(v -> health = ConnectorHealth.up("sending through " + EmailOptions.masked(options.smtp())))
        .onFailure(err -> {
          health = ConnectorHealth.down(reason(err));
          LOG.atWarn().addKeyValue("smtp", EmailOptions.masked(options.smtp())).addKeyValue("reason", Masked.text(reason(err)))
              .log("SMTP check failed");
        });
  }

  ConnectorHealth health() {
    return health;
  }

  /** While SMTP is down, checks it again every half minute, so readiness recovers without waiting for a reply. */
  void watch() {
    recheck = vertx.setPeriodic(30_000, id -> {
      if (health.state() == ConnectorHealth.State.DOWN) {
        probe();
      }
    });
  }

  /** Errors only a changed setting fixes: TLS, STARTTLS, the login, a server that demands what we did not do (5xx on MAIL). */
  private static boolean isConfiguration(Throwable error) {
    return error instanceof AuthenticationFailedException || MailErrors.isTls(error)
        || error instanceof SMTPSendFailedException refused && !(error instanceof SMTPAddressFailedException)
        && (refused.getReturnCode() == 530 || refused.getReturnCode() == 535);
  }

  /** In words the agent and operator can act on, with the server's own text (never the password). */
  static String reason(Throwable error) {
    if (error instanceof AuthenticationFailedException) {
      return "the mail server refused Relay's SMTP login" + (error.getMessage() == null ? "" : ": " + error.getMessage().strip());
    }
    if (error instanceof SMTPAddressFailedException refused) {
      return "the mail server refused the recipient address " + refused.getAddress() + ": " + refused.getMessage().strip();
    }
    if (error instanceof SendFailedException failed) {
      Exception next = failed.getNextException();
      String server = next != null ? next.getMessage() : failed.getMessage();
      if (next instanceof SMTPAddressFailedException refused) {
        return reason(refused);
      }
      return "the mail server refused the message: " + (server == null ? "no reason given" : server.strip());
    }
    return MailErrors.describe("SMTP", error);
  }

  private MimeMessage compose(OutboundMessage message, String messageId)
      throws MessagingException, UnsupportedEncodingException {
    String agent = message.agentName();
    MimeMessage mime = new MimeMessage(session) {
      @Override
      protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", messageId);
      }
    };
    mime.setFrom(new InternetAddress(options.supportAddress(), agent == null ? options.domain() : agent,
        StandardCharsets.UTF_8.name()));
    mime.setRecipient(Message.RecipientType.TO, new InternetAddress(message.to().value()));
    for (dev.relay.connector.spi.Address copied : message.thread().copied()) {
      mime.addRecipient(Message.RecipientType.CC, new InternetAddress(copied.value()));
    }
    if (message.conversationId() != null) {
      mime.setReplyTo(new InternetAddress[] {new InternetAddress(tokens.address(options.supportAddress(), message.conversationId()))});
    }
    ThreadRef thread = message.thread();
    String subject = thread.subject();
    String newSubject = message.wording().newSubject() != null ? message.wording().newSubject()
        : "Your message to " + options.domain();
    mime.setSubject(subject == null || subject.isBlank() ? newSubject
        : ReplySubject.of(subject), StandardCharsets.UTF_8.name());
    if (thread.inReplyTo() != null) {
      mime.setHeader("In-Reply-To", thread.inReplyTo());
    }
    if (!thread.references().isEmpty()) {
      mime.setHeader("References", String.join(" ", thread.references()));
    }
    if (message.kind() != OutboundMessage.Kind.REPLY) {
      // RFC 3834: other robots must not answer our automatic notices.
      mime.setHeader("Auto-Submitted", "auto-replied");
    }
    String body = message.text();
    if (agent != null) {
      String signature = message.wording().signature() != null ? message.wording().signature()
          : options.signature().replace("{agent}", agent);
      body = body + "\n\n-- \n" + signature;
    }
    if (message.attachments().isEmpty()) {
      mime.setText(body, StandardCharsets.UTF_8.name());
    } else {
      // multipart/mixed: the text first, then each file as an attachment (never inline).
      jakarta.mail.internet.MimeMultipart mixed = new jakarta.mail.internet.MimeMultipart("mixed");
      jakarta.mail.internet.MimeBodyPart text = new jakarta.mail.internet.MimeBodyPart();
      text.setText(body, StandardCharsets.UTF_8.name());
      mixed.addBodyPart(text);
      for (dev.relay.connector.spi.OutboundAttachment file : message.attachments()) {
        jakarta.mail.internet.MimeBodyPart part = new jakarta.mail.internet.MimeBodyPart();
        part.setDataHandler(new jakarta.activation.DataHandler(
            new jakarta.mail.util.ByteArrayDataSource(file.content(), file.contentType())));
        part.setDisposition(jakarta.mail.Part.ATTACHMENT);
        // Base64 always: a text-looking file (a PDF is mostly ASCII) sent as 7bit would get CRLF line ends.
        part.setHeader("Content-Transfer-Encoding", "base64");
        part.setFileName(jakarta.mail.internet.MimeUtility.encodeText(file.filename(), StandardCharsets.UTF_8.name(), null));
        mixed.addBodyPart(part);
      }
      mime.setContent(mixed);
    }
    mime.setSentDate(java.util.Date.from(message.at()));
    return mime;
  }

  Future<Void> close() {
    vertx.cancelTimer(recheck);
    return workers.close();
  }
}
