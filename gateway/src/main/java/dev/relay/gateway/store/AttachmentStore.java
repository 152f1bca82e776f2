package dev.relay.gateway.store;

import io.vertx.core.Future;
import java.util.Optional;

/** The bytes of files customers sent; what they are (name, type, size) lives on the message. */
public interface AttachmentStore {

  Future<Void> put(String id, byte[] content);

  Future<Optional<byte[]>> get(String id);

  /** False when there were no bytes under this id. */
  Future<Boolean> delete(String id);
}
