package dev.relay.gateway.store.embedded;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.store.LeaseStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import org.h2.mvstore.MVMap;

final class EmbeddedLeases implements LeaseStore {

  record Lease(String holder, Instant until) {
  }

  private final EmbeddedStore store;

  EmbeddedLeases(EmbeddedStore store) {
    this.store = store;
  }

  private MVMap<String, String> leases() {
    return store.map("leases");
  }

  @Override
  public Future<Boolean> tryAcquire(String name, String holder, Instant now, Duration ttl) {
    return store.write(() -> {
      Lease current = EmbeddedStore.decode(leases().get(name), Lease.class).orElse(null);
      if (current != null && !current.holder().equals(holder) && current.until().isAfter(now)) {
        return false;
      }
      leases().put(name, Json.encode(new Lease(holder, now.plus(ttl))));
      return true;
    });
  }

  @Override
  public Future<Void> release(String name, String holder) {
    return store.write(() -> {
      Lease current = EmbeddedStore.decode(leases().get(name), Lease.class).orElse(null);
      if (current != null && current.holder().equals(holder)) {
        leases().remove(name);
      }
      return null;
    });
  }
}
