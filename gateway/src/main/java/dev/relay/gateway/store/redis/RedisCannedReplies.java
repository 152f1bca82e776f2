package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.CannedReply;
import dev.relay.gateway.domain.Json;
import dev.relay.gateway.store.CannedReplyStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code canned-replies}: one hash, id → the reply as JSON; each write one HSET or HDEL. */
final class RedisCannedReplies implements CannedReplyStore {

  private static final String KEY = RedisStore.key("canned-replies");
  private final RedisStore store;

  RedisCannedReplies(RedisStore store) {
    this.store = store;
  }

  @Override
  public Future<List<CannedReply>> list() {
    return store.send(Command.HVALS, KEY).map(values -> {
      List<CannedReply> replies = new ArrayList<>();
      if (values != null) {
        for (Response value : values) {
          replies.add(Json.decode(value.toString(), CannedReply.class));
        }
      }
      return replies;
    });
  }

  @Override
  public Future<Optional<CannedReply>> get(String id) {
    return store.send(Command.HGET, KEY, id)
        .map(value -> value == null ? Optional.empty() : Optional.of(Json.decode(value.toString(), CannedReply.class)));
  }

  @Override
  public Future<CannedReply> put(CannedReply reply) {
    return store.send(Command.HSET, KEY, reply.id(), Json.encode(reply)).map(reply);
  }

  @Override
  public Future<Boolean> delete(String id) {
    return store.send(Command.HDEL, KEY, id).map(removed -> removed != null && removed.toLong() > 0);
  }
}
