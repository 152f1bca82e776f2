package dev.relay.gateway.outbound;

import dev.relay.gateway.domain.Message;
import dev.relay.connector.spi.DeliveryReceipt;
import dev.relay.connector.spi.DeliveryStatus;
import dev.relay.gateway.inbox.AgentInbox;
import dev.relay.gateway.inbox.EventData;
import dev.relay.gateway.store.MessageStore;
import io.vertx.core.Future;

/**
 * Records what channels say about outbound messages and tells the agent who wrote them. Statuses
 * only move forward, so reports arriving out of order cannot undo a delivery; a "retry later"
 * keeps the message queued and shows why.
 */
public final class DeliveryTracker {

  private final MessageStore messages;
  private final AgentInbox inbox;

  public DeliveryTracker(MessageStore messages, AgentInbox inbox) {
    this.messages = messages;
    this.inbox = inbox;
  }

  public Future<Message> record(DeliveryReceipt receipt) {
    if (receipt.shouldRetry()) {
      return messages.update(receipt.messageId(), m -> m.status() == DeliveryStatus.QUEUED
              ? m.withStatus(DeliveryStatus.QUEUED, null, receipt.error()) : m)
          .compose(this::tellAuthor);
    }
    return messages.get(receipt.messageId()).compose(found -> {
      if (found.isEmpty() || !changes(receipt, found.get())) {
        return Future.succeededFuture(found.orElse(null));
      }
      return messages.update(receipt.messageId(), m -> changes(receipt, m)
              ? m.withStatus(receipt.status(), receipt.providerId(), receipt.error(), receipt.details()) : m)
          .compose(this::tellAuthor);
    });
  }

  /**
   * A later status; or news about the same one (an e-mail server's "delayed, still trying" report
   * about a sent mail), which the agent sees without the status going back.
   */
  private static boolean changes(DeliveryReceipt receipt, Message message) {
    if (message.status() == null) {
      return false;
    }
    return receipt.status().isAfter(message.status()) || receipt.status() == message.status() && !receipt.details().isEmpty()
        && !message.attributes().entrySet().containsAll(receipt.details().entrySet());
  }

  private Future<Message> tellAuthor(Message message) {
    return message.author() == null || message.author().id() == null
        ? Future.succeededFuture(message)
        : inbox.publish(message.author().id(), AgentInbox.MESSAGE_STATUS, EventData.status(message)).map(message);
  }
}
