package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Job;
import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.Message;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a store of an earlier version, where every key was under {@code {relay}:}, to the sharded
 * layout when it opens, before it serves anything: each record to its customer's (or agent's, or
 * job key's) tag with a locator for its id, each index next to what it indexes, each global set
 * split by shard, each sequence copied to every shard (so new timeline entries and agent events
 * still come after the old). Keys that do not grow with data keep their names. A key is copied
 * ({@code DUMP}/{@code RESTORE}) before the old one is deleted, so an upgrade cut short is resumed
 * by the next start. One replica does it (a lease); {@code {relay}:layout} says it is done.
 * Old replicas must be stopped first: they would keep writing the old keys.
 */
final class RedisLayout {

  static final String DONE = RedisStore.key("layout");
  private static final String SHARDED = "sharded-" + Shards.COUNT;
  private static final Logger LOG = LoggerFactory.getLogger(RedisLayout.class);
  private static final String OLD = RedisStore.PREFIX;
  /** What stays under {@code {relay}:}: agents, sign-in, settings, the audit log, leases, secrets. */
  private static final Set<String> GLOBAL = Set.of("agent", "agent-email", "agent-password", "agent-sessions",
      "agent-token", "agent-token-of", "agents", "agents-with-open", "audit", "brand", "canned-replies", "hours",
      "lease", "oidc-attempt", "reset-link", "response-times", "review", "reviews", "rules", "secret", "session",
      "texts", "layout");
  /** Sequences each shard now has its own of. */
  private static final List<String> SEQUENCES = List.of("conversations", "messages", "agent-events");

  private static final String LEASE = "layout-upgrade";
  private static final java.time.Duration HOLD = java.time.Duration.ofMinutes(10);
  /** A replica waiting for another's upgrade looks again every half second, for up to ten minutes. */
  private static final int WAIT_MS = 500;
  private static final int WAITS = 1200;

  private final RedisStore store;
  private int moved;

  RedisLayout(RedisStore store) {
    this.store = store;
  }

  /**
   * Nothing to do on a new store or one already moved; else one replica (the lease's holder) moves
   * it and marks it done, the others wait for the mark.
   */
  Future<Void> upgrade() {
    return upgrade(java.util.UUID.randomUUID().toString(), 1);
  }

  private Future<Void> upgrade(String holder, int attempt) {
    return store.send(Command.GET, DONE).compose(done -> {
      if (done != null) {
        return Future.succeededFuture();
      }
      return store.parts().leases().tryAcquire(LEASE, holder, store.now(), HOLD).compose(mine -> {
        if (mine) {
          return move().eventually(() -> store.parts().leases().release(LEASE, holder));
        }
        if (attempt >= WAITS) {
          return Future.failedFuture(new IllegalStateException("another replica has been moving the Redis store to the "
              + "sharded layout for too long; start again once it is done (or its lease " + LEASE + " ran out)"));
        }
        return store.later(WAIT_MS).compose(v -> upgrade(holder, attempt + 1));
      });
    });
  }

  private Future<Void> move() {
    return store.send(Command.GET, DONE).compose(done -> done != null ? Future.succeededFuture()
        : store.keysMatching(OLD + "*").compose(keys -> {
          List<String> old = keys.stream().filter(k -> !GLOBAL.contains(kind(k)) && !k.equals(RedisStore.key("seq", "audit")))
              .toList();
          if (old.isEmpty()) {
            return store.send(Command.SET, DONE, SHARDED).mapEmpty();
          }
          LOG.atInfo().addKeyValue("keys", old.size()).log("moving the Redis store to the sharded layout");
          return move(old).compose(v -> store.send(Command.SET, DONE, SHARDED)).map(v -> {
            LOG.atInfo().addKeyValue("keys", moved).log("the Redis store is in the sharded layout");
            return null;
          });
      }));
  }

  private static String kind(String key) {
    String rest = key.substring(OLD.length());
    int colon = rest.indexOf(':');
    return colon < 0 ? rest : rest.substring(0, colon);
  }

  private static String rest(String key, String kind) {
    return key.substring(OLD.length() + kind.length() + 1);
  }

  /** Records first (they leave locators), then what indexes them, then the sequences. */
  private Future<Void> move(List<String> old) {
    return each(old, "customer", this::customer)
        .compose(v -> each(old, "conversation", key -> record(key, Conversation.class, Conversation::customerId,
            (tag, id) -> RedisConversations.record(tag, id))))
        .compose(v -> each(old, "message", key -> record(key, Message.class, Message::customerId,
            (tag, id) -> Shards.in(tag, "message", id))))
        .compose(v -> each(old, "job", key -> record(key, Job.class, Job::key, RedisJobs::record)))
        .compose(v -> each(old.stream().filter(k -> !Set.of("customer", "conversation", "message", "job", "seq")
            .contains(kind(k))).toList(), null, this::index))
        .compose(v -> sequences());
  }

  private Future<Void> each(List<String> keys, String kind, Function<String, Future<Void>> step) {
    Future<Void> done = Future.succeededFuture();
    for (String key : keys) {
      if (kind == null || kind.equals(kind(key))) {
        done = done.compose(v -> step.apply(key)).onSuccess(v -> moved++);
      }
    }
    return done;
  }

  /** A customer, and the owner index an earlier version may not have had. */
  private Future<Void> customer(String key) {
    return store.send(Command.GET, key).compose(json -> {
      if (json == null) {
        return Future.succeededFuture();
      }
      Customer customer = Json.decode(json.toString(), Customer.class);
      Future<Void> owned = customer.ownerId() == null ? Future.succeededFuture()
          : store.send(Command.SADD, Shards.key(customer.ownerId(), "owned", customer.ownerId()), customer.id()).mapEmpty();
      return owned.compose(v -> copy(key, RedisCustomers.record(customer.id())));
    });
  }

  /** A record that goes next to its anchor: its locator first, then the record. */
  private <T> Future<Void> record(String key, Class<T> type, Function<T, String> anchor,
                                  java.util.function.BiFunction<String, String, String> newKey) {
    String id = key.substring(key.lastIndexOf(':') + 1);
    return store.send(Command.GET, key).compose(json -> json == null ? Future.succeededFuture()
        : store.places().place(id, Shards.tag(anchor.apply(Json.decode(json.toString(), type))))
            .compose(tag -> copy(key, newKey.apply(tag, id))));
  }

  /** Every other key: an index next to what it indexes, a global set split by shard. */
  private Future<Void> index(String key) {
    String kind = kind(key);
    return switch (kind) {
      case "identity", "job-key", "attachment" -> copy(key, Shards.key(rest(key, kind), kind, rest(key, kind)));
      case "owned", "agent-open", "inbox", "open", "customer-conversations", "customer-messages" ->
          copy(key, Shards.key(rest(key, kind), kind, rest(key, kind)));
      case "conversation-messages" -> store.places().of(rest(key, kind))
          .compose(tag -> copy(key, Shards.in(tag, kind, rest(key, kind))));
      case "external" -> store.send(Command.GET, key).compose(id -> id == null ? Future.succeededFuture()
          : store.places().of(id.toString()).compose(tag -> copy(key, Shards.in(tag, kind, rest(key, kind)))));
      case "conversations", "open-conversations" -> split(key, kind);
      case "jobs" -> "jobs:due".equals(key.substring(OLD.length())) ? split(key, "jobs:due") : split(key, "jobs");
      case "messages" -> split(key, "messages:unrouted");
      case "owned-indexed" -> store.send(Command.DEL, key).mapEmpty();
      default -> {
        LOG.atWarn().addKeyValue("key", key).log("a key of an earlier version this one does not know; left as it was");
        yield Future.succeededFuture();
      }
    };
  }

  /** A set or sorted set of ids, each member to the same set of its own shard. */
  private Future<Void> split(String key, String name) {
    return store.send(Command.TYPE, key).compose(type -> {
      boolean sorted = "zset".equals(type.toString());
      Future<Response> members = sorted ? store.send(Command.ZRANGE, key, 0, -1, "WITHSCORES")
          : store.send(Command.SMEMBERS, key);
      return members.compose(all -> {
        Future<Void> done = Future.succeededFuture();
        // RESP3 answers member-score pairs, RESP2 one flat list.
        boolean pairs = all.size() > 0 && all.get(0).type() == io.vertx.redis.client.ResponseType.MULTI;
        int step = sorted && !pairs ? 2 : 1;
        for (int i = 0; i < all.size(); i += step) {
          Response member = all.get(i);
          String id = !sorted ? member.toString() : pairs ? member.get(0).toString() : member.toString();
          String score = !sorted ? null : pairs ? member.get(1).toString() : all.get(i + 1).toString();
          done = done.compose(v -> store.places().of(id).compose(tag -> sorted
              ? store.send(Command.ZADD, Shards.in(tag, name.split(":")), score, id)
              : store.send(Command.SADD, Shards.in(tag, name.split(":")), id))).mapEmpty();
        }
        return done;
      });
    }).compose(v -> store.send(Command.DEL, key)).mapEmpty();
  }

  /** Every shard's sequence starts where the one shared sequence was. */
  private Future<Void> sequences() {
    Future<Void> done = Future.succeededFuture();
    for (String name : SEQUENCES) {
      String key = RedisStore.key("seq", name);
      done = done.compose(v -> store.send(Command.GET, key)).compose(value -> {
        if (value == null) {
          return Future.succeededFuture();
        }
        Future<Void> each = Future.succeededFuture();
        for (String tag : Shards.TAGS) {
          each = each.compose(v -> store.send(Command.SET, Shards.in(tag, "seq", name), value.toString(), "NX").mapEmpty());
        }
        return each.compose(v -> store.send(Command.DEL, key)).mapEmpty();
      });
    }
    return done;
  }

  /** Copies {@code from} to {@code to} (any type), then deletes {@code from}; a key already copied is copied again. */
  private Future<Void> copy(String from, String to) {
    return store.send(Command.DUMP, from).compose(dump -> dump == null ? Future.succeededFuture()
        : store.send(Command.RESTORE, to, 0, dump.toBytes(), "REPLACE")
            .compose(v -> store.send(Command.DEL, from))).mapEmpty();
  }
}
