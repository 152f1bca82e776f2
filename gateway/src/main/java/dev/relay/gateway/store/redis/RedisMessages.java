package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.store.MessageStore;
import dev.relay.gateway.store.rules.Conflicts;
import dev.relay.gateway.store.rules.MessageIndex;
import dev.relay.gateway.store.redis.RedisStore.Op;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ResponseType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * All under the customer's tag, so storing a message is one script run on one shard:
 * {@code message:<id>} JSON; the timelines {@code conversation-messages:<id>} and
 * {@code customer-messages:<id>} (sorted by the shard's sequence); {@code external:<direction>:<channel>:<id>}
 * → message id, so a channel's re-delivery is stored once (it comes from the same address, so the
 * same customer); {@code messages:unrouted}: the shard's inbound messages stored but not yet
 * routed, scored by when they are handed out to be routed again.
 */
final class RedisMessages implements MessageStore {

  private final RedisStore store;

  RedisMessages(RedisStore store) {
    this.store = store;
  }

  private static String record(String tag, String id) {
    return Shards.in(tag, "message", id);
  }

  static String unrouted(String tag) {
    return Shards.in(tag, "messages", "unrouted");
  }

  private static Optional<String> external(String tag, Message message) {
    return MessageIndex.external(message).map(parts -> Shards.in(tag, "external", String.join(":", parts)));
  }

  @Override
  public Future<Appended> append(Message message) {
    return append(message, false, null);
  }

  @Override
  public Future<Appended> appendUnrouted(Message message, Instant retryAt) {
    return append(message, true, retryAt);
  }

  @Override
  public Future<Void> routed(String messageId) {
    return store.places().of(messageId).compose(tag -> store.send(Command.ZREM, unrouted(tag), messageId)).mapEmpty();
  }

  /** Shard by shard, until {@code max} are taken. */
  @Override
  public Future<List<String>> claimUnrouted(Instant now, int max, Instant until) {
    return store.claimEach(store.due().unrouted, now, max, until);
  }

  /**
   * Acknowledged to a channel once this completes, so it completes once the replicas have it
   * ({@link RedisStore#durably}); the shard's sequence, taken in the same script run even when the
   * write is refused, is the write that makes a re-delivery (which writes nothing else) wait for them
   * too — on the node that has the slot now, so the wait covers the earlier attempt's write even when
   * the slot moved in between.
   */
  private Future<Appended> append(Message message, boolean toRoute, Instant retryAt) {
    String tag = Shards.tag(message.customerId());
    return store.durably(tag, on -> on.places().place(message.id(), tag)
        .compose(placed -> on.places().place(message.conversationId(), tag)).compose(placed -> {
      List<Op> ops = new ArrayList<>(List.of(Op.incr(Shards.in(tag, "seq", "messages"))));
      external(tag, message).ifPresent(key -> ops.add(Op.claim(key, message.id())));
      ops.add(Op.zaddAtSeq(Shards.in(tag, "conversation-messages", message.conversationId()), message.id()));
      ops.add(Op.zaddAtSeq(Shards.in(tag, "customer-messages", message.customerId()), message.id()));
      if (toRoute) {
        ops.add(Op.due(unrouted(tag), message.id(), RedisStore.millis(retryAt)));
      }
      return on.write(record(tag, message.id()), null, Json.encode(message), ops);
    }).compose(written -> written.ok() ? Future.succeededFuture(new Appended(message, false))
        : external(tag, message).map(key -> on.send(Command.GET, key)
            .compose(earlier -> on.get(record(tag, earlier.toString()), Message.class))
            .map(earlier -> new Appended(earlier.orElseThrow(), true)))
        .orElseGet(() -> Future.failedFuture(Conflicts.messageExists(message)))));
  }

  @Override
  public Future<Optional<Message>> get(String id) {
    return store.places().of(id).compose(tag -> store.get(record(tag, id), Message.class));
  }

  @Override
  public Future<List<Message>> ofConversation(String conversationId) {
    return store.places().of(conversationId)
        .compose(tag -> timeline(tag, Shards.in(tag, "conversation-messages", conversationId)));
  }

  @Override
  public Future<List<Message>> ofCustomer(String customerId) {
    String tag = Shards.tag(customerId);
    return timeline(tag, Shards.in(tag, "customer-messages", customerId));
  }

  @Override
  public Future<Tail> tailOfCustomer(String customerId, String before, int limit) {
    String tag = Shards.tag(customerId);
    return tail(tag, Shards.in(tag, "customer-messages", customerId), before, limit);
  }

  @Override
  public Future<Tail> tailOfConversation(String conversationId, String before, int limit) {
    return store.places().of(conversationId)
        .compose(tag -> tail(tag, Shards.in(tag, "conversation-messages", conversationId), before, limit));
  }

  /**
   * The timeline read backwards from just before {@code position} (scores are the shared sequence):
   * one entry more than asked says whether older ones remain.
   */
  private Future<Tail> tail(String tag, String key, String before, int limit) {
    return Future.succeededFuture(before).map(Tail::position)
        .compose(position -> store.send(Command.ZREVRANGEBYSCORE, key, "(" + position, "-inf", "WITHSCORES", "LIMIT", 0, limit + 1))
        .compose(found -> {
          List<String> ids = new ArrayList<>();
          List<Long> scores = new ArrayList<>();
          // RESP3 answers [member, score] pairs, RESP2 one flat list.
          boolean pairs = found.size() > 0 && found.get(0).type() == ResponseType.MULTI;
          for (int i = 0; i < found.size(); i += pairs ? 1 : 2) {
            ids.add((pairs ? found.get(i).get(0) : found.get(i)).toString());
            scores.add((pairs ? found.get(i).get(1) : found.get(i + 1)).toLong());
          }
          String older = ids.size() > limit ? Long.toString(scores.get(limit - 1)) : null;
          List<String> kept = new ArrayList<>(ids.subList(0, Math.min(limit, ids.size())));
          java.util.Collections.reverse(kept);
          return store.getAll(kept.stream().map(id -> record(tag, id)).toList(), Message.class)
              .map(messages -> new Tail(messages, older));
        });
  }

  private Future<List<Message>> timeline(String tag, String key) {
    return store.send(Command.ZRANGE, key, 0, -1)
        .compose(ids -> store.getAll(RedisStore.strings(ids).stream().map(id -> record(tag, id)).toList(), Message.class));
  }

  @Override
  public Future<Message> update(String id, UnaryOperator<Message> change) {
    return store.places().of(id).compose(tag -> store.update(record(tag, id), Message.class, "message", change,
        (before, after) -> external(tag, after).map(key -> List.of(Op.setnx(key, id))).orElse(List.of())));
  }

  @Override
  public Future<Boolean> delete(String id) {
    return store.places().of(id).compose(tag -> store.delete(record(tag, id), Message.class, gone -> {
      List<Op> ops = new ArrayList<>(List.of(
          Op.zrem(Shards.in(tag, "conversation-messages", gone.conversationId()), id),
          Op.zrem(Shards.in(tag, "customer-messages", gone.customerId()), id), Op.zrem(unrouted(tag), id)));
      external(tag, gone).ifPresent(key -> ops.add(Op.release(key, id)));
      return ops;
    }));
  }
}
