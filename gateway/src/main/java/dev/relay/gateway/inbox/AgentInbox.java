package dev.relay.gateway.inbox;

import dev.relay.gateway.domain.AgentEvent;
import dev.relay.connector.spi.Signals;
import dev.relay.gateway.ops.GatewayMetrics;
import dev.relay.gateway.store.Batch;
import dev.relay.gateway.store.InboxStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Map;

/**
 * Puts events in an agent's durable inbox, then hands them to the agent's streams open here
 * ({@link LiveStreams}) and wakes those of other replicas. Only a stored event is ever shown: it
 * reaches a stream after its commit, straight from the write here; on other replicas through a
 * data-less wake-up that makes their streams read the inbox.
 */
public final class AgentInbox {

  public static final String CONVERSATION_ASSIGNED = "conversation.assigned";
  public static final String MESSAGE_RECEIVED = "message.received";
  public static final String MESSAGE_STATUS = "message.status";
  /** To supervisors: a customer waits and nobody fitting is there to answer. */
  public static final String CUSTOMER_WAITING = "customer.waiting";
  /** To the answering agent (a nudge) and to supervisors: a first answer is due soon. */
  public static final String TARGET_AT_RISK = "target.at_risk";
  /** To supervisors and the answering agent: a first answer is late; the rule's escalation applied. */
  public static final String TARGET_MISSED = "target.missed";
  /** To supervisors: a conversation changed hands (reassigned, taken over, handed back). */
  public static final String CONVERSATION_REASSIGNED = "conversation.reassigned";

  private final Signals signals;
  private final InboxStore store;
  private final Clock clock;
  private final GatewayMetrics metrics;
  private final LiveStreams live;

  public AgentInbox(Signals signals, InboxStore store, Clock clock, GatewayMetrics metrics, LiveStreams live) {
    this.signals = signals;
    this.store = store;
    this.clock = clock;
    this.metrics = metrics;
    this.live = live;
  }

  public Future<AgentEvent> publish(String agentId, String type, Map<String, Object> data) {
    return store.append(agentId, type, data, clock.instant()).map(this::stored);
  }

  /** An event to store in a {@link Batch}, stamped now; pass what it appended to {@link #stored}. */
  public Batch.Event event(String agentId, String type, Map<String, Object> data) {
    return new Batch.Event(agentId, type, data, clock.instant());
  }

  /** An event just stored (alone or in a {@link Batch}): its agent's streams get it now. */
  public AgentEvent stored(InboxStore.Appended appended) {
    AgentEvent event = appended.event();
    metrics.eventPublished(event.type());
    live.deliver(appended);
    // Streams here had it already (they skip a wake-up for an id they sent); other replicas' read their inbox.
    signals.publish(wakeUpAddress(event.agentId()), Long.toString(event.id()));
    return event;
  }

  /** The agent's customer is writing in {@code conversationId}: a live hint to their desk, not an event. */
  public void customerTyping(String agentId, String conversationId) {
    signals.publish(typingAddress(agentId), conversationId);
  }

  public static String typingAddress(String agentId) {
    return "relay.inbox.typing." + agentId;
  }

  public static String wakeUpAddress(String agentId) {
    return "relay.inbox." + agentId;
  }
}
