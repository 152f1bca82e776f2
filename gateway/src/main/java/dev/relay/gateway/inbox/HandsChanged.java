package dev.relay.gateway.inbox;

import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Customer;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Objects;

/**
 * Who hears that a conversation changed hands (a reassignment, a take-over, a hand-back): the agent
 * who answers it now (it comes to their desk), the one who had it (it leaves theirs) and the
 * supervisors, but the one who did it.
 */
public final class HandsChanged {

  private final AgentInbox inbox;
  private final Supervisors supervisors;

  public HandsChanged(AgentInbox inbox, Supervisors supervisors) {
    this.inbox = inbox;
    this.supervisors = supervisors;
  }

  /**
   * @param from   who had it, or null (nobody yet)
   * @param reason what the events say happened ("taken over", "owner back", an admin's words)
   * @param by     the agent who did it (no event for their own doing), or null (Relay, an admin token)
   */
  public Future<Void> tell(Conversation moved, Customer customer, String from, String reason, String by) {
    String to = moved.agentId();
    Map<String, Object> change = EventData.reassigned(moved, customer, from, to, reason);
    return inbox.publish(to, AgentInbox.CONVERSATION_ASSIGNED, EventData.assigned(moved, customer))
        .compose(v -> from == null || Objects.equals(from, to) ? Future.<Void>succeededFuture()
            : inbox.publish(from, AgentInbox.CONVERSATION_REASSIGNED, change).<Void>mapEmpty())
        .compose(v -> supervisors.tell(AgentInbox.CONVERSATION_REASSIGNED, change, by));
  }
}
