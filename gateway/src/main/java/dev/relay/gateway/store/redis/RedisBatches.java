package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.AuditEntry;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Job;
import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.store.Batch;
import dev.relay.gateway.store.InboxStore;
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
 * and the admin runs it again (it moves what is left). Audit entries are written last. The first
 * read takes what this replica last read or wrote of each record ({@link RedisStore#remembered}):
 * the scripts check it like any read, so a guess that is out of date only costs a second read.
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

  /**
   * Reads and plans the records (a record gone or a change that throws stops it here), appends the
   * events, then writes the records with the routing notes cleared in the last shard's script; the
   * notes of other shards, and the audit entries, after. The events go before the records so the
   * notes can go with them: if the records then fail (a conflict, a record deleted meanwhile), the
   * notes stay and routing runs again, as it does after any failure past the events.
   */
  Future<Batch.Applied> apply(Batch batch) {
    List<Future<Planned<?>>> planned = new ArrayList<>();
    batch.customers().forEach((id, change) -> planned.add(Future.succeededFuture(new Planned<>(id,
        RedisCustomers.record(id), Customer.class, "customer", change, RedisCustomers::indexOps))));
    batch.conversations().forEach((id, change) -> planned.add(store.places().of(id).map(tag -> new Planned<>(id,
        RedisConversations.record(tag, id), Conversation.class, "conversation", change, RedisConversations::indexOps))));
    batch.jobs().forEach((id, change) -> planned.add(store.places().of(id).map(tag -> new Planned<>(id,
        RedisJobs.record(tag, id), Job.class, "job", change, RedisJobs::indexOps))));
    List<Future<Op>> notes = batch.routed().stream()
        .map(id -> store.places().of(id).map(tag -> Op.zrem(RedisMessages.unrouted(tag), id))).toList();
    return Future.all(planned).compose(done -> Future.all(notes)).compose(done -> {
      List<Planned<?>> all = planned.stream().<Planned<?>>map(Future::result).toList();
      List<Op> cleared = notes.stream().map(Future::result).toList();
      List<String> keys = all.stream().map(Planned::key).toList();
      // A guess that is out of date in one of many shards would write and put back the shards before it.
      boolean oneShard = keys.stream().map(Shards::of).distinct().count() <= 1;
      return (oneShard ? store.remembered(keys) : store.getEach(keys)).compose(before -> plan(all, before))
          .compose(slots -> events(batch.events()).compose(appended -> write(all, slots, cleared, 1)
              .compose(v -> auditEntries(batch.audit())).map(new Batch.Applied(appended))));
    });
  }

  /** The events, appended one after the other in the batch's order. */
  private Future<List<InboxStore.Appended>> events(List<Batch.Event> events) {
    Future<List<InboxStore.Appended>> done = Future.succeededFuture(new ArrayList<>());
    for (Batch.Event e : events) {
      done = done.compose(sofar -> store.parts().inbox().append(e.agentId(), e.type(), e.data(), e.at()).map(one -> {
        sofar.add(one);
        return sofar;
      }));
    }
    return done;
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

  /** The records' writes by shard, from {@code before} (what each record held); a change that throws or a record gone fails it. */
  private static Future<List<List<RecordWrite>>> plan(List<Planned<?>> planned, List<String> before) {
    Map<String, List<RecordWrite>> bySlot = new LinkedHashMap<>();
    try {
      for (int i = 0; i < planned.size(); i++) {
        RecordWrite write = planned.get(i).write(before.get(i));
        bySlot.computeIfAbsent(Shards.of(write.key()), k -> new ArrayList<>()).add(write);
      }
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return Future.succeededFuture(new ArrayList<>(bySlot.values()));
  }

  /**
   * Writes {@code slots} with the notes {@code cleared}: those of the last shard in its script, the
   * others once every shard is written. A shard that finds a record changed: read again, planned again.
   */
  private Future<Void> write(List<Planned<?>> planned, List<List<RecordWrite>> slots, List<Op> cleared, int attempt) {
    Map<String, Planned<?>> byKey = new LinkedHashMap<>();
    planned.forEach(p -> byKey.put(p.key(), p));
    String last = slots.isEmpty() ? null : Shards.of(slots.get(slots.size() - 1).get(0).key());
    List<Op> withLast = cleared.stream().filter(op -> Shards.of(op.key()).equals(last)).toList();
    List<Op> after = cleared.stream().filter(op -> !Shards.of(op.key()).equals(last)).toList();
    return writeSlots(slots, 0, byKey, new ArrayList<>(), withLast).compose(written -> {
      if (written.ok()) {
        return Future.all(after.stream().map(op -> store.writeHere(List.of(), List.of(op))).toList()).<Void>mapEmpty();
      }
      if (written.stale() && attempt < RedisStore.ATTEMPTS) {
        return store.getEach(planned.stream().map(Planned::key).toList()).compose(before -> plan(planned, before))
            .compose(again -> write(planned, again, cleared, attempt + 1));
      }
      return Future.failedFuture(written.stale()
          ? RelayException.unavailable("these records are changing too often; try again")
          : Conflicts.batchConflict());
    });
  }

  /** Shard after shard, {@code withLast} in the last one's script; one that fails puts back those written before it. */
  private Future<RedisStore.Written> writeSlots(List<List<RecordWrite>> slots, int at, Map<String, Planned<?>> byKey,
                                                List<RecordWrite> done, List<Op> withLast) {
    if (at == slots.size()) {
      return Future.succeededFuture(new RedisStore.Written(true, false, null));
    }
    return store.write(slots.get(at), at == slots.size() - 1 ? withLast : List.of()).compose(written -> {
      if (written.ok()) {
        done.addAll(slots.get(at));
        return writeSlots(slots, at + 1, byKey, done, withLast);
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
