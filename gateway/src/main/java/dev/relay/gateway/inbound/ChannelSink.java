package dev.relay.gateway.inbound;

import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.Calls;
import dev.relay.connector.spi.DeliveryReceipt;
import dev.relay.connector.spi.InboundMessage;
import dev.relay.connector.spi.InboundReceipt;
import dev.relay.connector.spi.InboundSink;
import dev.relay.gateway.calls.AgentCalls;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.inbox.AgentInbox;
import dev.relay.gateway.outbound.DeliveryTracker;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import java.util.Optional;

/** What the connectors report, each to its place: messages to the router, outcomes of what we sent to their trackers. */
public final class ChannelSink implements InboundSink {

  private final InboundRouter router;
  private final DeliveryTracker deliveries;
  private final AgentCalls calls;
  private final Store store;
  private final AgentInbox inbox;

  public ChannelSink(InboundRouter router, DeliveryTracker deliveries, AgentCalls calls, Store store, AgentInbox inbox) {
    this.router = router;
    this.deliveries = deliveries;
    this.calls = calls;
    this.store = store;
    this.inbox = inbox;
  }

  @Override
  public Future<InboundReceipt> message(InboundMessage in) {
    return router.message(in);
  }

  @Override
  public Future<Void> status(DeliveryReceipt receipt) {
    return deliveries.record(receipt).mapEmpty();
  }

  @Override
  public void typing(Address from) {
    store.customers().byIdentity(from)
        .compose(customer -> customer.isEmpty() ? Future.succeededFuture(Optional.<Conversation>empty())
            : store.conversations().openOf(customer.get().id()))
        .onSuccess(open -> open.filter(c -> c.agentId() != null)
            .ifPresent(c -> inbox.customerTyping(c.agentId(), c.id())));
  }

  @Override
  public Future<Void> callOutcome(Calls.CallOutcome outcome) {
    return calls.outcome(outcome);
  }

  @Override
  public Future<Void> callRecorded(Calls.CallRecording recording) {
    return calls.recorded(recording);
  }
}
