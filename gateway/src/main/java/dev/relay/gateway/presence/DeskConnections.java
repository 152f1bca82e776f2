package dev.relay.gateway.presence;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The desks and streams open on this replica, per agent. What other replicas hold is known from the
 * agent's {@code seenAt}, which each replica refreshes for its own connections.
 */
public final class DeskConnections {

  private final Map<String, Integer> open = new ConcurrentHashMap<>();

  void opened(String agentId) {
    open.merge(agentId, 1, Integer::sum);
  }

  /** True when this was the agent's last connection here. */
  boolean closed(String agentId) {
    return open.computeIfPresent(agentId, (id, count) -> count > 1 ? count - 1 : null) == null;
  }

  boolean connectedHere(String agentId) {
    return open.containsKey(agentId);
  }

  Set<String> agents() {
    return Set.copyOf(open.keySet());
  }
}
