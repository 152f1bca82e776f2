package dev.relay.connector.email;

import dev.relay.connector.spi.Masked;
import dev.relay.connector.spi.Backoff;
import dev.relay.connector.spi.ChannelMetrics;
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

  EmailOutbound(EmailOptions options, Vertx vertx, ChannelMetrics metrics, java.time.Clock clock) {
    this.options = options;
    this.vertx = vertx;
    this.metrics = metrics;
    this.circuit = new ProviderCircuit("smtp", clock, err -> !(err instanceof SendFailedException));
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
    p.put("mail." + protocol + ".starttls.enable", String.valueOf(EmailOptions.starttls(smtp)));
    p.put("mail." + protocol + ".starttls.required", String.valueOf(EmailOptions.starttls(smtp)));
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
          Transport.send(mime, EmailOptions.user(options.smtp()), EmailOptions.password(options.smtp()));
          return null;
        }, false),
        () -> Future.failedFuture(new CircuitOpen())
    ).onComplete(result -> {
      if (result.succeeded()) {
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
      boolean permanent = error instanceof SendFailedException || error instanceof AuthenticationFailedException;
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

  private static String reason(Throwable error) {
    if (error instanceof AuthenticationFailedException) {
      return "the mail server refused Relay's SMTP login";
    }
    if (error instanceof SendFailedException) {
      return "the mail server refused the recipient address";
    }
    return "the mail server could not be reached: " + error.getMessage();
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
    if (message.conversationId() != null) {
      mime.setReplyTo(new InternetAddress[] {new InternetAddress(options.replyAddress(message.conversationId()))});
    }
    ThreadRef thread = message.thread();
    String subject = thread.subject();
    String newSubject = message.wording().newSubject() != null ? message.wording().newSubject()
        : "Your message to " + options.domain();
    mime.setSubject(subject == null || subject.isBlank() ? newSubject
        : subject.regionMatches(true, 0, "Re:", 0, 3) ? subject : "Re: " + subject, StandardCharsets.UTF_8.name());
    if (thread.inReplyTo() != null) {
      mime.setHeader("In-Reply-To", thread.inReplyTo());
    }
    if (!thread.references().isEmpty()) {
      mime.setHeader("References", String.join(" ", thread.references()));
    }
    if (message.kind() == OutboundMessage.Kind.NOTICE) {
      // RFC 3834: other robots must not answer our automatic notices.
      mime.setHeader("Auto-Submitted", "auto-replied");
    }
    String body = message.text();
    if (agent != null) {
      String signature = message.wording().signature() != null ? message.wording().signature()
          : options.signature().replace("{agent}", agent);
      body = body + "\n\n-- \n" + signature;
    }
    mime.setText(body, StandardCharsets.UTF_8.name());
    mime.setSentDate(java.util.Date.from(message.at()));
    return mime;
  }

  Future<Void> close() {
    return workers.close();
  }
}
