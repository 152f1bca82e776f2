package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.AuditEntry;
import dev.relay.gateway.store.AuditStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code audit}: a list of entries, newest first. */
final class RedisAudit implements AuditStore {

  static final String LOG = RedisStore.key("audit");
  private final RedisStore store;

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
}
