package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.AgentEvent;
import dev.relay.gateway.store.InboxStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code inbox:<agent>} under the agent's tag: a sorted set of the agent's unacknowledged events,
 * scored by their id (the shard's sequence, never below the server's clock). Reading after an id and acknowledging one are single commands on it.
 */
final class RedisInbox implements InboxStore {

  private final RedisStore store;
  private final String appendScript = RedisStore.script("inbox-append");

  RedisInbox(RedisStore store) {
    this.store = store;
  }

  private static String inbox(String agentId) {
    return Shards.key(agentId, "inbox", agentId);
  }

  @Override
  public Future<AgentEvent> append(String agentId, String type, Map<String, Object> data, Instant at) {
    String draft = Json.encode(new AgentEvent(0, agentId, type, data, at));
    if (!draft.startsWith("{\"id\":0,")) {
      throw new IllegalStateException("an agent event's JSON must start with its id");
    }
    return store.eval(appendScript, List.of(Shards.key(agentId, "seq", "agent-events"), inbox(agentId)), List.of(draft))
        .map(id -> new AgentEvent(id.toLong(), agentId, type, data, at));
  }

  @Override
  public Future<List<AgentEvent>> pending(String agentId, long afterId) {
    return store.send(Command.ZRANGEBYSCORE, inbox(agentId), "(" + afterId, "+inf")
        .map(events -> RedisStore.strings(events).stream().map(json -> Json.decode(json, AgentEvent.class)).toList());
  }

  @Override
  public Future<Boolean> ack(String agentId, long eventId) {
    return store.send(Command.ZREMRANGEBYSCORE, inbox(agentId), eventId, eventId).map(removed -> removed.toLong() > 0);
  }
}
