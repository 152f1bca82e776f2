package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.AgentEvent;
import dev.relay.gateway.store.InboxStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.time.Instant;
import dev.relay.gateway.store.rules.EventJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code inbox:<agent>} under the agent's tag: a sorted set of the agent's unacknowledged events,
 * scored by their id (the shard's sequence, never below the server's clock); {@code inbox-last:<agent>}, the
 * id of the agent's last event (what {@link Appended#previousId} says of the next). Reading after an id and
 * acknowledging are single commands on it.
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

  /** The id of the agent's last event, so a stream that sent it may send the next one without reading the inbox. */
  private static String last(String agentId) {
    return Shards.key(agentId, "inbox-last", agentId);
  }

  @Override
  public Future<Appended> append(String agentId, String type, Map<String, Object> data, Instant at) {
    String draft = EventJson.draft(agentId, type, data, at);
    return store.eval(appendScript, List.of(Shards.key(agentId, "seq", "agent-events"), inbox(agentId), last(agentId)),
            List.of(draft))
        .map(r -> new Appended(new AgentEvent(r.get(0).toLong(), agentId, type, data, at), r.get(1).toLong()));
  }

  @Override
  public Future<List<AgentEvent>> pending(String agentId, long afterId) {
    return store.send(Command.ZRANGEBYSCORE, inbox(agentId), "(" + afterId, "+inf")
        .map(events -> RedisStore.strings(events).stream().map(json -> Json.decode(json, AgentEvent.class)).toList());
  }

  @Override
  public Future<Acked> ack(String agentId, long upTo, Set<Long> ids) {
    Future<Integer> range = upTo <= 0 ? Future.succeededFuture(0)
        : store.send(Command.ZREMRANGEBYSCORE, inbox(agentId), "-inf", upTo).map(r -> r.toInteger());
    Map<Long, Future<Integer>> each = new LinkedHashMap<>();
    ids.forEach(id -> each.put(id, store.send(Command.ZREMRANGEBYSCORE, inbox(agentId), id, id).map(r -> r.toInteger())));
    return Future.all(new ArrayList<>(each.values())).compose(v -> range).map(inRange -> {
      int removed = inRange;
      Set<Long> unknown = new HashSet<>();
      for (Map.Entry<Long, Future<Integer>> one : each.entrySet()) {
        removed += one.getValue().result();
        if (one.getValue().result() == 0 && one.getKey() > upTo) {
          unknown.add(one.getKey());
        }
      }
      return new Acked(removed, unknown);
    });
  }
}
