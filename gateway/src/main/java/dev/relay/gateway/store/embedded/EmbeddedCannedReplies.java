package dev.relay.gateway.store.embedded;

import dev.relay.gateway.domain.CannedReply;
import dev.relay.gateway.domain.Json;
import dev.relay.gateway.store.CannedReplyStore;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.h2.mvstore.MVMap;

/** {@code canned-replies}: id → the reply as JSON. */
final class EmbeddedCannedReplies implements CannedReplyStore {

  private final EmbeddedStore store;

  EmbeddedCannedReplies(EmbeddedStore store) {
    this.store = store;
  }

  private MVMap<String, String> replies() {
    return store.map("canned-replies");
  }

  @Override
  public Future<List<CannedReply>> list() {
    return store.read(() -> replies().values().stream()
        .map(json -> EmbeddedStore.decode(json, CannedReply.class).orElseThrow()).toList());
  }

  @Override
  public Future<Optional<CannedReply>> get(String id) {
    return store.read(() -> EmbeddedStore.decode(replies().get(id), CannedReply.class));
  }

  @Override
  public Future<CannedReply> put(CannedReply reply) {
    return store.write(() -> {
      replies().put(reply.id(), Json.encode(reply));
      return reply;
    });
  }

  @Override
  public Future<Boolean> delete(String id) {
    return store.write(() -> replies().remove(id) != null);
  }
}
