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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@code conversation:<id>} JSON; {@code open:<customer>} → the customer's one open conversation;
 * {@code customer-conversations:<customer>} in order of opening; {@code conversations} and
 * {@code open-conversations}: all ids, and the open ones (agents' load); {@code customer-history:<customer>}:
 * the customer's {@link HistoryTally} as a hash, changed by the same script as their conversations.
 */
final class RedisConversations implements ConversationStore {

  private static final String ALL = RedisStore.key("conversations");
  private static final String OPEN = RedisStore.key("open-conversations");
  /** Agents who have had an open conversation: whose load openLoad() counts. */
  private static final String LOADED = RedisStore.key("agents-with-open");
  private final RedisStore store;
  private final String historyScript = RedisStore.script("history");

  RedisConversations(RedisStore store) {
    this.store = store;
  }

  static String record(String id) {
    return RedisStore.key("conversation", id);
  }

  /** The agent's open conversations: their load is its size. */
  private static String openOfAgent(String agentId) {
    return RedisStore.key("agent-open", agentId);
  }

  private static String openOfCustomer(String customerId) {
    return RedisStore.key("open", customerId);
  }

  private static String conversationsOf(String customerId) {
    return RedisStore.key("customer-conversations", customerId);
  }

  private static String history(String customerId) {
    return RedisStore.key("customer-history", customerId);
  }

  @Override
  public Future<Opened> openFor(String customerId, Conversation draft) {
    return openOf(customerId).compose(open -> {
      if (open.isPresent()) {
        return Future.succeededFuture(new Opened(open.get(), false));
      }
      return store.next("conversations").compose(seq -> {
        List<Op> ops = new ArrayList<>(List.of(
            Op.zadd(conversationsOf(customerId), draft.id(), seq),
            Op.sadd(ALL, draft.id())));
        ops.addAll(indexOps(null, draft));
        return store.write(record(draft.id()), null, Json.encode(draft), ops);
      })
          // Another message opened one first: join it.
          .compose(written -> written.ok() ? Future.succeededFuture(new Opened(draft, true)) : openFor(customerId, draft));
    });
  }

  @Override
  public Future<Optional<Conversation>> get(String id) {
    return store.get(record(id), Conversation.class);
  }

  @Override
  public Future<Optional<Conversation>> openOf(String customerId) {
    return store.send(Command.GET, openOfCustomer(customerId))
        .compose(id -> id == null ? Future.succeededFuture(Optional.<Conversation>empty()) : get(id.toString()));
  }

  @Override
  public Future<List<Conversation>> list(String agentId, Conversation.Status status, boolean unassignedOnly) {
    ConversationQuery query = new ConversationQuery(agentId, status, unassignedOnly);
    return members(query.openOnly() ? OPEN : ALL).map(candidates -> query.select(candidates.stream()));
  }

  private Future<List<Conversation>> members(String set) {
    return store.send(Command.SMEMBERS, set).compose(ids -> store.getAll(
        RedisStore.strings(ids).stream().map(RedisConversations::record).toList(), Conversation.class));
  }

  @Override
  public Future<Page> page(String cursor, int size) {
    return store.send(Command.SSCAN, ALL, cursor == null ? "0" : cursor, "COUNT", size).compose(answer -> {
      String next = answer.get(0).toString();
      return store.getAll(RedisStore.strings(answer.get(1)).stream().map(RedisConversations::record).toList(),
          Conversation.class).map(items -> new Page(items, "0".equals(next) ? null : next));
    });
  }

  @Override
  public Future<List<Conversation>> ofCustomer(String customerId) {
    return store.send(Command.ZRANGE, conversationsOf(customerId), 0, -1, "REV")
        .compose(ids -> store.getAll(RedisStore.strings(ids).stream().map(RedisConversations::record).toList(),
            Conversation.class));
  }

  @Override
  public Future<Optional<Conversation>> latestOf(String customerId) {
    return store.send(Command.ZRANGE, conversationsOf(customerId), -1, -1).compose(ids -> ids.size() == 0
        ? Future.succeededFuture(Optional.<Conversation>empty()) : get(ids.get(0).toString()));
  }

  @Override
  public Future<History> historyOf(String customerId) {
    return store.eval(historyScript, List.of(history(customerId), conversationsOf(customerId)), List.of(record("")))
        .map(r -> new History(r.get(0).toInteger(), r.get(1).toString().isEmpty() ? null : r.get(1).toInteger()));
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
    return store.update(record(id), Conversation.class, "conversation", change,
        RedisConversations::indexOps,
        (after, key) -> Conflicts.conversationOpen());
  }

  /** The index entries of a conversation going from {@code before} (null: new) to {@code after}. */
  static List<Op> indexOps(Conversation before, Conversation after) {
    ConversationIndex index = ConversationIndex.of(before, after);
    String id = after.id();
    List<Op> ops = new ArrayList<>();
    if (index.agentLeft() != null) {
      ops.add(Op.srem(openOfAgent(index.agentLeft()), id));
    }
    if (index.agentJoined() != null) {
      ops.add(Op.sadd(openOfAgent(index.agentJoined()), id));
      ops.add(Op.sadd(LOADED, index.agentJoined()));
    }
    if (index.open()) {
      ops.add(Op.claim(openOfCustomer(after.customerId()), id));
      ops.add(Op.sadd(OPEN, id));
    } else {
      ops.add(Op.release(openOfCustomer(after.customerId()), id));
      ops.add(Op.srem(OPEN, id));
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
    return store.delete(record(id), Conversation.class, gone -> {
      List<Op> ops = new ArrayList<>(List.of(Op.release(openOfCustomer(gone.customerId()), id), Op.srem(OPEN, id),
          Op.srem(ALL, id), Op.zrem(conversationsOf(gone.customerId()), id),
          // Counted again on the next read (nothing is kept once the last one is gone).
          Op.del(history(gone.customerId()))));
      if (gone.agentId() != null) {
        ops.add(Op.srem(openOfAgent(gone.agentId()), id));
      }
      return ops;
    });
  }
}
