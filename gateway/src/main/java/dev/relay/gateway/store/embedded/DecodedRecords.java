package dev.relay.gateway.store.embedded;

import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The records every routed message reads again (its customer, agents, conversations), kept decoded
 * by the JSON they were decoded from. A record unchanged since the last read is the same text in the
 * committed view, and decoding it again was a tenth of the gateway's CPU at saturation. Only
 * immutable records are kept (their lists and maps are copies), so a value handed to two readers is
 * safe; equal text decodes to equal values, so the cache can be shared by every store in the process.
 * Bounded: the least recently used go first.
 */
final class DecodedRecords {

  private static final Set<Class<?>> KEPT = Set.of(Customer.class, Agent.class, Conversation.class);
  private static final int CAPACITY = 2_048;

  private final Map<String, Object> recent = new LinkedHashMap<>(CAPACITY, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
      return size() > CAPACITY;
    }
  };

  <T> T decode(String json, Class<T> type) {
    if (!KEPT.contains(type)) {
      return Json.decode(json, type);
    }
    synchronized (recent) {
      Object known = recent.get(json);
      if (type.isInstance(known)) {
        return type.cast(known);
      }
    }
    // Decoded outside the lock: two readers may both decode the same text once; either value is right.
    T decoded = Json.decode(json, type);
    synchronized (recent) {
      recent.put(json, decoded);
    }
    return decoded;
  }
}
