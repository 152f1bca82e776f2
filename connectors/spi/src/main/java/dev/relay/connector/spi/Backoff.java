package dev.relay.connector.spi;

import java.time.Duration;

/**
 * How long a retry loop waits after failing {@code n} times in a row: {@code initial × factor^(n-1)},
 * never more than {@code max}. Every loop in Relay states its numbers here instead of writing its
 * own formula. No jitter: no loop needs it yet (one replica polls a mailbox, jobs are leased).
 */
public record Backoff(Duration initial, Duration max, double factor) {

  public Backoff {
    if (initial.isNegative() || initial.isZero() || max.isNegative() || max.isZero() || factor < 1) {
      throw new IllegalArgumentException("a backoff needs a positive initial and max delay and a factor of at least 1");
    }
  }

  /** The same wait after every failure. */
  public static Backoff fixed(Duration every) {
    return new Backoff(every, every, 1);
  }

  /** @param failures failures in a row, from 1 */
  public Duration after(int failures) {
    // In doubles, so a long outage saturates at max instead of overflowing a shift.
    double millis = initial.toMillis() * Math.pow(factor, Math.max(0, failures - 1));
    return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
  }
}
