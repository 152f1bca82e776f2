package dev.relay.gateway.privacy;

import dev.relay.gateway.domain.AgentEvent;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Set;

/**
 * The agents' pending (unacknowledged) events about some conversations: they carry copies of
 * message texts and customer names, so an erasure or a retention pass removes them with the
 * conversations.
 */
final class PendingEvents {

  private final Store store;

  PendingEvents(Store store) {
    this.store = store;
  }

  /** Removes every agent's pending events about these conversations; how many. */
  Future<Integer> forget(Set<String> conversationIds) {
    if (conversationIds.isEmpty()) {
      return Future.succeededFuture(0);
    }
    return store.agents().list().compose(agents -> {
      Future<Integer> count = Future.succeededFuture(0);
      for (Agent agent : agents) {
        count = count.compose(n -> store.inbox().pending(agent.id(), 0).compose(events -> {
          Set<Long> about = events.stream().filter(e -> conversationIds.contains(conversationOf(e))).map(AgentEvent::id)
              .collect(java.util.stream.Collectors.toSet());
          return about.isEmpty() ? Future.succeededFuture(n)
              : store.inbox().ack(agent.id(), 0, about).map(acked -> n + acked.removed());
        }));
      }
      return count;
    });
  }

  /** Events name their conversation either directly or inside the conversation they carry. */
  private static String conversationOf(AgentEvent event) {
    Object direct = event.data().get("conversationId");
    if (direct != null) {
      return direct.toString();
    }
    return event.data().get("conversation") instanceof Map<?, ?> conversation && conversation.get("id") != null
        ? conversation.get("id").toString() : null;
  }
}
