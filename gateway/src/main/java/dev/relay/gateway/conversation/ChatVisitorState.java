package dev.relay.gateway.conversation;

import dev.relay.connector.chat.ChatConnector;
import dev.relay.connector.chat.ChatVisitors;
import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.DeliveryStatus;
import dev.relay.connector.spi.OutboundMessage;
import dev.relay.gateway.agent.Agent;
import dev.relay.gateway.customer.Customer;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers the chat widget when a verified visitor comes back: their open conversation, their
 * dedicated agent by name, and the replies they missed while away.
 */
public final class ChatVisitorState implements ChatVisitors {

  private final Store store;

  public ChatVisitorState(Store store) {
    this.store = store;
  }

  @Override
  public Future<VisitorState> resume(String visitorId) {
    Address address = new Address(Address.CHAT, visitorId);
    return store.customers().byIdentity(address).compose(found -> found.isEmpty()
        ? Future.succeededFuture(VisitorState.NEW)
        : stateOf(found.get(), address));
  }

  private Future<VisitorState> stateOf(Customer customer, Address address) {
    Future<Optional<Agent>> owner = customer.ownerId() == null
        ? Future.succeededFuture(Optional.empty())
        : store.agents().get(customer.ownerId());
    return owner.compose(agent -> store.conversations().openOf(customer.id())
        .compose(open -> store.messages().ofCustomer(customer.id()).map(timeline -> new VisitorState(
            open.map(Conversation::id).orElse(null),
            agent.map(a -> new AgentCard(a.name(), a.online())).orElse(null),
            open.map(c -> history(timeline, c.id())).orElse(List.of()),
            undelivered(timeline, address)))));
  }

  private static List<HistoryEntry> history(List<Message> timeline, String conversationId) {
    return timeline.stream()
        .filter(m -> m.conversationId().equals(conversationId))
        .map(m -> new HistoryEntry(m.id(), m.direction() == Message.Direction.INBOUND ? "visitor" : "agent",
            m.author().name(), m.text(), m.at()))
        .toList();
  }

  private static List<OutboundMessage> undelivered(List<Message> timeline, Address address) {
    return timeline.stream()
        .filter(m -> m.direction() == Message.Direction.OUTBOUND)
        .filter(m -> ChatConnector.CHANNEL.equals(m.channel()) && m.status() == DeliveryStatus.QUEUED)
        .map(m -> Replies.toOutbound(address, m, Map.of()))
        .toList();
  }
}
