package dev.relay.gateway.store;

import dev.relay.gateway.domain.AgentEvent;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Per-agent event inboxes: at-least-once delivery to the agent's stream. */
public interface InboxStore {

  Future<Appended> append(String agentId, String type, Map<String, Object> data, Instant at);

  /**
   * An event as stored, and the id of the event appended to the same inbox just before it (0: none
   * before it). A stream that sent {@code previousId} last may send this
   * event straight away: nothing can be missing between them.
   */
  record Appended(AgentEvent event, long previousId) {
  }

  /** Unacknowledged events with an id greater than {@code afterId}, oldest first. */
  Future<List<AgentEvent>> pending(String agentId, long afterId);

  /**
   * Acknowledges, in one write, every event with an id up to {@code upTo} (0: none that way) and each
   * of {@code ids}; {@link Acked#notPending} names those of {@code ids} above {@code upTo} that were
   * not pending (already acknowledged, another agent's, or never there).
   */
  Future<Acked> ack(String agentId, long upTo, Set<Long> ids);

  /** How many events left the inbox, and which of the ids asked for were not pending. */
  record Acked(int removed, Set<Long> notPending) {
  }
}
