package dev.relay.gateway.store.embedded;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.AgentEvent;
import dev.relay.gateway.store.InboxStore;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;

final class EmbeddedInbox implements InboxStore {

  private final EmbeddedStore store;

  EmbeddedInbox(EmbeddedStore store) {
    this.store = store;
  }

  private MVMap<String, String> events() {
    return store.map("agent-inbox");
  }

  @Override
  public Future<AgentEvent> append(String agentId, String type, Map<String, Object> data, Instant at) {
    return store.write(() -> {
      AgentEvent event = new AgentEvent(store.nextSequence("agent-events()"), agentId, type, data, at);
      events().put(EmbeddedStore.seqKey(agentId, event.id()), Json.encode(event));
      return event;
    });
  }

  @Override
  public Future<List<AgentEvent>> pending(String agentId, long afterId) {
    return store.read(() -> EmbeddedStore.scan(events(), agentId).stream()
        .map(json -> Json.decode(json, AgentEvent.class))
        .filter(e -> e.id() > afterId)
        .toList());
  }

  @Override
  public Future<Boolean> ack(String agentId, long eventId) {
    return store.write(() -> events().remove(EmbeddedStore.seqKey(agentId, eventId)) != null);
  }
}
