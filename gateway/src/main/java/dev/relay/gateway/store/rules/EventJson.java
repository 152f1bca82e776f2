package dev.relay.gateway.store.rules;

import dev.relay.gateway.domain.AgentEvent;
import dev.relay.gateway.domain.Json;
import java.time.Instant;
import java.util.Map;

/** An agent event's JSON before the store numbers it: encoded by the caller, its id (0) first, for the store to replace. */
public final class EventJson {

  public static final String UNNUMBERED = "{\"id\":0,";

  private EventJson() {
  }

  public static String draft(String agentId, String type, Map<String, Object> data, Instant at) {
    String draft = Json.encode(new AgentEvent(0, agentId, type, data, at));
    if (!draft.startsWith(UNNUMBERED)) {
      throw new IllegalStateException("an agent event's JSON must start with its id");
    }
    return draft;
  }

  /** The draft with its id. */
  public static String numbered(String draft, long id) {
    return "{\"id\":" + id + "," + draft.substring(UNNUMBERED.length());
  }
}
