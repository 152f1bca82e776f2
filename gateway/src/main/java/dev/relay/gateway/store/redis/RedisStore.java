package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.store.Batch;
import dev.relay.gateway.store.ComposedStore;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.store.StoreParts;
import dev.relay.gateway.store.rules.Conflicts;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import dev.relay.connector.spi.Address;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * store's invariants hold across replicas. Data is spread over the 64 tags of {@link Shards} (a
 * customer's records and indexes under the customer's, an agent's under the agent's), so a Redis
 * Cluster spreads it over its masters; every script gets all its keys in {@code KEYS}, under one
 * tag. Entries on another shard than their record go through the {@link RedisOutbox}. The few keys
 * that do not grow with the data stay under {@code {relay}:}. A store of an earlier version (every
 * key under {@code {relay}:}) is moved to this layout when it opens ({@link RedisLayout}).
 */
public final class RedisStore implements ComposedStore {

  static final String PREFIX = "{relay}:";
  static final int ATTEMPTS = 20;
  private static final Logger LOG = LoggerFactory.getLogger(RedisStore.class);

  /** Where replicas hear that an agent record changed ({@link RedisAgents} keeps those it read): the agent's id. */
  static final String AGENTS_CHANNEL = key("agents-changed");

  private final Vertx vertx;
  private final RedisOptions options;
  private final Redis redis;
  /**
   * Where commands go: the pool, or, in {@link #durably}, one connection (WAIT counts that
   * connection's writes), or on a Cluster one per master.
   */
  private final Function<Request, Future<Response>> sender;
  private final RedisDurability durability;
  /** What {@code ROLE} said, shared by every view of one store (standalone and Sentinel). */
  private final ReplicaCount replicaCount;
  private final RedisClusterMasters masters;
  private final String writeScript = script("write");
  private final String claimScript = script("claim-due");
  private final StoreParts parts;
  private final RedisBatches batches;
  private final RedisCustomers customers;
  private final RedisConversations conversations;
  private final Clock clock;
  private final RedisPlaces places;
  /** Records last read or written here, shared by every view of one store. */
  private final RecentRecords recent;
  private final RedisOutbox outbox;
  private final RedisAgents agents;
  private final RedisSweeps sweeps;
  private final DueTimes due;
  private long resumer = -1;

  private RedisStore(Vertx vertx, RedisOptions options, Clock clock, RedisDurability durability, RedisSweeps sweeps) {
    this.vertx = vertx;
    this.options = options;
    this.redis = Redis.createClient(vertx, options);
    this.sender = redis::send;
    this.durability = durability;
    this.masters = new RedisClusterMasters(this, vertx, options, clock);
    this.clock = clock;
    this.replicaCount = new ReplicaCount(clock);
    this.sweeps = sweeps;
    this.due = new DueTimes(sweeps.fullSweep());
    this.places = new RedisPlaces(this, RedisPlaces.memory());
    this.recent = new RecentRecords();
    this.outbox = outbox(this, clock, sweeps);
    this.customers = new RedisCustomers(this);
    this.agents = new RedisAgents(this);
    this.conversations = new RedisConversations(this);
    this.parts = new StoreParts(customers, agents, conversations, new RedisMessages(this), new RedisInbox(this), new RedisRules(this, clock),
        new RedisTexts(this, clock), new RedisAudit(this), new RedisJobs(this), new RedisLeases(this), new RedisAttachments(this),
        new RedisResponseTimes(this), new RedisHours(this), new RedisSignIn(this, clock),
        new RedisCannedReplies(this), new RedisBrand(this), new RedisReviews(this));
    this.batches = new RedisBatches(this);
  }

  /** The same store, every command sent by {@code sender} (one connection, or one durable write's). */
  private RedisStore(RedisStore pooled, Function<Request, Future<Response>> sender) {
    this.vertx = pooled.vertx;
    this.agents = pooled.agents;
    this.options = pooled.options;
    this.redis = pooled.redis;
    this.clock = pooled.clock;
    this.sender = sender;
    this.masters = pooled.masters;
    this.sweeps = pooled.sweeps;
    this.due = pooled.due;
    this.places = new RedisPlaces(this, pooled.places.remembered());
    this.recent = pooled.recent;
    this.outbox = outbox(this, clock, sweeps);
    this.durability = pooled.durability;
    this.replicaCount = pooled.replicaCount;
    this.parts = pooled.parts;
    this.batches = pooled.batches;
    this.customers = pooled.customers;
    this.conversations = pooled.conversations;
  }

  /** Connects with the client's own options (standalone, Sentinel or Cluster) and checks Redis answers. */
  public static Future<RedisStore> open(Vertx vertx, RedisOptions options, Clock clock) {
    return open(vertx, options, clock, RedisDurability.AUTO);
  }

  public static Future<RedisStore> open(Vertx vertx, RedisOptions options, Clock clock, RedisDurability durability) {
    return open(vertx, options, clock, durability, RedisSweeps.DEFAULT);
  }

  public static Future<RedisStore> open(Vertx vertx, RedisOptions options, Clock clock, RedisDurability durability,
                                        RedisSweeps sweeps) {
    RedisStore store = new RedisStore(vertx, options, clock, durability, sweeps);
    return store.ping().compose(v -> new RedisLayout(store).upgrade())
        // Notes left by a replica that died are settled now and every few seconds; one that fails waits for the next.
        .compose(v -> store.resumePending().otherwiseEmpty()).map(v -> {
      store.resumer = vertx.setPeriodic(sweeps.outboxSweep().toMillis(), id -> store.resumePending());
      return store;
    }).onFailure(err -> store.close());
  }

  /** The outbox, with how it reads each kind of record that has entries on other shards. */
  private static RedisOutbox outbox(RedisStore store, Clock clock, RedisSweeps sweeps) {
    return new RedisOutbox(store, clock, sweeps.outboxGrace(), Map.of(
        "customer", json -> RedisCustomers.indexOps(null, Json.decode(json, Customer.class)),
        "conversation", json -> RedisConversations.indexOps(null,
            Json.decode(json, Conversation.class))));
  }

  /** Resumes what writers left in the outbox (they died, or a shard was unreachable); how many notes. */
  Future<Integer> resumePending() {
    return outbox.resume().onFailure(err -> LOG.atWarn().addKeyValue("error", err.getMessage())
        .log("the outbox could not be resumed now; it is tried again shortly"));
  }

  /** An agent record was written here: every replica drops what it kept of it (this one did already). */
  void agentChanged(String agentId) {
    send(Command.PUBLISH, AGENTS_CHANNEL, agentId).onFailure(err -> LOG.atWarn().addKeyValue("error", err.getMessage())
        .log("an agent's change was not announced to the other replicas; what they keep of it lasts at most a second"));
  }

  /** Another replica announced an agent's change ({@link RedisSignals} hears it). */
  void heardAgentChanged(String agentId) {
    agents.changed(agentId);
  }

  RedisPlaces places() {
    return places;
  }

  /** When each shard next has something due, as far as this replica heard ({@link RedisSignals} keeps it told). */
  DueTimes due() {
    return due;
  }

  /**
   * Runs {@code writes} (for the records under {@code tag}) on one connection, then waits until the
   * replicas the operator asked for have them ({@code WAIT}, which counts that connection's writes;
   * the replication stream is one ordered log, so it covers every write before them too). On a
   * Cluster, one connection per master the writes reached, each waited on
   * ({@link ClusterDurableWrite}). Fewer replicas within the timeout → "unavailable": the caller
   * does not acknowledge, the channel sends again (and finds it stored). {@code writes} must write
   * after whatever it found stored, so a re-delivery is waited for too.
   */
  <T> Future<T> durably(String tag, Function<RedisStore, Future<T>> writes) {
    if (durability.off()) {
      return writes.apply(this);
    }
    if (options.getType() == RedisClientType.CLUSTER) {
      return masters.ownerOf(tag).compose(home -> durablyOnCluster(new ClusterDurableWrite(this, masters, home), writes));
    }
    return redis.connect().recover(err -> Future.failedFuture(unavailable(err))).compose(connection -> {
      RedisStore bound = new RedisStore(this, connection::send);
      return writes.apply(bound).compose(result -> bound.replicated().map(result)).eventually(connection::close);
    })
        // A failover (a new master, maybe with other replicas) shows as a failure here: ask ROLE again.
        .onFailure(err -> replicaCount.forget());
  }

  private <T> Future<T> durablyOnCluster(ClusterDurableWrite write, Function<RedisStore, Future<T>> writes) {
    return writes.apply(new RedisStore(this, write::send))
        .compose(result -> write.replicated(durability).map(result))
        .eventually(write::close);
  }

  private Future<Void> replicated() {
    Future<Integer> needed = durability.replicas() != null ? Future.succeededFuture(durability.replicas())
        : replicaCount.get(() -> send(Command.ROLE).map(RedisDurability::connectedReplicas)).map(durability::needed);
    return needed.compose(count -> durability.confirm(request -> sender.apply(request)
        .recover(err -> Future.failedFuture(unavailable(err))), count));
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

  /** {@link RedisCustomers#contactOf}: one script run for an address seen before. */
  @Override
  public Future<Optional<Contact>> contactOf(Address identity) {
    return customers.contactOf(identity, conversations);
  }

  /** {@link RedisBatches}: the records, their events and the routing notes cleared. */
  @Override
  public Future<Batch.Applied> apply(Batch batch) {
    return batches.apply(batch);
  }

  @Override
  public Future<Void> ping() {
    return send(Command.PING).mapEmpty();
  }

  @Override
  public Future<Void> close() {
    vertx.cancelTimer(resumer);
    redis.close();
    return masters.close();
  }

  static String key(String... parts) {
    return PREFIX + String.join(":", parts);
  }

  /** One command; a Redis that cannot be reached is "unavailable" (503, retry), never a silent loss. */
  Future<Response> send(Command command, Object... args) {
    return sender.apply(request(command, args)).recover(err -> Future.failedFuture(unavailable(err)));
  }

  private static Request request(Command command, Object... args) {
    Request request = Request.cmd(command);
    for (Object arg : args) {
      if (arg instanceof byte[] bytes) {
        request.arg(Buffer.buffer(bytes));
      } else {
        request.arg(String.valueOf(arg));
      }
    }
    return request;
  }

  static RelayException unavailable(Throwable err) {
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
    return send(Command.GET, key).map(r -> {
      recent.saw(key, r == null ? null : r.toString());
      return Optional.ofNullable(r).map(v -> Json.decode(v.toString(), type));
    });
  }

  /** {@code json} was read under {@code key} (by a script): a guess for the next write of it. */
  void saw(String key, String json) {
    recent.saw(key, json);
  }

  /**
   * What each of {@code keys} holds as last read or written here, read (one MGET per tag) where
   * nothing was: guesses for a conditional write, which checks them ({@link RecentRecords}).
   */
  Future<List<String>> remembered(List<String> keys) {
    List<String> guesses = keys.stream().map(recent::guess).toList();
    List<String> unknown = keys.stream().filter(key -> recent.guess(key) == null).toList();
    if (unknown.size() == keys.size()) {
      return getEach(keys);
    }
    return getEach(unknown).map(read -> {
      List<String> values = new ArrayList<>(guesses);
      for (int i = 0, r = 0; i < values.size(); i++) {
        if (values.get(i) == null) {
          values.set(i, read.get(r++));
        }
      }
      return values;
    });
  }

  /** The records under {@code keys}, in order, skipping any that are gone. */
  <T> Future<List<T>> getAll(List<String> keys, Class<T> type) {
    return getEach(keys).map(values -> values.stream().filter(Objects::nonNull)
        .map(json -> Json.decode(json, type)).toList());
  }

  /** The values under {@code keys}, in order (null where none): one MGET per tag. */
  Future<List<String>> getEach(List<String> keys) {
    Map<String, List<Integer>> bySlot = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      bySlot.computeIfAbsent(Shards.of(keys.get(i)), k -> new ArrayList<>()).add(i);
    }
    String[] values = new String[keys.size()];
    return inWaves(new ArrayList<>(bySlot.values()), at -> send(Command.MGET, at.stream().map(keys::get).toArray())
        .<Void>map(found -> {
          for (int i = 0; i < at.size(); i++) {
            values[at.get(i)] = found.get(i) == null ? null : found.get(i).toString();
            recent.saw(keys.get(at.get(i)), values[at.get(i)]);
          }
          return null;
        })).map(done -> Arrays.asList(values));
  }

  /**
   * Every key matching {@code pattern} (SCAN). On a Cluster each master is asked on its own (a
   * SCAN sent through the cluster client reaches one node, not all).
   */
  Future<List<String>> keysMatching(String pattern) {
    if (options.getType() != RedisClientType.CLUSTER) {
      return scan(this::send, pattern, "0", new ArrayList<>());
    }
    return masters.addresses().compose(addresses -> {
      List<String> keys = new ArrayList<>();
      Future<Void> done = Future.succeededFuture();
      for (String master : addresses) {
        Redis node = masters.client(master);
        done = done.compose(v -> scan((command, args) -> node.send(request(command, args)), pattern, "0", keys).mapEmpty());
      }
      return done.map(v -> keys);
    });
  }

  private Future<List<String>> scan(BiFunction<Command, Object[], Future<Response>> sending, String pattern, String cursor,
                                    List<String> keys) {
    return sending.apply(Command.SCAN, new Object[] {cursor, "MATCH", pattern, "COUNT", 1000}).compose(page -> {
      keys.addAll(strings(page.get(1)));
      String next = page.get(0).toString();
      return "0".equals(next) ? Future.succeededFuture(keys) : scan(sending, pattern, next, keys);
    });
  }

  /** How many shards are read at once: a read of all 64 must not fill the client's queue. */
  private static final int WAVE = 8;

  /** {@code read} of every item, {@link #WAVE} at a time, results in the items' order. */
  <I, T> Future<List<T>> inWaves(List<I> items, Function<I, Future<T>> read) {
    List<T> results = new ArrayList<>(Collections.nCopies(items.size(), null));
    Future<Void> done = Future.succeededFuture();
    for (int from = 0; from < items.size(); from += WAVE) {
      int start = from;
      done = done.compose(v -> {
        List<Future<T>> wave = new ArrayList<>();
        for (int i = start; i < Math.min(items.size(), start + WAVE); i++) {
          int at = i;
          wave.add(read.apply(items.get(i)).onSuccess(r -> results.set(at, r)));
        }
        return Future.all(wave).mapEmpty();
      });
    }
    return done.map(v -> results);
  }

  /** {@code read} of every shard, {@link #WAVE} at a time, in shard order. */
  <T> Future<List<T>> eachShard(Function<String, Future<T>> read) {
    return inWaves(Shards.TAGS, read);
  }

  /** The next number of a sequence, shared by all replicas. */
  Future<Long> next(String sequence) {
    return send(Command.INCR, key("seq", sequence)).map(Response::toLong);
  }

  /** Completes after {@code ms} (a retry's pause). */
  Future<Void> later(long ms) {
    Promise<Void> waited = Promise.promise();
    vertx.setTimer(Math.max(1, ms), id -> waited.complete());
    return waited.future();
  }

  Instant now() {
    return clock.instant();
  }

  /**
   * Takes up to {@code max} members due at {@code now} from {@code set} on the shards that may have
   * some ({@link DueTimes}), each held until {@code until}: {@link #WAVE} shards at once, each up to
   * its share of what is still wanted (so never more than {@code max}); one by one once less is
   * wanted than that. Each shard's answer says when it next has something due.
   */
  Future<List<String>> claimEach(DueShards set, Instant now, int max, Instant until) {
    DueShards.Look look = due.look(set, millis(now));
    return claimFrom(set, look, 0, now, max, until, new ArrayList<>());
  }

  private Future<List<String>> claimFrom(DueShards set, DueShards.Look look, int from, Instant now, int max,
                                         Instant until, List<String> taken) {
    List<Integer> shards = look.shards();
    int wanted = max - taken.size();
    if (from >= shards.size() || wanted <= 0) {
      return Future.succeededFuture(taken);
    }
    int width = wanted >= WAVE ? WAVE : 1;
    List<Future<List<String>>> wave = new ArrayList<>();
    for (int i = from; i < Math.min(shards.size(), from + width); i++) {
      wave.add(takeDue(set, look, shards.get(i), now, wanted / width, until));
    }
    return Future.all(wave).compose(done -> {
      wave.forEach(f -> taken.addAll(f.result()));
      return claimFrom(set, look, from + width, now, max, until, taken);
    });
  }

  /** {@code claim-due.lua} on one shard of {@code set}: what it took; what it left is learned. */
  Future<List<String>> takeDue(DueShards set, DueShards.Look look, int shard, Instant now, int max, Instant until) {
    return eval(claimScript, List.of(set.key(shard)), List.of(Long.toString(millis(now)), Integer.toString(max),
        Long.toString(millis(until)))).map(r -> {
      String next = r.get(1).toString();
      set.learned(shard, look, next.isEmpty() ? DueShards.NONE : (long) Double.parseDouble(next));
      return strings(r.get(0));
    });
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
  record Op(String op, String key, String value, long score, String reads) {
    /** @param reads a second key the op reads (in KEYS too, under the same tag), or null */
    Op {
    }

    Op(String op, String key, String value, long score) {
      this(op, key, value, score, null);
    }

    static Op claim(String key, String value) { return new Op("claim", key, value, 0); }
    static Op release(String key, String value) { return new Op("release", key, value, 0); }
    static Op setnx(String key, String value) { return new Op("setnx", key, value, 0); }
    static Op zadd(String key, String member, long score) { return new Op("zadd", key, member, score); }
    /** Increments the counter at {@code key} even when the write is refused for a claim; then {@link #zaddAtSeq}. */
    static Op incr(String key) { return new Op("incr", key, "", 0); }
    /** Scored with the value the {@link #incr} before it in the same write gave. */
    static Op zaddAtSeq(String key, String member) { return new Op("zadd-seq", key, member, 0); }
    /** A {@link #zadd} to a shard's set of things due, announced when it comes first ({@link DueTimes}). */
    static Op due(String key, String member, long score) { return new Op("due", key, member, score); }
    static Op zrem(String key, String member) { return new Op("zrem", key, member, 0); }
    static Op sadd(String key, String member) { return new Op("sadd", key, member, 0); }
    static Op srem(String key, String member) { return new Op("srem", key, member, 0); }
    static Op lpush(String key, String value) { return new Op("lpush", key, value, 0); }
    static Op del(String key) { return new Op("del", key, "", 0); }
    static Op tallyAdd(String key, String field, long by) { return new Op("tally-add", key, field, by); }
    /** {@code conversations}: the customer's conversations, read for the newest one. */
    static Op tallyScore(String key, String conversationId, String conversations, int score) {
      return new Op("tally-score", key, conversationId, score, conversations);
    }
    static Op tallyUnscore(String key, String conversationId) { return new Op("tally-unscore", key, conversationId, 0); }
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

  /**
   * Writes every record, each if it still holds what was read, with their ops and {@code more} ops,
   * or nothing. The records share one tag; ops on other tags go through the {@link RedisOutbox}.
   */
  Future<Written> write(List<RecordWrite> records, List<Op> more) {
    return outbox.write(records, more);
  }

  /** {@link #write} of records and ops that are all under one tag: one script run. */
  Future<Written> writeHere(List<RecordWrite> records, List<Op> more) {
    List<String> keys = new ArrayList<>(records.stream().map(RecordWrite::key).toList());
    List<String> args = new ArrayList<>(List.of(Integer.toString(records.size())));
    for (RecordWrite record : records) {
      args.addAll(List.of(record.expected() == null ? "" : record.expected(), record.next(),
          Integer.toString(record.ops().size())));
      record.ops().forEach(op -> addOp(keys, args, op));
    }
    more.forEach(op -> addOp(keys, args, op));
    return eval(writeScript, keys, args).map(r -> switch (r.type()) {
      case NUMBER -> r.toInteger() == 1 ? new Written(true, false, null) : new Written(false, true, null);
      default -> new Written(false, false, r.toString());
    }).onComplete(written -> records.forEach(record -> {
      if (written.succeeded() && written.result().ok()) {
        recent.saw(record.key(), record.next());
      } else {
        recent.forget(record.key());
      }
    }));
  }

  /** An op's key goes in KEYS (once), the op names it by its 1-based position there. */
  private static void addOp(List<String> keys, List<String> args, Op op) {
    String value = op.reads() == null ? op.value() : op.value() + " " + position(keys, op.reads());
    args.addAll(List.of(op.op(), Integer.toString(position(keys, op.key())), value, Long.toString(op.score())));
  }

  /** The key's 1-based position in KEYS, added if it is not there yet. */
  private static int position(List<String> keys, String key) {
    int at = keys.indexOf(key);
    if (at < 0) {
      keys.add(key);
      at = keys.size() - 1;
    }
    return at + 1;
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
   * Redis keeps a deleted key's bytes in its append-only file until the file is rewritten: every
   * node that keeps one — the master, its replicas, every node of a Cluster — is asked for the
   * rewrite now (it runs in Redis's background). A node that refuses or cannot be reached is named
   * in the answer and left to Redis's automatic rewrite; docs/privacy.md says how to check.
   */
  @Override
  public Future<String> purgeDeleted() {
    return new AppendOnlyRewrites(vertx, options, sender).everywhere()
        .recover(err -> Future.failedFuture(unavailable(err)));
  }

  static String script(String name) {
    try (InputStream in = RedisStore.class.getResourceAsStream("/redis/" + name + ".lua")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("redis/" + name + ".lua is missing from the jar", e);
    }
  }

  static long millis(Instant at) {
    return at.toEpochMilli();
  }
}
