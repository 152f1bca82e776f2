package dev.relay.connector.spi;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;

/**
 * A token bucket (Bucket4j) on the gateway's clock: {@code burst} at once, then {@code perPeriod}
 * per {@code period}. One per client being limited (a visitor's socket, an API caller).
 */
public final class RateLimit {

  private final Bucket bucket;

  public RateLimit(Clock clock, int burst, int perPeriod, Duration period) {
    this.bucket = Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perPeriod, period).build())
        .withCustomTimePrecision(new ClockTime(clock))
        .build();
  }

  /** Takes one token; false when the client must slow down. */
  public boolean tryTake() {
    return bucket.tryConsume(1);
  }

  /** Whether a token could be taken now, without taking it. */
  public boolean available() {
    return bucket.getAvailableTokens() > 0;
  }

  /** Seconds until a token is back (at least 1), for Retry-After. */
  public long secondsToWait() {
    long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
    return Math.max(1, Duration.ofNanos(nanos).toSeconds() + (nanos % 1_000_000_000 == 0 ? 0 : 1));
  }

  private record ClockTime(Clock clock) implements TimeMeter {
    @Override
    public long currentTimeNanos() {
      var now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public boolean isWallClockBased() {
      return true;
    }
  }
}
