package dev.relay.gateway.store;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;

/** Expiring exclusive leases ({@code SET NX PX} on Redis). */
public interface LeaseStore {

  /** Takes the lease if it is free or expired, or renews it if {@code holder} has it; true when held. */
  Future<Boolean> tryAcquire(String name, String holder, Instant now, Duration ttl);

  /** Frees the lease if {@code holder} has it. */
  Future<Void> release(String name, String holder);
}
