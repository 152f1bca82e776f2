package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.AuditEntry;
import dev.relay.gateway.store.AuditStore;
import dev.relay.gateway.store.rules.Redaction;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** {@code audit}: a list of entries, newest first. */
final class RedisAudit implements AuditStore {

  static final String LOG = RedisStore.key("audit");
  private final RedisStore store;
  private final String redactScript = RedisStore.script("audit-redact");

  RedisAudit(RedisStore store) {
    this.store = store;
  }

  @Override
  public Future<AuditEntry> append(String actor, String action, String target, Map<String, Object> details, Instant at) {
    return store.next("audit").compose(id -> {
      AuditEntry entry = new AuditEntry(id, at, actor, action, target, details);
      return store.send(Command.LPUSH, LOG, Json.encode(entry)).map(entry);
    });
  }

  @Override
  public Future<List<AuditEntry>> recent(int limit) {
    return store.send(Command.LRANGE, LOG, 0, limit - 1)
        .map(entries -> RedisStore.strings(entries).stream().map(json -> Json.decode(json, AuditEntry.class)).toList());
  }

  @Override
  public Future<List<AuditEntry>> about(String target) {
    return store.send(Command.LRANGE, LOG, 0, -1).map(entries -> {
      List<AuditEntry> oldestFirst = new ArrayList<>(RedisStore.strings(entries).stream()
          .map(json -> Json.decode(json, AuditEntry.class)).filter(entry -> target.equals(entry.target())).toList());
      Collections.reverse(oldestFirst);
      return oldestFirst;
    });
  }

  @Override
  public Future<Integer> redact(String target) {
    return store.send(Command.LRANGE, LOG, 0, -1).compose(entries -> {
      List<String> pairs = new ArrayList<>();
      for (String json : RedisStore.strings(entries)) {
        AuditEntry entry = Json.decode(json, AuditEntry.class);
        if (Redaction.needed(entry, target)) {
          pairs.add(json);
          pairs.add(Json.encode(Redaction.of(entry)));
        }
      }
      return pairs.isEmpty() ? Future.succeededFuture(0)
          : store.eval(redactScript, List.of(LOG), pairs).map(n -> n.toInteger());
    });
  }
}
