package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.Ids;
import dev.relay.gateway.domain.Json;
import dev.relay.gateway.store.redis.RedisStore.Op;
import dev.relay.gateway.store.redis.RedisStore.RecordWrite;
import dev.relay.gateway.store.redis.RedisStore.Written;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes whose index entries live under other tags than their records (a customer's owner set on
 * the agent's shard, an identity under its address's), in an order that loses nothing when the
 * writer dies between two slots: a note in the records' shard's {@code pending} sorted set first
 * (in the same script as the records, or before the claims it covers), then the claims on other
 * shards (a conflict gives up and frees what it took), then the records, then the other entries,
 * then the note goes. Every step can be done twice. A note still there after the grace
 * ({@code store.redisOutboxGrace}) is resumed by {@link #resume}: it sets each entry it names to what the record says now (held if
 * the record still has it, freed if not), so a late replay never undoes a newer write.
 */
final class RedisOutbox {

  private static final int AT_ONCE = 50;
  private static final Logger LOG = LoggerFactory.getLogger(RedisOutbox.class);

  private final RedisStore store;
  private final Clock clock;
  private final Duration grace;
  /** Record kind (the key's first part after the tag) → the index ops its current JSON implies. */
  private final Map<String, Function<String, List<Op>>> indexes;
  private final String claimScript = RedisStore.script("claim");

  RedisOutbox(RedisStore store, Clock clock, Duration grace, Map<String, Function<String, List<Op>>> indexes) {
    this.store = store;
    this.clock = clock;
    this.grace = grace;
    this.indexes = indexes;
  }

  static String pending(String tag) {
    return Shards.in(tag, "pending");
  }

  /** What a note says: the records written, and their entries on other shards. */
  record Note(String id, List<String> records, List<Op> ops) {
  }

  Future<Written> write(List<RecordWrite> records, List<Op> more) {
    String home = Shards.of(records.isEmpty() ? more.get(0).key() : records.get(0).key());
    List<Op> remote = new ArrayList<>();
    List<RecordWrite> local = records.stream().map(r -> new RecordWrite(r.key(), r.expected(), r.next(),
        split(home, r.ops(), remote))).toList();
    List<Op> localMore = split(home, more, remote);
    if (remote.isEmpty()) {
      return store.writeHere(local, localMore);
    }
    Note note = new Note(Ids.next("out"), records.stream().map(RecordWrite::key).toList(), remote);
    String json = Json.encode(note);
    long due = clock.millis() + grace.toMillis();
    List<Op> claims = remote.stream().filter(op -> "claim".equals(op.op())).toList();
    List<Op> rest = remote.stream().filter(op -> !"claim".equals(op.op())).toList();
    if (claims.isEmpty()) {
      List<Op> withNote = new ArrayList<>(localMore);
      withNote.add(Op.due(pending(home), json, due));
      return store.writeHere(local, withNote).compose(written -> written.ok() ? finish(home, json, rest, written)
          : Future.succeededFuture(written));
    }
    return store.writeHere(List.of(), List.of(Op.due(pending(home), json, due)))
        .compose(v -> claim(claims, new ArrayList<>()))
        .compose(claimed -> claimed.conflict() != null
            ? forget(home, json).map(new Written(false, false, claimed.conflict()))
            : store.writeHere(local, localMore).compose(written -> written.ok() ? finish(home, json, rest, written)
                : free(claimed.taken(), claims).compose(v -> forget(home, json)).map(written)));
  }

  /** The ops under {@code home}; the others are added to {@code remote}. */
  private static List<Op> split(String home, List<Op> ops, List<Op> remote) {
    List<Op> here = new ArrayList<>();
    for (Op op : ops) {
      (Shards.of(op.key()).equals(home) ? here : remote).add(op);
    }
    return here;
  }

  private record Claimed(List<String> taken, String conflict) {
  }

  /** Claims shard by shard; a conflict frees what this write took on the shards before. */
  private Future<Claimed> claim(List<Op> claims, List<String> taken) {
    Map<String, List<Op>> bySlot = bySlot(claims);
    Future<Claimed> done = Future.succeededFuture(new Claimed(taken, null));
    for (List<Op> slot : bySlot.values()) {
      done = done.compose(sofar -> sofar.conflict() != null ? Future.succeededFuture(sofar)
          : store.eval(claimScript, slot.stream().map(Op::key).toList(), slot.stream().map(Op::value).toList())
              .compose(r -> {
                if (r.get(0).toInteger() == 1) {
                  for (int i = 1; i < r.size(); i++) {
                    sofar.taken().add(r.get(i).toString());
                  }
                  return Future.succeededFuture(sofar);
                }
                return free(sofar.taken(), claims).map(new Claimed(List.of(), r.get(1).toString()));
              }));
    }
    return done;
  }

  private Future<Void> free(List<String> taken, List<Op> claims) {
    List<Op> releases = claims.stream().filter(op -> taken.contains(op.key()))
        .map(op -> Op.release(op.key(), op.value())).toList();
    return applyAll(releases);
  }

  /** After the records: the other shards' entries, then the note goes (left for {@link #resume} on a failure). */
  private Future<Written> finish(String home, String json, List<Op> rest, Written written) {
    return applyAll(rest).compose(v -> forget(home, json)).map(written).recover(err -> {
      LOG.atWarn().addKeyValue("shard", home).addKeyValue("error", err.getMessage())
          .log("index entries on another shard not written yet; the outbox resumes them");
      return Future.succeededFuture(written);
    });
  }

  private Future<Void> forget(String home, String json) {
    return store.send(Command.ZREM, pending(home), json).mapEmpty();
  }

  /** Unconditional ops, one script run per shard. */
  private Future<Void> applyAll(List<Op> ops) {
    Future<Void> done = Future.succeededFuture();
    for (List<Op> slot : bySlot(ops).values()) {
      done = done.compose(v -> store.writeHere(List.of(), slot).mapEmpty());
    }
    return done;
  }

  private static Map<String, List<Op>> bySlot(List<Op> ops) {
    Map<String, List<Op>> bySlot = new LinkedHashMap<>();
    ops.forEach(op -> bySlot.computeIfAbsent(Shards.of(op.key()), k -> new ArrayList<>()).add(op));
    return bySlot;
  }

  /** Resumes the notes left longer than the grace on the shards that may have some; how many it resumed. */
  Future<Integer> resume() {
    Instant now = clock.instant();
    DueShards set = store.due().outbox;
    DueShards.Look look = store.due().look(set, now.toEpochMilli());
    Future<Integer> done = Future.succeededFuture(0);
    for (int shard : look.shards()) {
      String tag = Shards.TAGS.get(shard);
      done = done.compose(count -> store.takeDue(set, look, shard, now, AT_ONCE, now.plus(grace))
          .compose(notes -> resume(tag, notes)).map(n -> count + n));
    }
    return done;
  }

  private Future<Integer> resume(String tag, List<String> notes) {
    Future<Integer> done = Future.succeededFuture(0);
    for (String json : notes) {
      done = done.compose(count -> settle(Json.decode(json, Note.class)).compose(v -> forget(tag, json)).map(count + 1));
    }
    return done;
  }

  /** Each entry the note names, as the records say now: held where they have it, freed where not. */
  private Future<Void> settle(Note note) {
    return store.send(Command.MGET, note.records().toArray()).compose(values -> {
      Map<String, Op> held = new LinkedHashMap<>();
      for (int i = 0; i < note.records().size(); i++) {
        Function<String, List<Op>> index = indexes.get(kind(note.records().get(i)));
        if (values.get(i) != null && index != null) {
          index.apply(values.get(i).toString()).forEach(op -> held.put(op.key() + "\n" + op.value(), op));
        }
      }
      List<Op> settled = note.ops().stream().map(op -> {
        Op now = held.get(op.key() + "\n" + op.value());
        return now != null ? asHeld(now) : asFreed(op);
      }).filter(java.util.Objects::nonNull).toList();
      return applyAll(settled);
    });
  }

  private static String kind(String key) {
    String rest = key.substring(key.indexOf("}:") + 2);
    return rest.substring(0, rest.indexOf(':'));
  }

  private static Op asHeld(Op fact) {
    return switch (fact.op()) {
      case "claim", "setnx" -> Op.setnx(fact.key(), fact.value());
      case "lpush" -> null;
      default -> fact;
    };
  }

  private static Op asFreed(Op op) {
    return switch (op.op()) {
      case "claim", "setnx", "release" -> Op.release(op.key(), op.value());
      case "sadd", "srem" -> Op.srem(op.key(), op.value());
      case "zadd", "due", "zrem" -> Op.zrem(op.key(), op.value());
      default -> null;
    };
  }
}
