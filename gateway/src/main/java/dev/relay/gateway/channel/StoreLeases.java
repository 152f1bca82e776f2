package dev.relay.gateway.channel;

import dev.relay.connector.spi.Leases;
import dev.relay.gateway.domain.Ids;
import dev.relay.gateway.store.LeaseStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;

/** Connector leases held in the store under this replica's name, chosen afresh at every start. */
public final class StoreLeases implements Leases {

  private final LeaseStore store;
  private final Clock clock;
  private final String holder = Ids.next("replica");

  public StoreLeases(LeaseStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public Future<Boolean> acquire(String name, Duration ttl) {
    return store.tryAcquire(name, holder, clock.instant(), ttl);
  }

  @Override
  public Future<Void> release(String name) {
    return store.release(name, holder);
  }
}
