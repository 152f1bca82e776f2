package dev.relay.gateway.store.redis;

import dev.relay.gateway.store.AttachmentStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.util.Optional;

/** {@code attachment:<id>}: the bytes as given. */
final class RedisAttachments implements AttachmentStore {

  private final RedisStore store;

  RedisAttachments(RedisStore store) {
    this.store = store;
  }

  @Override
  public Future<Void> put(String id, byte[] content) {
    return store.send(Command.SET, RedisStore.key("attachment", id), content).mapEmpty();
  }

  @Override
  public Future<Optional<byte[]>> get(String id) {
    return store.send(Command.GET, RedisStore.key("attachment", id))
        .map(r -> Optional.ofNullable(r).map(v -> v.toBuffer().getBytes()));
  }

  @Override
  public Future<Boolean> delete(String id) {
    return store.send(Command.DEL, RedisStore.key("attachment", id)).map(n -> n.toLong() > 0);
  }
}
