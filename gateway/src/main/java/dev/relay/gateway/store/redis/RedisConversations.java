package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.store.ConversationStore;
import dev.relay.gateway.store.rules.Conflicts;
import dev.relay.gateway.store.rules.ConversationIndex;
import dev.relay.gateway.store.rules.ConversationQuery;
import dev.relay.gateway.store.rules.HistoryTally;
import dev.relay.gateway.store.redis.RedisStore.Op;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Under the customer's tag: {@code conversation:<id>} JSON; {@code open:<customer>} → the
 * customer's one open conversation; {@code customer-conversations:<customer>} in order of opening;
 * {@code conversations} and {@code open-conversations}: that shard's ids, and its open ones (a
 * list reads the 64 shards). Under the agent's: {@code agent-open:<agent>}, the agent's load.
 * {@code customer-history:<customer>}: the customer's {@link HistoryTally} as a hash, changed by the
 * same script as their conversations. {@code agents-with-open} (whose loads {@link #openLoad} reads) is
 * one small global set.
 */
final class RedisConversations implements ConversationStore {

  /** Agents who have had an open conversation: whose load openLoad() counts. */
  private static final String LOADED = RedisStore.key("agents-with-open");
  private final RedisStore store;
  private final String historyScript = RedisStore.script("history");
  private final String situationScript = RedisStore.script("situation");
  /** Customer id → the conversation last seen open: a guess {@link #situationOf} checks in Redis. */
  private final Map<String, String> openSeen = RedisPlaces.memory();

  RedisConversations(RedisStore store) {
    this.store = store;
  }

  static String record(String tag, String id) {
    return Shards.in(tag, "conversation", id);
  }

  /** The agent's open conversations: their load is its size. */
  private static String openOfAgent(String agentId) {
    return Shards.key(agentId, "agent-open", agentId);
  }

  private static String openOfCustomer(String customerId) {
    return Shards.key(customerId, "open", customerId);
  }

  private static String all(String tag) {
    return Shards.in(tag, "conversations");
  }

  private static String open(String tag) {
    return Shards.in(tag, "open-conversations");
  }

  private static String conversationsOf(String customerId) {
    return Shards.key(customerId, "customer-conversations", customerId);
  }

  private static String history(String customerId) {
    return Shards.key(customerId, "customer-history", customerId);
  }

  @Override
  public Future<Opened> openFor(String customerId, Conversation draft) {
    return openOf(customerId).compose(open -> {
      if (open.isPresent()) {
        return Future.succeededFuture(new Opened(open.get(), false));
      }
      String tag = Shards.tag(customerId);
      return store.places().place(draft.id(), tag).compose(placed -> {
        List<Op> ops = new ArrayList<>(List.of(Op.incr(Shards.in(tag, "seq", "conversations")),
            Op.zaddAtSeq(conversationsOf(customerId), draft.id()),
            Op.sadd(all(tag), draft.id())));
        ops.addAll(indexOps(null, draft));
        return store.write(record(tag, draft.id()), null, Json.encode(draft), ops);
      })
          // Another message opened one first: join it.
          .compose(written -> {
            if (!written.ok()) {
              return openFor(customerId, draft);
            }
            openSeen.put(customerId, draft.id());
            return Future.succeededFuture(new Opened(draft, true));
          });
    });
  }

  @Override
  public Future<Optional<Conversation>> get(String id) {
    return store.places().of(id).compose(tag -> store.get(record(tag, id), Conversation.class));
  }

  @Override
  public Future<Optional<Conversation>> openOf(String customerId) {
    return store.send(Command.GET, openOfCustomer(customerId)).compose(id -> id == null
        ? Future.succeededFuture(Optional.<Conversation>empty())
        : opened(customerId, id.toString()));
  }

  private Future<Optional<Conversation>> opened(String customerId, String id) {
    openSeen.put(customerId, id);
    return store.get(record(Shards.tag(customerId), id), Conversation.class);
  }

  @Override
  public Future<Situation> situationOf(String customerId) {
    return read(customerId, false).map(Read::situation);
  }

  /** A customer's situation, and their record's JSON when asked for (null: not asked, or gone). */
  record Read(Situation situation, String customer) {
  }

  /**
   * One script run: the tally, the open conversation's id and, when it is the one seen open last
   * time, its record (else that record is read after it; a tally not counted yet, counted), and the
   * customer's record when {@code withCustomer}.
   */
  Future<Read> read(String customerId, boolean withCustomer) {
    String tag = Shards.tag(customerId);
    String guess = openSeen.get(customerId);
    List<String> keys = new ArrayList<>(List.of(history(customerId), openOfCustomer(customerId)));
    if (guess != null) {
      keys.add(record(tag, guess));
    }
    if (withCustomer) {
      keys.add(RedisCustomers.record(customerId));
    }
    return store.eval(situationScript, keys, List.of(guess == null ? "" : guess, withCustomer ? "customer" : ""))
        .compose(found -> {
          Future<History> history = found.get(0) != null ? Future.succeededFuture(history(found.get(0), found.get(1)))
              : countHistory(customerId, 1);
          Future<Optional<Conversation>> open;
          if (found.get(2) == null) {
            open = Future.succeededFuture(Optional.empty());
          } else if (found.get(3) == null) {
            open = opened(customerId, found.get(2).toString());
          } else {
            String json = found.get(3).toString();
            store.saw(record(tag, guess), json);
            open = Future.succeededFuture(Optional.of(Json.decode(json, Conversation.class)));
          }
          String customer = found.get(4) == null ? null : found.get(4).toString();
          if (withCustomer) {
            store.saw(RedisCustomers.record(customerId), customer);
          }
          return history.compose(past -> open.map(conversation -> new Read(new Situation(past, conversation), customer)));
        });
  }

  @Override
  public Future<List<Conversation>> list(String agentId, Conversation.Status status, boolean unassignedOnly) {
    ConversationQuery query = new ConversationQuery(agentId, status, unassignedOnly);
    return store.eachShard(tag -> members(tag, query.openOnly() ? open(tag) : all(tag)))
        .map(shards -> query.select(shards.stream().flatMap(List::stream)));
  }

  private Future<List<Conversation>> members(String tag, String set) {
    return store.send(Command.SMEMBERS, set).compose(ids -> store.getAll(
        RedisStore.strings(ids).stream().map(id -> record(tag, id)).toList(), Conversation.class));
  }

  /** The cursor is {@code <shard>:<SSCAN cursor>}: the shards' sets are scanned one after the other. */
  @Override
  public Future<Page> page(String cursor, int size) {
    int shard = cursor == null ? 0 : Integer.parseInt(cursor.substring(0, cursor.indexOf(':')));
    String scan = cursor == null ? "0" : cursor.substring(cursor.indexOf(':') + 1);
    String tag = Shards.TAGS.get(shard);
    return store.send(Command.SSCAN, all(tag), scan, "COUNT", size).compose(answer -> {
      String next = answer.get(0).toString();
      String following = !"0".equals(next) ? shard + ":" + next : shard + 1 < Shards.COUNT ? (shard + 1) + ":0" : null;
      return store.getAll(RedisStore.strings(answer.get(1)).stream().map(id -> record(tag, id)).toList(),
          Conversation.class).map(items -> new Page(items, following));
    });
  }

  @Override
  public Future<List<Conversation>> ofCustomer(String customerId) {
    String tag = Shards.tag(customerId);
    return store.send(Command.ZRANGE, conversationsOf(customerId), 0, -1, "REV")
        .compose(ids -> store.getAll(RedisStore.strings(ids).stream().map(id -> record(tag, id)).toList(),
            Conversation.class));
  }

  @Override
  public Future<Optional<Conversation>> latestOf(String customerId) {
    return store.send(Command.ZRANGE, conversationsOf(customerId), -1, -1).compose(ids -> ids.size() == 0
        ? Future.succeededFuture(Optional.<Conversation>empty()) : get(ids.get(0).toString()));
  }

  /** The kept tally (one read); a customer without one has it counted once by {@code history.lua}. */
  @Override
  public Future<History> historyOf(String customerId) {
    return store.send(Command.HMGET, history(customerId), "resolved", "score").compose(kept -> kept.get(0) != null
        ? Future.succeededFuture(history(kept.get(0), kept.get(1))) : countHistory(customerId, 1));
  }

  /**
   * Counts the tally in one script given every key it reads (a Cluster moves a slot key by key): the
   * customer's conversations as read just before; if they changed meanwhile, read and count again.
   */
  private Future<History> countHistory(String customerId, int attempt) {
    String tag = Shards.tag(customerId);
    return store.send(Command.ZRANGE, conversationsOf(customerId), 0, -1).compose(raw -> {
      List<String> ids = RedisStore.strings(raw);
      List<String> keys = new ArrayList<>(List.of(history(customerId), conversationsOf(customerId)));
      ids.forEach(id -> keys.add(record(tag, id)));
      return store.eval(historyScript, keys, ids);
    }).compose(r -> r.size() == 2 ? Future.succeededFuture(history(r.get(0), r.get(1)))
        : attempt < 5 ? countHistory(customerId, attempt + 1)
        : Future.failedFuture(new IllegalStateException("the customer's conversations kept changing while counted")));
  }

  private static History history(Response resolved, Response score) {
    return new History(resolved.toInteger(), score == null || score.toString().isEmpty() ? null : score.toInteger());
  }

  @Override
  public Future<Map<String, Integer>> openLoad() {
    return store.send(Command.SMEMBERS, LOADED).compose(ids -> {
      List<String> agents = RedisStore.strings(ids);
      List<Future<Integer>> counts = agents.stream().map(this::openCount).toList();
      return Future.all(counts).map(done -> {
        Map<String, Integer> load = new HashMap<>();
        for (int i = 0; i < agents.size(); i++) {
          if (counts.get(i).result() > 0) {
            load.put(agents.get(i), counts.get(i).result());
          }
        }
        return load;
      });
    });
  }

  @Override
  public Future<Integer> openCount(String agentId) {
    return store.send(Command.SCARD, openOfAgent(agentId)).map(n -> n.toInteger());
  }

  @Override
  public Future<Conversation> update(String id, UnaryOperator<Conversation> change) {
    return store.places().of(id).compose(tag -> store.update(record(tag, id), Conversation.class, "conversation", change,
        RedisConversations::indexOps,
        (after, key) -> Conflicts.conversationOpen()));
  }

  /** The index entries of a conversation going from {@code before} (null: new) to {@code after}. */
  static List<Op> indexOps(Conversation before, Conversation after) {
    ConversationIndex index = ConversationIndex.of(before, after);
    String id = after.id();
    String tag = Shards.tag(after.customerId());
    List<Op> ops = new ArrayList<>();
    // The same agent before and after: their entries (on another shard) stay as they are.
    boolean sameAgent = java.util.Objects.equals(index.agentLeft(), index.agentJoined());
    if (index.agentLeft() != null && !sameAgent) {
      ops.add(Op.srem(openOfAgent(index.agentLeft()), id));
    }
    if (index.agentJoined() != null && !sameAgent) {
      ops.add(Op.sadd(openOfAgent(index.agentJoined()), id));
      ops.add(Op.sadd(LOADED, index.agentJoined()));
    }
    if (index.open()) {
      ops.add(Op.claim(openOfCustomer(after.customerId()), id));
      ops.add(Op.sadd(open(tag), id));
    } else {
      ops.add(Op.release(openOfCustomer(after.customerId()), id));
      ops.add(Op.srem(open(tag), id));
    }
    ops.addAll(tallyOps(id, after.customerId(), HistoryTally.Change.of(before, after)));
    return ops;
  }

  /** The customer's tally in step with a conversation's change (applied only to a tally already counted). */
  private static List<Op> tallyOps(String id, String customerId, HistoryTally.Change change) {
    String tally = history(customerId);
    List<Op> ops = new ArrayList<>();
    if (change.resolvedDelta() != 0) {
      ops.add(Op.tallyAdd(tally, "resolved", change.resolvedDelta()));
    }
    if (change.scored() != null) {
      ops.add(Op.tallyScore(tally, id, conversationsOf(customerId), change.scored()));
    } else if (change.unscored()) {
      ops.add(Op.tallyUnscore(tally, id));
    }
    return ops;
  }

  @Override
  public Future<Boolean> delete(String id) {
    return store.places().of(id).compose(tag -> store.delete(record(tag, id), Conversation.class, gone -> {
      List<Op> ops = new ArrayList<>(List.of(Op.release(openOfCustomer(gone.customerId()), id), Op.srem(open(tag), id),
          Op.srem(all(tag), id), Op.zrem(conversationsOf(gone.customerId()), id),
          // Counted again on the next read (nothing is kept once the last one is gone).
          Op.del(history(gone.customerId()))));
      if (gone.agentId() != null) {
        ops.add(Op.srem(openOfAgent(gone.agentId()), id));
      }
      return ops;
    }));
  }
}
