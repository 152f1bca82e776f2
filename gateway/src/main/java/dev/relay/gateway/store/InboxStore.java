package dev.relay.gateway.store;

import dev.relay.gateway.domain.AgentEvent;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Per-agent event inboxes: at-least-once delivery to the agent's stream. */
public interface InboxStore {

  Future<AgentEvent> append(String agentId, String type, Map<String, Object> data, Instant at);

  /** Unacknowledged events with an id greater than {@code afterId}, oldest first. */
  Future<List<AgentEvent>> pending(String agentId, long afterId);

  /** Removes an event; false when it was not pending (already acknowledged, or never existed). */
  Future<Boolean> ack(String agentId, long eventId);
}
