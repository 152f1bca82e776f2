package dev.relay.gateway.store.redis;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * How many replicas a durable write waits for, asked of the master ({@code ROLE}) once and kept for
 * {@link #KEPT}, not on every message. A failover shows as a failed command or a {@code WAIT} short
 * of its count: {@link #forget} then makes the next write ask again, so the new master's count is
 * used from the first write after it. A replica attached meanwhile is waited for from the next ask.
 */
final class ReplicaCount {

  static final Duration KEPT = Duration.ofSeconds(5);

  private final Clock clock;
  private volatile Known known;

  private record Known(int count, Instant until) {
  }

  ReplicaCount(Clock clock) {
    this.clock = clock;
  }

  /**
   * @param ask the count, from the master's {@code ROLE}, on the connection the durable write holds
   *            (a second one from the pool could wait for ever: every pooled connection may be held
   *            by a durable write asking the same)
   */
  Future<Integer> get(Supplier<Future<Integer>> ask) {
    Known now = known;
    if (now != null && clock.instant().isBefore(now.until())) {
      return Future.succeededFuture(now.count());
    }
    return ask.get().onSuccess(count -> known = new Known(count, clock.instant().plus(KEPT)));
  }

  void forget() {
    known = null;
  }
}
