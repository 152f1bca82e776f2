package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.store.ConversationStore;
import dev.relay.gateway.store.rules.Conflicts;
import dev.relay.gateway.store.rules.ConversationIndex;
import dev.relay.gateway.store.rules.ConversationQuery;
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
 * {@code open-conversations}: all ids, and the open ones (agents' load).
 */
final class RedisConversations implements ConversationStore {

  private static final String ALL = RedisStore.key("conversations");
  private static final String OPEN = RedisStore.key("open-conversations");
  /** Agents who have had an open conversation: whose load openLoad() counts. */
  private static final String LOADED = RedisStore.key("agents-with-open");
  private final RedisStore store;

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

  @Override
  public Future<Opened> openFor(String customerId, Conversation draft) {
    return openOf(customerId).compose(open -> {
      if (open.isPresent()) {
        return Future.succeededFuture(new Opened(open.get(), false));
      }
      return store.next("conversations").compose(seq -> {
        List<Op> ops = new ArrayList<>(List.of(
            Op.zadd(RedisStore.key("customer-conversations", customerId), draft.id(), seq),
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
    return store.send(Command.ZRANGE, RedisStore.key("customer-conversations", customerId), 0, -1, "REV")
        .compose(ids -> store.getAll(RedisStore.strings(ids).stream().map(RedisConversations::record).toList(),
            Conversation.class));
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
    return ops;
  }

  @Override
  public Future<Boolean> delete(String id) {
    return store.delete(record(id), Conversation.class, gone -> {
      List<Op> ops = new ArrayList<>(List.of(Op.release(openOfCustomer(gone.customerId()), id), Op.srem(OPEN, id),
          Op.srem(ALL, id), Op.zrem(RedisStore.key("customer-conversations", gone.customerId()), id)));
      if (gone.agentId() != null) {
        ops.add(Op.srem(openOfAgent(gone.agentId()), id));
      }
      return ops;
    });
  }
}
