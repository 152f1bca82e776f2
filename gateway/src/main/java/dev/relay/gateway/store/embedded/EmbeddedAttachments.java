package dev.relay.gateway.store.embedded;

import dev.relay.gateway.store.AttachmentStore;
import io.vertx.core.Future;
import java.util.Optional;
import org.h2.mvstore.MVMap;

final class EmbeddedAttachments implements AttachmentStore {

  private final EmbeddedStore store;

  EmbeddedAttachments(EmbeddedStore store) {
    this.store = store;
  }

  private MVMap<String, byte[]> contents() {
    return store.bytes("attachments");
  }

  @Override
  public Future<Void> put(String id, byte[] content) {
    return store.write(() -> {
      contents().put(id, content.clone());
      return null;
    });
  }

  @Override
  public Future<Optional<byte[]>> get(String id) {
    return store.read(() -> Optional.ofNullable(contents().get(id)).map(byte[]::clone));
  }

  @Override
  public Future<Boolean> delete(String id) {
    return store.write(() -> contents().remove(id) != null);
  }
}
