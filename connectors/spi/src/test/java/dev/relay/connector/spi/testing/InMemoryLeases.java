package dev.relay.connector.spi.testing;

import dev.relay.connector.spi.Leases;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Leases for one replica, in memory, on the test's clock. {@link #takenElsewhere} plays another
 * replica holding a lease, so a test can check a connector leaves that work alone.
 */
public final class InMemoryLeases implements Leases {

  private final Clock clock;
  private final Map<String, Instant> ours = new HashMap<>();
  private final Map<String, Instant> theirs = new HashMap<>();

  public InMemoryLeases(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Future<Boolean> acquire(String name, Duration ttl) {
    Instant now = clock.instant();
    Instant other = theirs.get(name);
    if (other != null && other.isAfter(now)) {
      return Future.succeededFuture(false);
    }
    ours.put(name, now.plus(ttl));
    return Future.succeededFuture(true);
  }

  @Override
  public synchronized Future<Void> release(String name) {
    ours.remove(name);
    return Future.succeededFuture();
  }

  /** Another replica holds {@code name} for {@code ttl} from now. */
  public synchronized void takenElsewhere(String name, Duration ttl) {
    ours.remove(name);
    theirs.put(name, clock.instant().plus(ttl));
  }

  public synchronized boolean held(String name) {
    Instant until = ours.get(name);
    return until != null && until.isAfter(clock.instant());
  }
}
