package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.AuditEntry;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Job;
import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.store.Batch;
import dev.relay.gateway.store.redis.RedisStore.Op;
import dev.relay.gateway.store.redis.RedisStore.RecordWrite;
import dev.relay.gateway.store.rules.Conflicts;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * {@link Batch}es on Redis: every record is read at once, changed here, and written back in one
 * script run that first checks none of them changed meanwhile (else all again), so either every
 * record and index entry changes or none does. Each record's index entries are the ones its own
 * part writes. Audit numbers are taken before the write; a batch that fails leaves a gap, no entry.
 */
final class RedisBatches {

  private final RedisStore store;

  RedisBatches(RedisStore store) {
    this.store = store;
  }

  /** One record's change, with how its part names the record and indexes it. */
  private record Planned<T>(String id, String key, Class<T> type, String what, UnaryOperator<T> change,
                            BiFunction<T, T, List<Op>> indexes) {

    RecordWrite write(String before) {
      if (before == null) {
        throw Conflicts.notFound(what, id);
      }
      T current = Json.decode(before, type);
      T next = change.apply(current);
      return new RecordWrite(key, before, Json.encode(next), indexes.apply(current, next));
    }
  }

  Future<Void> apply(Batch batch) {
    List<Planned<?>> planned = new ArrayList<>();
    batch.customers().forEach((id, change) -> planned.add(new Planned<>(id, RedisCustomers.record(id), Customer.class,
        "customer", change, RedisCustomers::indexOps)));
    batch.conversations().forEach((id, change) -> planned.add(new Planned<>(id, RedisConversations.record(id),
        Conversation.class, "conversation", change, RedisConversations::indexOps)));
    batch.jobs().forEach((id, change) -> planned.add(new Planned<>(id, RedisJobs.record(id), Job.class, "job", change,
        RedisJobs::indexOps)));
    return auditEntries(batch.audit()).compose(audit -> write(planned, audit, 1));
  }

  /** The audit entries, numbered, as list pushes in the order they were given. */
  private Future<List<Op>> auditEntries(List<Batch.Audit> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return store.send(Command.INCRBY, RedisStore.key("seq", "audit"), entries.size()).map(last -> {
      long first = last.toLong() - entries.size() + 1;
      List<Op> pushes = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        Batch.Audit a = entries.get(i);
        pushes.add(Op.lpush(RedisAudit.LOG, Json.encode(
            new AuditEntry(first + i, a.at(), a.actor(), a.action(), a.target(), a.details()))));
      }
      return pushes;
    });
  }

  private Future<Void> write(List<Planned<?>> planned, List<Op> audit, int attempt) {
    Future<List<String>> read = planned.isEmpty() ? Future.succeededFuture(List.of())
        : store.send(Command.MGET, planned.stream().map(Planned::key).toArray()).map(values -> {
          List<String> raw = new ArrayList<>();
          for (int i = 0; i < values.size(); i++) {
            raw.add(values.get(i) == null ? null : values.get(i).toString());
          }
          return raw;
        });
    return read.compose(before -> {
      List<RecordWrite> writes = new ArrayList<>();
      try {
        for (int i = 0; i < planned.size(); i++) {
          writes.add(planned.get(i).write(before.get(i)));
        }
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
      return store.write(writes, audit);
    }).compose(written -> {
      if (written.ok()) {
        return Future.succeededFuture();
      }
      if (written.stale() && attempt < RedisStore.ATTEMPTS) {
        return write(planned, audit, attempt + 1);
      }
      return Future.failedFuture(written.stale()
          ? RelayException.unavailable("these records are changing too often; try again")
          : Conflicts.batchConflict());
    });
  }
}
