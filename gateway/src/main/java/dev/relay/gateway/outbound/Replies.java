package dev.relay.gateway.outbound;

import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Message;
import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.Connector;
import dev.relay.connector.spi.DeliveryReceipt;
import dev.relay.connector.spi.DeliveryStatus;
import dev.relay.connector.spi.OutboundMessage;
import dev.relay.connector.spi.ThreadRef;
import dev.relay.gateway.domain.Ids;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.channel.Connectors;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Job;
import dev.relay.gateway.schedule.JobHandler;
import dev.relay.gateway.schedule.Scheduler;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.texts.Texts;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's reply: stored first (queued), then handed to the channel, signed with the agent's
 * name. The caller gets the stored message at once; delivery is reported on the agent's stream. A
 * channel that cannot take it now ("retry later") leaves it queued in the outbox, a durable job that
 * sends it again with backoff and survives restarts: nothing an agent wrote is lost.
 */
public final class Replies implements JobHandler {

  static final Duration FIRST_RETRY = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

  private final Store store;
  private final Connectors connectors;
  private final DeliveryTracker deliveries;
  private final Scheduler scheduler;
  private final Texts texts;
  private final Clock clock;

  public Replies(Store store, Connectors connectors, DeliveryTracker deliveries, Scheduler scheduler, Texts texts,
                 Clock clock) {
    this.texts = texts;
    this.store = store;
    this.connectors = connectors;
    this.deliveries = deliveries;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  /** @param channel where to send it, or null for the channel the customer last wrote on */
  public Future<Message> reply(Agent agent, Conversation conversation, Customer customer, String text, String channel) {
    if (!conversation.isOpen()) {
      return Future.failedFuture(RelayException.conflict("conversation_resolved",
          "the conversation is resolved; reopen it to reply"));
    }
    return write(agent, conversation, customer, text, channel);
  }

  /** The owner checking in after a resolution: written into the resolved conversation, on its last channel. */
  public Future<Message> followUp(Agent owner, Conversation resolved, Customer customer, String text) {
    return write(owner, resolved, customer, text, null);
  }

  private Future<Message> write(Agent agent, Conversation conversation, Customer customer, String text, String channel) {
    String target = channel != null ? channel : conversation.channel();
    Connector connector = connectors.get(target).orElse(null);
    if (connector == null) {
      return Future.failedFuture(RelayException.invalid(List.of("channel: no connector for " + target)));
    }
    if (customer.hasOptedOut(target)) {
      return Future.failedFuture(RelayException.invalid(List.of("channel: the customer opted out of " + target
          + " (they sent STOP); answer on another channel, or wait until they send START")));
    }
    Address to = customer.addressOfKind(connector.addressKind());
    if (to == null) {
      return Future.failedFuture(RelayException.invalid(List.of("channel: the customer cannot be reached on " + target)));
    }
    Message message = new Message(Ids.next("msg"), conversation.id(), customer.id(), Message.Direction.OUTBOUND,
        target, text, new Message.Author("agent", agent.id(), agent.name()), clock.instant(),
        DeliveryStatus.QUEUED, null, null, null, List.of());
    return store.messages().append(message).compose(appended -> ThreadHints.of(store.messages(), conversation.id(), connector).map(thread -> {
      send(connector, toOutbound(to, appended.message(), thread).withWording(texts.wording(customer, agent.name())));
      return appended.message();
    }));
  }

  /** Hands a stored reply to its channel; what the channel answers becomes the message's status. */
  public void send(Connector connector, OutboundMessage outbound) {
    connector.send(outbound)
        .recover(err -> {
          LOG.atWarn().addKeyValue("message", outbound.messageId()).addKeyValue("channel", connector.channel())
              .setCause(err).log("connector failed to send");
          return Future.succeededFuture(DeliveryReceipt.failed(outbound.messageId(), "the channel failed: " + err.getMessage()));
        })
        .compose(receipt -> receipt.shouldRetry()
            ? retryLater(new ReplyRetry(receipt.messageId())).compose(job -> deliveries.record(receipt))
            : deliveries.record(receipt))
        .onFailure(err -> LOG.atWarn().addKeyValue("message", outbound.messageId()).setCause(err)
            .log("delivery status not recorded"));
  }

  private Future<Job> retryLater(ReplyRetry retry) {
    return scheduler.schedule(ReplyRetry.JOB, retry.key(), clock.instant().plus(FIRST_RETRY), retry.toMap());
  }

  /** Sends a queued reply again; still refused → the scheduler retries with backoff, then it fails for good. */
  @Override
  public Future<Void> run(Job job) {
    String id = ReplyRetry.fromMap(job.payload()).messageId();
    return store.messages().get(id).compose(found -> {
      if (found.isEmpty() || found.get().status() != DeliveryStatus.QUEUED) {
        return Future.succeededFuture();
      }
      Message message = found.get();
      Connector connector = connectors.get(message.channel()).orElse(null);
      return store.customers().get(message.customerId()).compose(customer -> {
        Address to = connector == null || customer.isEmpty() ? null : customer.get().addressOfKind(connector.addressKind());
        if (to != null && customer.get().hasOptedOut(message.channel())) {
          return deliveries.record(DeliveryReceipt.failed(id, "the customer opted out of " + message.channel()
              + " (they sent STOP) before it could be sent")).mapEmpty();
        }
        if (to == null) {
          return deliveries.record(DeliveryReceipt.failed(id, "the customer can no longer be reached on " + message.channel()))
              .mapEmpty();
        }
        return ThreadHints.of(store.messages(), message.conversationId(), connector)
            .compose(thread -> connector.send(toOutbound(to, message, thread)
                .withWording(texts.wording(customer.get(), message.author().name()))))
            .compose(receipt -> {
              if (!receipt.shouldRetry()) {
                return deliveries.record(receipt).mapEmpty();
              }
              if (Scheduler.lastAttempt(job)) {
                return deliveries.record(DeliveryReceipt.failed(id, "gave up after repeated tries: " + receipt.error()))
                    .mapEmpty();
              }
              return deliveries.record(receipt).compose(m -> Future.failedFuture(receipt.error()));
            });
      });
    });
  }

  public static OutboundMessage toOutbound(Address to, Message message, ThreadRef thread) {
    return new OutboundMessage(message.id(), OutboundMessage.Kind.REPLY, to, message.text(), message.author().name(),
        message.conversationId(), message.at(), thread);
  }
}
