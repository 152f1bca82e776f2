package dev.relay.gateway.store.embedded;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.AuditEntry;
import dev.relay.gateway.store.AuditStore;
import dev.relay.gateway.store.rules.Redaction;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;

final class EmbeddedAudit implements AuditStore {

  private static final String KEY = "audit";
  private final EmbeddedStore store;

  EmbeddedAudit(EmbeddedStore store) {
    this.store = store;
  }

  private MVMap<String, String> entries() {
    return store.map("audit");
  }

  @Override
  public Future<AuditEntry> append(String actor, String action, String target, Map<String, Object> details, Instant at) {
    return store.write(() -> appendInWrite(actor, action, target, details, at));
  }

  /** The append itself, for a write that changes other records with it. */
  AuditEntry appendInWrite(String actor, String action, String target, Map<String, Object> details, Instant at) {
    AuditEntry entry = new AuditEntry(store.nextSequence("audit"), at, actor, action, target, details);
    entries().put(EmbeddedStore.seqKey(KEY, entry.id()), Json.encode(entry));
    return entry;
  }

  @Override
  public Future<List<AuditEntry>> recent(int limit) {
    return store.read(() -> {
      List<AuditEntry> newest = new ArrayList<>();
      String key = entries().lastKey();
      while (key != null && key.startsWith(KEY + EmbeddedStore.SEP) && newest.size() < limit) {
        newest.add(Json.decode(entries().get(key), AuditEntry.class));
        key = entries().lowerKey(key);
      }
      return newest;
    });
  }

  @Override
  public Future<List<AuditEntry>> about(String target) {
    return store.read(() -> EmbeddedStore.scan(entries(), KEY).stream()
        .map(json -> Json.decode(json, AuditEntry.class))
        .filter(entry -> target.equals(entry.target()))
        .toList());
  }

  @Override
  public Future<Integer> redact(String target) {
    return store.write(() -> {
      int changed = 0;
      for (String json : EmbeddedStore.scan(entries(), KEY)) {
        AuditEntry entry = Json.decode(json, AuditEntry.class);
        if (Redaction.needed(entry, target)) {
          entries().put(EmbeddedStore.seqKey(KEY, entry.id()), Json.encode(Redaction.of(entry)));
          changed++;
        }
      }
      return changed;
    });
  }
}
