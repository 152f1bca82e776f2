package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.store.MessageStore;
import dev.relay.gateway.store.rules.Conflicts;
import dev.relay.gateway.store.rules.MessageIndex;
import dev.relay.gateway.store.redis.RedisStore.Op;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@code message:<id>} JSON; the timelines {@code conversation-messages:<id>} and
 * {@code customer-messages:<id>} (sorted by a shared sequence); {@code external:<direction>:<channel>:<id>}
 * → message id, so a channel's re-delivery is stored once.
 */
final class RedisMessages implements MessageStore {

  private final RedisStore store;

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
    return store.next("messages").compose(seq -> {
      List<Op> ops = new ArrayList<>();
      external(message).ifPresent(key -> ops.add(Op.claim(key, message.id())));
      ops.add(Op.zadd(RedisStore.key("conversation-messages", message.conversationId()), message.id(), seq));
      ops.add(Op.zadd(RedisStore.key("customer-messages", message.customerId()), message.id(), seq));
      return store.write(record(message.id()), null, Json.encode(message), ops);
    }).compose(written -> written.ok() ? Future.succeededFuture(new Appended(message, false))
        : external(message).map(key -> store.send(Command.GET, key)
            .compose(earlier -> get(earlier.toString()))
            .map(earlier -> new Appended(earlier.orElseThrow(), true)))
        .orElseGet(() -> Future.failedFuture(Conflicts.messageExists(message))));
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
          Op.zrem(RedisStore.key("customer-messages", gone.customerId()), id)));
      external(gone).ifPresent(key -> ops.add(Op.release(key, id)));
      return ops;
    });
  }
}
