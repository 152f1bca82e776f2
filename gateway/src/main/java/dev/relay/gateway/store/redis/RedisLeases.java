package dev.relay.gateway.store.redis;

import dev.relay.gateway.store.LeaseStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code lease:<name>} → "expiry|holder", with a Redis expiry a little later so dead leases go away. */
final class RedisLeases implements LeaseStore {

  private final RedisStore store;
  private final String leaseScript = RedisStore.script("lease");
  private final String releaseScript = RedisStore.script("release");

  RedisLeases(RedisStore store) {
    this.store = store;
  }

  @Override
  public Future<Boolean> tryAcquire(String name, String holder, Instant now, Duration ttl) {
    return store.eval(leaseScript, List.of(RedisStore.key("lease", name)),
        List.of(holder, Long.toString(now.toEpochMilli()), Long.toString(ttl.toMillis()))).map(r -> r.toInteger() == 1);
  }

  @Override
  public Future<Void> release(String name, String holder) {
    return store.eval(releaseScript, List.of(RedisStore.key("lease", name)), List.of(holder)).mapEmpty();
  }
}
