package dev.relay.connector.spi;

import io.vertx.core.Future;
import java.time.Duration;

/**
 * Exclusive, expiring leases shared by all replicas of the gateway: what keeps a job that must run
 * once (polling one mailbox) on one replica, and lets another take over when that one dies.
 */
public interface Leases {

  /**
   * Takes or renews the lease {@code name} for {@code ttl}. True when this replica holds it now;
   * false while another replica's lease has not expired.
   */
  Future<Boolean> acquire(String name, Duration ttl);

  /** Gives the lease up, if this replica holds it. */
  Future<Void> release(String name);
}
