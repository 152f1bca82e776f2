package dev.relay.connector.twilio;

import dev.relay.connector.spi.Masked;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import dev.relay.connector.spi.ChannelMetrics;
import dev.relay.connector.spi.DeliveryReceipt;
import dev.relay.connector.spi.DeliveryStatus;
import dev.relay.connector.spi.OutboundMessage;
import dev.relay.connector.spi.ProviderCircuit;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends texts through the Twilio SDK on worker threads (the SDK blocks). A reply carries the
 * agent's name; Twilio reports delivery to our status webhook. Rate limits (429), Twilio's own
 * errors (5xx) and requests that never reached Twilio are "retry later" (the gateway's outbox sends
 * again), and a circuit breaker stops calling a Twilio that keeps failing; other 4xx cannot succeed
 * and fail at once with Twilio's reason. A failure that may come after Twilio took the text (a
 * timeout while waiting for its answer, an answer that cannot be read) is "unknown": never sent
 * again blindly, since Twilio's Messages API has no idempotency key to make a resend safe.
 */
final class SmsSender {

  private static final Logger LOG = LoggerFactory.getLogger(SmsSender.class);

  private final TwilioOptions options;
  private final TwilioRestClient client;
  private final WorkerExecutor workers;
  private final ChannelMetrics metrics;
  // While Twilio keeps failing, texts wait in the outbox instead of hammering it.
  private final ProviderCircuit circuit;

  SmsSender(TwilioOptions options, TwilioRestClient client, Vertx vertx, ChannelMetrics metrics, java.time.Clock clock) {
    this.options = options;
    this.client = client;
    this.metrics = metrics;
    this.circuit = new ProviderCircuit("twilio", clock, err -> !refusal(err));
    this.workers = vertx.createSharedWorkerExecutor("relay-twilio", 4);
  }

  Future<DeliveryReceipt> send(OutboundMessage message) {
    String body = message.agentName() == null || message.kind() != OutboundMessage.Kind.REPLY
        ? message.text()
        : message.text() + "\n" + options.signature().replace("{agent}", message.agentName());
    String callback = options.publicUrl() + SmsWebhook.STATUS + "?relayMessageId=" + message.messageId();
    return circuit.call(() -> workers.<DeliveryReceipt>executeBlocking(() -> {
      var creator = Message.creator(new PhoneNumber(message.to().value()), new PhoneNumber(options.number()), body);
      if (message.messageId() != null) {
        creator.setStatusCallback(callback);
      }
      if (!message.attachments().isEmpty()) {
        // MMS: Twilio fetches each file from the gateway's signed link.
        creator.setMediaUrl(message.attachments().stream().map(file -> java.net.URI.create(file.link())).toList());
      }
      Message sent = creator.create(client);
      metrics.sent(DeliveryStatus.SENT);
      return message.messageId() == null ? null
          : new DeliveryReceipt(message.messageId(), DeliveryStatus.SENT, sent.getSid(), null,
              sent.getNumSegments() == null ? java.util.Map.of() : java.util.Map.of("segments", sent.getNumSegments()));
    }, false), () -> Future.succeededFuture(message.messageId() == null ? null
        : DeliveryReceipt.retryLater(message.messageId(), "Twilio keeps failing; sending resumes automatically")))
        .recover(err -> {
      DeliveryReceipt receipt = receiptFor(message, err);
      LOG.atWarn().addKeyValue("message", message.messageId()).addKeyValue("reason", Masked.text(err.getMessage()))
          .log("SMS not sent");
      return Future.succeededFuture(receipt);
    });
  }

  private DeliveryReceipt receiptFor(OutboundMessage message, Throwable err) {
    if (message.messageId() == null) {
      return null;
    }
    if (refusal(err)) {
      ApiException api = (ApiException) err;
      metrics.sent(DeliveryStatus.FAILED);
      return DeliveryReceipt.failed(message.messageId(), "Twilio refused the text: " + api.getMessage()
          + (api.getCode() == null ? "" : " (error " + api.getCode() + ")"));
    }
    if (err instanceof ApiException api && api.getStatusCode() != null) {
      return DeliveryReceipt.retryLater(message.messageId(), "Twilio is failing: " + api.getMessage());
    }
    if (neverLeft(err)) {
      return DeliveryReceipt.retryLater(message.messageId(), "Twilio could not be reached");
    }
    metrics.sent(DeliveryStatus.UNKNOWN);
    return DeliveryReceipt.unknown(message.messageId(), "Twilio may have sent this text (" + err.getMessage()
        + "); it is not sent again, so it cannot arrive twice. If Twilio does not report it within a few minutes, "
        + "check with the customer or write again.");
  }

  /**
   * The request never reached Twilio (no connection, unknown host, no free connection in the pool):
   * sending it again cannot make a second text. Anything else without Twilio's own error answer (a
   * timeout while waiting, an answer that cannot be read) may come after Twilio took the text.
   */
  private static boolean neverLeft(Throwable err) {
    for (Throwable cause = err; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.net.ConnectException || cause instanceof java.net.UnknownHostException
          || cause instanceof java.net.NoRouteToHostException
          || cause instanceof org.apache.hc.client5.http.ConnectTimeoutException
          || cause instanceof org.apache.hc.core5.http.ConnectionRequestTimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** A 4xx other than 429: the request itself cannot succeed, whatever Twilio's health. */
  private static boolean refusal(Throwable err) {
    return err instanceof ApiException api && api.getStatusCode() != null && api.getStatusCode() >= 400
        && api.getStatusCode() < 500 && api.getStatusCode() != 429;
  }

  Future<Void> close() {
    return workers.close();
  }
}
