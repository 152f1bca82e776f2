package dev.relay.gateway.conversation;

import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.Connector;
import dev.relay.connector.spi.DeliveryReceipt;
import dev.relay.connector.spi.DeliveryStatus;
import dev.relay.connector.spi.OutboundMessage;
import dev.relay.gateway.Ids;
import dev.relay.gateway.RelayException;
import dev.relay.gateway.agent.Agent;
import dev.relay.gateway.channel.Connectors;
import dev.relay.gateway.customer.Customer;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's reply: stored first (queued), then handed to the channel, signed with the agent's
 * name. The caller gets the stored message at once; delivery is reported on the agent's stream.
 */
public final class Replies {

  private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

  private final Store store;
  private final Connectors connectors;
  private final DeliveryTracker deliveries;
  private final Clock clock;

  public Replies(Store store, Connectors connectors, DeliveryTracker deliveries, Clock clock) {
    this.store = store;
    this.connectors = connectors;
    this.deliveries = deliveries;
    this.clock = clock;
  }

  /** @param channel where to send it, or null for the channel the customer last wrote on */
  public Future<Message> reply(Agent agent, Conversation conversation, Customer customer, String text, String channel) {
    if (!conversation.isOpen()) {
      return Future.failedFuture(RelayException.conflict("conversation_resolved",
          "the conversation is resolved; reopen it to reply"));
    }
    String target = channel != null ? channel : conversation.channel();
    Connector connector = connectors.get(target).orElse(null);
    if (connector == null) {
      return Future.failedFuture(RelayException.invalid(List.of("channel: no connector for " + target)));
    }
    Address to = customer.addressOfKind(connector.addressKind());
    if (to == null) {
      return Future.failedFuture(RelayException.invalid(List.of("channel: the customer cannot be reached on " + target)));
    }
    Message message = new Message(Ids.next("msg"), conversation.id(), customer.id(), Message.Direction.OUTBOUND,
        target, text, new Message.Author("agent", agent.id(), agent.name()), clock.instant(),
        DeliveryStatus.QUEUED, null, null, null);
    return store.messages().append(message).compose(appended -> ThreadHints.of(store.messages(), conversation.id(), target).map(thread -> {
      send(connector, toOutbound(to, appended.message(), thread));
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
        .compose(deliveries::record)
        .onFailure(err -> LOG.atWarn().addKeyValue("message", outbound.messageId()).setCause(err)
            .log("delivery status not recorded"));
  }

  public static OutboundMessage toOutbound(Address to, Message message, Map<String, String> thread) {
    return new OutboundMessage(message.id(), OutboundMessage.Kind.REPLY, to, message.text(), message.author().name(),
        message.conversationId(), message.at(), thread);
  }
}
