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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * {@link Batch}es on Redis: every record is read, changed here, then written back shard by shard,
 * each shard in one script run that first checks none of its records changed meanwhile. When a
 * shard finds one changed, the shards already written are put back (each if still as written)
 * and the whole batch is read and tried again; a change that throws, a record gone or an index
 * conflict stops it before anything is written. So a batch either happens or leaves the records
 * as they were — except if this replica dies between two shards: a hand-over is then partly done
 * and the admin runs it again (it moves what is left). Audit entries are written last.
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

    /** The write that puts {@code done} back as it was. */
    RecordWrite undo(RecordWrite done) {
      T before = Json.decode(done.expected(), type);
      T after = Json.decode(done.next(), type);
      return new RecordWrite(key, done.next(), done.expected(), indexes.apply(after, before));
    }
  }

  Future<Void> apply(Batch batch) {
    List<Future<Planned<?>>> planned = new ArrayList<>();
    batch.customers().forEach((id, change) -> planned.add(Future.succeededFuture(new Planned<>(id,
        RedisCustomers.record(id), Customer.class, "customer", change, RedisCustomers::indexOps))));
    batch.conversations().forEach((id, change) -> planned.add(store.places().of(id).map(tag -> new Planned<>(id,
        RedisConversations.record(tag, id), Conversation.class, "conversation", change, RedisConversations::indexOps))));
    batch.jobs().forEach((id, change) -> planned.add(store.places().of(id).map(tag -> new Planned<>(id,
        RedisJobs.record(tag, id), Job.class, "job", change, RedisJobs::indexOps))));
    return Future.all(planned).map(done -> planned.stream().<Planned<?>>map(Future::result).toList())
        .compose(all -> write(all, 1))
        .compose(v -> auditEntries(batch.audit()));
  }

  /** The audit entries, numbered, pushed in the order they were given. */
  private Future<Void> auditEntries(List<Batch.Audit> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    return store.send(Command.INCRBY, RedisStore.key("seq", "audit"), entries.size()).compose(last -> {
      long first = last.toLong() - entries.size() + 1;
      List<Op> pushes = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        Batch.Audit a = entries.get(i);
        pushes.add(Op.lpush(RedisAudit.LOG, Json.encode(
            new AuditEntry(first + i, a.at(), a.actor(), a.action(), a.target(), a.details()))));
      }
      return store.writeHere(List.of(), pushes).mapEmpty();
    });
  }

  private Future<Void> write(List<Planned<?>> planned, int attempt) {
    List<String> keys = planned.stream().map(Planned::key).toList();
    return store.getEach(keys).compose(before -> {
      Map<String, List<RecordWrite>> bySlot = new LinkedHashMap<>();
      Map<String, Planned<?>> byKey = new LinkedHashMap<>();
      try {
        for (int i = 0; i < planned.size(); i++) {
          RecordWrite write = planned.get(i).write(before.get(i));
          bySlot.computeIfAbsent(Shards.of(write.key()), k -> new ArrayList<>()).add(write);
          byKey.put(write.key(), planned.get(i));
        }
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
      return writeSlots(new ArrayList<>(bySlot.values()), 0, byKey, new ArrayList<>());
    }).compose(written -> {
      if (written.ok()) {
        return Future.succeededFuture();
      }
      if (written.stale() && attempt < RedisStore.ATTEMPTS) {
        return write(planned, attempt + 1);
      }
      return Future.failedFuture(written.stale()
          ? RelayException.unavailable("these records are changing too often; try again")
          : Conflicts.batchConflict());
    });
  }

  /** Shard after shard; one that fails puts back those written before it. */
  private Future<RedisStore.Written> writeSlots(List<List<RecordWrite>> slots, int at, Map<String, Planned<?>> byKey,
                                                List<RecordWrite> done) {
    if (at == slots.size()) {
      return Future.succeededFuture(new RedisStore.Written(true, false, null));
    }
    return store.write(slots.get(at), List.of()).compose(written -> {
      if (written.ok()) {
        done.addAll(slots.get(at));
        return writeSlots(slots, at + 1, byKey, done);
      }
      return undo(done, byKey).map(written);
    });
  }

  private Future<Void> undo(List<RecordWrite> done, Map<String, Planned<?>> byKey) {
    Future<Void> undone = Future.succeededFuture();
    for (RecordWrite write : done) {
      undone = undone.compose(v -> store.write(List.of(byKey.get(write.key()).undo(write)), List.of()).mapEmpty());
    }
    return undone;
  }
}
