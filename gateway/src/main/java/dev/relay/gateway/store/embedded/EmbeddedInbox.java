package dev.relay.gateway.store.embedded;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.AgentEvent;
import dev.relay.gateway.store.InboxStore;
import dev.relay.gateway.store.rules.EventJson;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/** {@code agent-inbox}: {@code <agent> SEP <id>} → the event's JSON; {@code agent-inbox-last}: each agent's last id. */
final class EmbeddedInbox implements InboxStore {

  private final EmbeddedStore store;

  EmbeddedInbox(EmbeddedStore store) {
    this.store = store;
  }

  private MVMap<String, String> events() {
    return store.map("agent-inbox");
  }

  private MVMap<String, Long> last() {
    return store.longMap("agent-inbox-last");
  }

  @Override
  public Future<Appended> append(String agentId, String type, Map<String, Object> data, Instant at) {
    // Encoded here, on the caller's thread; the writer only numbers it (the id is the JSON's first field).
    String draft = EventJson.draft(agentId, type, data, at);
    return store.write(() -> appendInWrite(agentId, type, data, at, draft));
  }

  /** The append itself, for a write that changes other records with it; {@code draft} is the event's JSON with id 0. */
  Appended appendInWrite(String agentId, String type, Map<String, Object> data, Instant at, String draft) {
    long id = store.nextSequence("agent-events()");
    events().put(EmbeddedStore.seqKey(agentId, id), EventJson.numbered(draft, id));
    Long previous = last().put(agentId, id);
    return new Appended(new AgentEvent(id, agentId, type, data, at), previous == null ? 0 : previous);
  }

  @Override
  public Future<List<AgentEvent>> pending(String agentId, long afterId) {
    return store.read(() -> {
      List<AgentEvent> after = new ArrayList<>();
      // Keys sort by id: start the range after the last one sent instead of decoding the whole inbox.
      Cursor<String, String> cursor = events().cursor(EmbeddedStore.seqKey(agentId, afterId + 1), agentId + "\u0001", false);
      while (cursor.hasNext()) {
        cursor.next();
        after.add(Json.decode(cursor.getValue(), AgentEvent.class));
      }
      return after;
    });
  }

  @Override
  public Future<Acked> ack(String agentId, long upTo, Set<Long> ids) {
    return store.write(() -> {
      int removed = 0;
      if (upTo > 0) {
        List<String> acknowledged = new ArrayList<>();
        Cursor<String, String> cursor = events().cursor(agentId + EmbeddedStore.SEP, EmbeddedStore.seqKey(agentId, upTo), false);
        while (cursor.hasNext()) {
          acknowledged.add(cursor.next());
        }
        acknowledged.forEach(events()::remove);
        removed += acknowledged.size();
      }
      Set<Long> unknown = new HashSet<>();
      for (long id : ids) {
        if (events().remove(EmbeddedStore.seqKey(agentId, id)) != null) {
          removed++;
        } else if (id > upTo) {
          unknown.add(id);
        }
      }
      return new Acked(removed, unknown);
    });
  }
}
