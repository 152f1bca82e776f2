package dev.relay.gateway.wiring;

import dev.relay.connector.spi.Signals;
import dev.relay.gateway.config.RelayConfig;
import dev.relay.gateway.config.Secrets;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.store.StoreMetrics;
import dev.relay.gateway.store.embedded.EmbeddedStore;
import dev.relay.gateway.store.redis.RedisDurability;
import dev.relay.gateway.store.redis.RedisSignals;
import dev.relay.gateway.store.redis.RedisStore;
import dev.relay.gateway.store.redis.RedisSweeps;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Map;

/**
 * The store and the signals that reach every replica, opened and closed together: the embedded
 * store with in-process signals, or Redis with its pub/sub when several replicas share it.
 */
final class Storage {

  final Store store;
  final Signals signals;
  private final RedisSignals redisSignals;
  private final Secrets.SharedSecrets sharedSecrets;

  private Storage(Store store, Signals signals, RedisSignals redisSignals, Secrets.SharedSecrets sharedSecrets) {
    this.store = store;
    this.signals = signals;
    this.redisSignals = redisSignals;
    this.sharedSecrets = sharedSecrets;
  }

  /**
   * The secrets: one gateway keeps a generated one in its data directory (owner-only file);
   * replicas sharing Redis keep it there, so all of them use the same.
   */
  Future<Secrets> secrets(Vertx vertx, RelayConfig config, Map<String, String> env) {
    return sharedSecrets == null
        ? vertx.executeBlocking(() -> Secrets.load(config.dataPath(), env))
        : Secrets.shared(env, sharedSecrets);
  }

  static Future<Storage> open(Vertx vertx, RelayConfig config, Clock clock, StoreMetrics metrics) {
    if (!config.store().redis()) {
      return EmbeddedStore.open(vertx, config.dataPath(), clock, metrics)
          .map(store -> new Storage(store, Signals.local(vertx), null, null));
    }
    var options = config.store().redisOptions();
    var durability = durability(config.store());
    var settings = config.store();
    var sweeps = new RedisSweeps(settings.redisOutboxGrace(), settings.redisOutboxSweep(), settings.redisFullSweep());
    return RedisStore.open(vertx, options, clock, durability, sweeps)
        .compose(store -> RedisSignals.start(vertx, options, store, metrics)
        .map(signals -> new Storage(store, signals, signals, store::sharedSecret))
        .onFailure(err -> store.close()));
  }

  private static RedisDurability durability(RelayConfig.StoreSettings settings) {
    return RedisDurability.of(settings.redisWaitReplicas(), settings.redisWaitTimeout());
  }

  Future<Void> close() {
    if (redisSignals != null) {
      redisSignals.close();
    }
    return store.close();
  }
}
