package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.store.Batch;
import dev.relay.gateway.store.InboxStore;
import dev.relay.gateway.store.ComposedStore;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.store.StoreParts;
import dev.relay.gateway.store.rules.Conflicts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.function.UnaryOperator;

/**
 * The store for several replicas: every record is JSON under a namespaced key in Redis, with the
 * indexes next to it (docs/redis-keys.md). A record and its index entries change together in one
 * Lua script that also checks the record is still what was read (optimistic, retried), so the
 * store's invariants hold across replicas. All keys share the hash tag {@code {relay}}: a Redis
 * Cluster keeps them in one slot, which multi-key scripts need.
 */
public final class RedisStore implements ComposedStore {

  static final String PREFIX = "{relay}:";
  static final int ATTEMPTS = 20;
  private static final Logger LOG = LoggerFactory.getLogger(RedisStore.class);

  private final Redis redis;
  /** Where commands go: the pool, or, in {@link #durably}, one connection (WAIT counts that connection's writes). */
  private final Function<Request, Future<Response>> sender;
  private final RedisDurability durability;
  private final String writeScript = script("write");
  private final StoreParts parts;
  private final RedisBatches batches;
  private final RedisCustomers customers;

  private RedisStore(Redis redis, Clock clock, RedisDurability durability) {
    this.redis = redis;
    this.sender = redis::send;
    this.durability = durability;
    this.customers = new RedisCustomers(this);
    this.parts = new StoreParts(customers, new RedisAgents(this),
        new RedisConversations(this), new RedisMessages(this), new RedisInbox(this), new RedisRules(this, clock),
        new RedisTexts(this, clock), new RedisAudit(this), new RedisJobs(this), new RedisLeases(this), new RedisAttachments(this),
        new RedisResponseTimes(this), new RedisHours(this), new RedisSignIn(this, clock),
        new RedisCannedReplies(this), new RedisBrand(this), new RedisReviews(this));
    this.batches = new RedisBatches(this);
  }

  /** The same store, every command on {@code connection}. */
  private RedisStore(RedisStore pooled, RedisConnection connection) {
    this.redis = pooled.redis;
    this.sender = connection::send;
    this.durability = pooled.durability;
    this.parts = pooled.parts;
    this.batches = pooled.batches;
    this.customers = pooled.customers;
  }

  /** Connects with the client's own options (standalone, Sentinel or Cluster) and checks Redis answers. */
  public static Future<RedisStore> open(Vertx vertx, RedisOptions options, Clock clock) {
    return open(vertx, options, clock, RedisDurability.AUTO);
  }

  public static Future<RedisStore> open(Vertx vertx, RedisOptions options, Clock clock, RedisDurability durability) {
    RedisStore store = new RedisStore(Redis.createClient(vertx, options), clock, durability);
    return store.ping().compose(v -> store.customers.indexOwners()).map(store)
        .onFailure(err -> store.redis.close());
  }

  /**
   * Runs {@code writes} on one connection, then waits until the replicas the operator asked for
   * have them ({@code WAIT}, which counts that connection's writes; the replication stream is one
   * ordered log, so it covers every write before them too). Fewer replicas within the timeout →
   * "unavailable": the caller does not acknowledge, the channel sends again (and finds it stored).
   * {@code writes} must write at least once, so a re-delivery found stored is waited for too.
   */
  <T> Future<T> durably(Function<RedisStore, Future<T>> writes) {
    if (durability.off()) {
      return writes.apply(this);
    }
    return redis.connect().recover(err -> Future.failedFuture(unavailable(err))).compose(connection -> {
      RedisStore bound = new RedisStore(this, connection);
      return writes.apply(bound).compose(result -> bound.replicated().map(result)).eventually(connection::close);
    });
  }

  private Future<Void> replicated() {
    Future<Integer> needed = durability.replicas() != null ? Future.succeededFuture(durability.replicas())
        : send(Command.ROLE).map(role -> "master".equals(role.get(0).toString()) ? durability.needed(role.get(2).size()) : 0);
    return needed.compose(count -> count == 0 ? Future.<Void>succeededFuture()
        : send(Command.WAIT, count, durability.timeout().toMillis()).compose(acked -> acked.toInteger() >= count
            ? Future.<Void>succeededFuture()
            : Future.failedFuture(RelayException.unavailable("stored, but only " + acked.toInteger() + " of " + count
                + " Redis replica(s) confirmed it within " + durability.timeout().toMillis()
                + " ms; not acknowledged, send it again"))));
  }

  @Override
  public StoreParts parts() {
    return parts;
  }

  /**
   * The secret under {@code secret:<name>}, set to {@code generated} if none was (one {@code SET NX
   * GET}: replicas starting together all get the first one's).
   */
  public Future<String> sharedSecret(String name, String generated) {
    return send(Command.SET, key("secret", name), generated, "NX", "GET")
        .map(earlier -> earlier == null ? generated : earlier.toString());
  }

  /**
   * The records in one script run ({@link RedisBatches}); then the events and routing notes with the
   * commands they take alone, in order. (Not in that script: a failure after the records leaves the
   * note, and routing runs again, as it did when they were separate calls.)
   */
  @Override
  public Future<Batch.Applied> apply(Batch batch) {
    return batches.apply(batch).compose(v -> {
      Future<List<InboxStore.Appended>> events = Future.succeededFuture(new ArrayList<>());
      for (Batch.Event e : batch.events()) {
        events = events.compose(done -> parts.inbox().append(e.agentId(), e.type(), e.data(), e.at()).map(one -> {
          done.add(one);
          return done;
        }));
      }
      return events.compose(done -> Future.all(batch.routed().stream().map(parts.messages()::routed).toList())
          .map(new Batch.Applied(List.copyOf(done))));
    });
  }

  @Override
  public Future<Void> ping() {
    return send(Command.PING).mapEmpty();
  }

  @Override
  public Future<Void> close() {
    redis.close();
    return Future.succeededFuture();
  }

  static String key(String... parts) {
    return PREFIX + String.join(":", parts);
  }

  /** One command; a Redis that cannot be reached is "unavailable" (503, retry), never a silent loss. */
  Future<Response> send(Command command, Object... args) {
    Request request = Request.cmd(command);
    for (Object arg : args) {
      if (arg instanceof byte[] bytes) {
        request.arg(Buffer.buffer(bytes));
      } else {
        request.arg(String.valueOf(arg));
      }
    }
    return sender.apply(request).recover(err -> Future.failedFuture(unavailable(err)));
  }

  private static RelayException unavailable(Throwable err) {
    return err instanceof RelayException e ? e : RelayException.unavailable("the store (Redis) is unavailable: " + err.getMessage());
  }

  /**
   * Runs a script by its SHA-1 (EVALSHA: the script's text is not sent each time); a Redis that
   * does not know it yet (restarted, failed over) gets the text once (EVAL caches it).
   */
  Future<Response> eval(String script, List<String> keys, List<String> args) {
    List<Object> rest = new ArrayList<>();
    rest.add(keys.size());
    rest.addAll(keys);
    rest.addAll(args);
    List<Object> bySha = new ArrayList<>(rest);
    bySha.add(0, sha1(script));
    return send(Command.EVALSHA, bySha.toArray()).recover(err -> {
      if (!String.valueOf(err.getMessage()).contains("NOSCRIPT")) {
        return Future.failedFuture(err);
      }
      List<Object> byText = new ArrayList<>(rest);
      byText.add(0, script);
      return send(Command.EVAL, byText.toArray());
    });
  }

  private static String sha1(String script) {
    try {
      return java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  <T> Future<Optional<T>> get(String key, Class<T> type) {
    return send(Command.GET, key).map(r -> Optional.ofNullable(r).map(v -> Json.decode(v.toString(), type)));
  }

  /** The records under {@code keys}, in order, skipping any that are gone. */
  <T> Future<List<T>> getAll(List<String> keys, Class<T> type) {
    if (keys.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return send(Command.MGET, keys.toArray()).map(values -> {
      List<T> found = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        if (values.get(i) != null) {
          found.add(Json.decode(values.get(i).toString(), type));
        }
      }
      return found;
    });
  }

  /** The next number of a sequence, shared by all replicas. */
  Future<Long> next(String sequence) {
    return send(Command.INCR, key("seq", sequence)).map(Response::toLong);
  }

  static List<String> strings(Response multi) {
    List<String> out = new ArrayList<>();
    if (multi != null) {
      for (int i = 0; i < multi.size(); i++) {
        out.add(multi.get(i).toString());
      }
    }
    return out;
  }

  /** An index entry to change with a record. */
  record Op(String op, String key, String value, long score) {
    static Op claim(String key, String value) { return new Op("claim", key, value, 0); }
    static Op release(String key, String value) { return new Op("release", key, value, 0); }
    static Op setnx(String key, String value) { return new Op("setnx", key, value, 0); }
    static Op zadd(String key, String member, long score) { return new Op("zadd", key, member, score); }
    static Op zrem(String key, String member) { return new Op("zrem", key, member, 0); }
    static Op sadd(String key, String member) { return new Op("sadd", key, member, 0); }
    static Op srem(String key, String member) { return new Op("srem", key, member, 0); }
    static Op lpush(String key, String value) { return new Op("lpush", key, value, 0); }
  }

  /** What a conditional write found: written, the record changed meanwhile, or a claim held by another. */
  record Written(boolean ok, boolean stale, String conflictKey) {
  }

  /** Writes {@code next} at {@code key} if it still holds {@code expected} (null: if absent), with its index ops. */
  Future<Written> write(String key, String expected, String next, List<Op> ops) {
    return write(List.of(new RecordWrite(key, expected, next, ops)), List.of());
  }

  /** One record of a {@link #write}: its key, the JSON read (null: absent), the new JSON and its index ops. */
  record RecordWrite(String key, String expected, String next, List<Op> ops) {
  }

  /** Writes every record, each if it still holds what was read, with their ops and {@code more} ops, or nothing. */
  Future<Written> write(List<RecordWrite> records, List<Op> more) {
    List<String> args = new ArrayList<>();
    for (RecordWrite record : records) {
      args.addAll(List.of(record.expected() == null ? "" : record.expected(), record.next(),
          Integer.toString(record.ops().size())));
      record.ops().forEach(op -> addOp(args, op));
    }
    more.forEach(op -> addOp(args, op));
    return eval(writeScript, records.stream().map(RecordWrite::key).toList(), args).map(r -> switch (r.type()) {
      case NUMBER -> r.toInteger() == 1 ? new Written(true, false, null) : new Written(false, true, null);
      default -> new Written(false, false, r.toString());
    });
  }

  private static void addOp(List<String> args, Op op) {
    args.addAll(List.of(op.op(), op.key(), op.value(), Long.toString(op.score())));
  }

  /** {@link #update} for records whose index ops claim nothing, so no conflict can arise. */
  <T> Future<T> update(String key, Class<T> type, String what, UnaryOperator<T> change,
                       BiFunction<T, T, List<Op>> indexes) {
    return update(key, type, what, change, indexes, (next, claimed) -> {
      throw new IllegalStateException(what + " claimed an index entry without a conflict rule");
    });
  }

  /**
   * Read, change, write back if nobody changed it meanwhile (else again). {@code indexes} gives the
   * index ops for a change from the old record to the new; {@code conflict} turns a claim held by
   * another record (given the changed record and the claimed key) into the store's error.
   */
  <T> Future<T> update(String key, Class<T> type, String what, UnaryOperator<T> change,
                       BiFunction<T, T, List<Op>> indexes, BiFunction<T, String, RelayException> conflict) {
    return update(key, type, what, change, indexes, conflict, 1);
  }

  private <T> Future<T> update(String key, Class<T> type, String what, UnaryOperator<T> change,
                               BiFunction<T, T, List<Op>> indexes,
                               BiFunction<T, String, RelayException> conflict, int attempt) {
    return send(Command.GET, key).compose(raw -> {
      if (raw == null) {
        return Future.failedFuture(Conflicts.notFound(what, key.substring(key.lastIndexOf(':') + 1)));
      }
      String before = raw.toString();
      T current = Json.decode(before, type);
      T next;
      try {
        next = change.apply(current);
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
      return write(key, before, Json.encode(next), indexes.apply(current, next)).compose(written -> {
        if (written.ok()) {
          return Future.succeededFuture(next);
        }
        if (written.stale() && attempt < ATTEMPTS) {
          return update(key, type, what, change, indexes, conflict, attempt + 1);
        }
        return Future.failedFuture(written.stale()
            ? RelayException.unavailable(what + " is changing too often; try again")
            : conflict.apply(next, written.conflictKey()));
      });
    });
  }

  /**
   * Deletes the record at {@code key} with the index ops {@code indexes} gives for it, if nobody
   * changed it meanwhile (else again); false when there is no such record.
   */
  <T> Future<Boolean> delete(String key, Class<T> type, Function<T, List<Op>> indexes) {
    return delete(key, type, indexes, 1);
  }

  private <T> Future<Boolean> delete(String key, Class<T> type, Function<T, List<Op>> indexes, int attempt) {
    return send(Command.GET, key).compose(raw -> {
      if (raw == null) {
        return Future.succeededFuture(false);
      }
      String before = raw.toString();
      return write(key, before, "", indexes.apply(Json.decode(before, type))).compose(written -> {
        if (written.ok()) {
          return Future.succeededFuture(true);
        }
        return attempt < ATTEMPTS ? delete(key, type, indexes, attempt + 1)
            : Future.failedFuture(RelayException.unavailable(key + " is changing too often; try again"));
      });
    });
  }

  /**
   * Redis keeps a deleted key's bytes in its append-only file until the file is rewritten: when
   * this Redis keeps one, ask for the rewrite now (it runs in Redis's background). A Redis that
   * refuses (a rewrite already running, a managed service that forbids it) leaves it to Redis's own
   * automatic rewrite; docs/privacy.md says how to check.
   */
  @Override
  public Future<String> purgeDeleted() {
    return send(Command.INFO, "persistence").compose(info -> {
      if (!info.toString().contains("aof_enabled:1")) {
        return Future.succeededFuture("keys deleted; this Redis keeps no append-only file (an RDB snapshot, if any, "
            + "drops them at its next save)");
      }
      return send(Command.BGREWRITEAOF).map("keys deleted; Redis is rewriting its append-only file without them")
          .recover(err -> {
            LOG.atWarn().addKeyValue("error", err.getMessage())
                .log("Redis did not start an append-only file rewrite; deleted data stays in it until Redis rewrites it");
            return Future.succeededFuture("keys deleted; Redis refused to rewrite its append-only file now ("
                + err.getMessage() + "): run BGREWRITEAOF, or wait for its automatic rewrite");
          });
    });
  }

  static String script(String name) {
    try (InputStream in = RedisStore.class.getResourceAsStream("/redis/" + name + ".lua")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("redis/" + name + ".lua is missing from the jar", e);
    }
  }

  static long millis(java.time.Instant at) {
    return at.toEpochMilli();
  }
}
