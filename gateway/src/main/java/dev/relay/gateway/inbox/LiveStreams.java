package dev.relay.gateway.inbox;

import dev.relay.gateway.store.InboxStore;
import io.vertx.core.Context;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The agent streams open on this replica. An event stored for an agent is handed to them straight
 * after its commit, on each stream's own event loop, so a stream need not read the inbox to send it;
 * the inbox is read only to recover (a new connection, an event that does not follow the last one
 * sent, a wake-up from another replica).
 */
public final class LiveStreams {

  private final Map<String, Set<Listener>> byAgent = new ConcurrentHashMap<>();

  /** One open stream; {@link #close} when it closes. */
  public final class Listener {
    private final String agentId;
    private final Context context;
    private final Consumer<InboxStore.Appended> pushed;

    private Listener(String agentId, Context context, Consumer<InboxStore.Appended> pushed) {
      this.agentId = agentId;
      this.context = context;
      this.pushed = pushed;
    }

    public void close() {
      byAgent.computeIfPresent(agentId, (id, listeners) -> {
        listeners.remove(this);
        return listeners.isEmpty() ? null : listeners;
      });
    }
  }

  /** {@code pushed} runs on {@code context} with each event stored for {@code agentId} from now on. */
  public Listener listen(String agentId, Context context, Consumer<InboxStore.Appended> pushed) {
    Listener listener = new Listener(agentId, context, pushed);
    byAgent.computeIfAbsent(agentId, id -> ConcurrentHashMap.newKeySet()).add(listener);
    return listener;
  }

  void deliver(InboxStore.Appended appended) {
    Set<Listener> listeners = byAgent.get(appended.event().agentId());
    if (listeners != null) {
      listeners.forEach(l -> l.context.runOnContext(v -> l.pushed.accept(appended)));
    }
  }
}
