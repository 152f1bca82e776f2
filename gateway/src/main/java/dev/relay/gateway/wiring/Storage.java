package dev.relay.gateway.wiring;

import dev.relay.connector.spi.Signals;
import dev.relay.gateway.config.RelayConfig;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.store.embedded.EmbeddedStore;
import dev.relay.gateway.store.redis.RedisSignals;
import dev.relay.gateway.store.redis.RedisStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * The store and the signals that reach every replica, opened and closed together: the embedded
 * store with in-process signals, or Redis with its pub/sub when several replicas share it.
 */
final class Storage {

  final Store store;
  final Signals signals;
  private final RedisSignals redisSignals;

  private Storage(Store store, Signals signals, RedisSignals redisSignals) {
    this.store = store;
    this.signals = signals;
    this.redisSignals = redisSignals;
  }

  static Future<Storage> open(Vertx vertx, RelayConfig config, Clock clock) {
    if (!config.store().redis()) {
      return EmbeddedStore.open(vertx, config.dataPath(), clock)
          .map(store -> new Storage(store, Signals.local(vertx), null));
    }
    var options = config.store().redisOptions();
    return RedisStore.open(vertx, options, clock).compose(store -> RedisSignals.start(vertx, options)
        .map(signals -> new Storage(store, signals, signals))
        .onFailure(err -> store.close()));
  }

  Future<Void> close() {
    if (redisSignals != null) {
      redisSignals.close();
    }
    return store.close();
  }
}
