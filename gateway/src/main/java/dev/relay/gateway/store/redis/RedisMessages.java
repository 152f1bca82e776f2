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
 * {@code message:<id>} JSON; the timelines {@code conversation-messages:<id>} and
 * {@code customer-messages:<id>} (sorted by a shared sequence); {@code external:<direction>:<channel>:<id>}
 * → message id, so a channel's re-delivery is stored once; {@code messages:unrouted}: inbound
 * messages stored but not yet routed, scored by when they are handed out to be routed again.
 */
final class RedisMessages implements MessageStore {

  /** Messages stored but not yet routed, scored by when they are handed out again. */
  private static final String UNROUTED = RedisStore.key("messages", "unrouted");
  private final RedisStore store;
  private final String claimScript = RedisStore.script("claim-due");

  RedisMessages(RedisStore store) {
    this.store = store;
  }

  private static String record(String id) {
    return RedisStore.key("message", id);
  }

  private static Optional<String> external(Message message) {
    return MessageIndex.external(message).map(parts -> RedisStore.key("external", String.join(":", parts)));
  }

  @Override
  public Future<Appended> append(Message message) {
    return append(message, List.of());
  }

  @Override
  public Future<Appended> appendUnrouted(Message message, Instant retryAt) {
    return append(message, List.of(Op.zadd(UNROUTED, message.id(), RedisStore.millis(retryAt))));
  }

  @Override
  public Future<Void> routed(String messageId) {
    return store.send(Command.ZREM, UNROUTED, messageId).mapEmpty();
  }

  @Override
  public Future<List<String>> claimUnrouted(Instant now, int max, Instant until) {
    return store.eval(claimScript, List.of(UNROUTED), List.of(Long.toString(RedisStore.millis(now)),
        Integer.toString(max), Long.toString(RedisStore.millis(until)))).map(RedisStore::strings);
  }

  /**
   * Acknowledged to a channel once this completes, so it completes once the replicas have it
   * ({@link RedisStore#durably}); the sequence number taken first is the write that makes a
   * re-delivery (which writes nothing else) wait for them too.
   */
  private Future<Appended> append(Message message, List<Op> more) {
    return store.durably(on -> on.next("messages").compose(seq -> {
      List<Op> ops = new ArrayList<>();
      external(message).ifPresent(key -> ops.add(Op.claim(key, message.id())));
      ops.add(Op.zadd(RedisStore.key("conversation-messages", message.conversationId()), message.id(), seq));
      ops.add(Op.zadd(RedisStore.key("customer-messages", message.customerId()), message.id(), seq));
      ops.addAll(more);
      return on.write(record(message.id()), null, Json.encode(message), ops);
    }).compose(written -> written.ok() ? Future.succeededFuture(new Appended(message, false))
        : external(message).map(key -> on.send(Command.GET, key)
            .compose(earlier -> get(earlier.toString()))
            .map(earlier -> new Appended(earlier.orElseThrow(), true)))
        .orElseGet(() -> Future.failedFuture(Conflicts.messageExists(message)))));
  }

  @Override
  public Future<Optional<Message>> get(String id) {
    return store.get(record(id), Message.class);
  }

  @Override
  public Future<List<Message>> ofConversation(String conversationId) {
    return timeline(RedisStore.key("conversation-messages", conversationId));
  }

  @Override
  public Future<List<Message>> ofCustomer(String customerId) {
    return timeline(RedisStore.key("customer-messages", customerId));
  }

  @Override
  public Future<Tail> tailOfCustomer(String customerId, String before, int limit) {
    return tail(RedisStore.key("customer-messages", customerId), before, limit);
  }

  @Override
  public Future<Tail> tailOfConversation(String conversationId, String before, int limit) {
    return tail(RedisStore.key("conversation-messages", conversationId), before, limit);
  }

  /**
   * The timeline read backwards from just before {@code position} (scores are the shared sequence):
   * one entry more than asked says whether older ones remain.
   */
  private Future<Tail> tail(String key, String before, int limit) {
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
          return store.getAll(kept.stream().map(RedisMessages::record).toList(), Message.class)
              .map(messages -> new Tail(messages, older));
        });
  }

  private Future<List<Message>> timeline(String key) {
    return store.send(Command.ZRANGE, key, 0, -1)
        .compose(ids -> store.getAll(RedisStore.strings(ids).stream().map(RedisMessages::record).toList(), Message.class));
  }

  @Override
  public Future<Message> update(String id, UnaryOperator<Message> change) {
    return store.update(record(id), Message.class, "message", change,
        (before, after) -> external(after).map(key -> List.of(Op.setnx(key, id))).orElse(List.of()));
  }

  @Override
  public Future<Boolean> delete(String id) {
    return store.delete(record(id), Message.class, gone -> {
      List<Op> ops = new ArrayList<>(List.of(
          Op.zrem(RedisStore.key("conversation-messages", gone.conversationId()), id),
          Op.zrem(RedisStore.key("customer-messages", gone.customerId()), id), Op.zrem(UNROUTED, id)));
      external(gone).ifPresent(key -> ops.add(Op.release(key, id)));
      return ops;
    });
  }
}
