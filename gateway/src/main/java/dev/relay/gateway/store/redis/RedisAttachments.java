package dev.relay.gateway.store.redis;

import dev.relay.gateway.store.AttachmentStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.util.Optional;

/** {@code attachment:<id>}: the bytes as given, under the tag of the id (read and written alone). */
final class RedisAttachments implements AttachmentStore {

  private final RedisStore store;

  RedisAttachments(RedisStore store) {
    this.store = store;
  }

  @Override
  public Future<Void> put(String id, byte[] content) {
    return store.send(Command.SET, Shards.key(id, "attachment", id), content).mapEmpty();
  }

  @Override
  public Future<Optional<byte[]>> get(String id) {
    return store.send(Command.GET, Shards.key(id, "attachment", id))
        .map(r -> Optional.ofNullable(r).map(v -> v.toBuffer().getBytes()));
  }

  @Override
  public Future<Boolean> delete(String id) {
    return store.send(Command.DEL, Shards.key(id, "attachment", id)).map(n -> n.toLong() > 0);
  }
}
