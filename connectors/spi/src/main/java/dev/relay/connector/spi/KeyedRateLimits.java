package dev.relay.connector.spi;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@link RateLimit} per key (a client address), for limits that must hold across connections.
 * The keys tracked are bounded, least recently used forgotten first, so a flood of keys cannot
 * grow the heap; a forgotten key starts again with a full burst.
 */
public final class KeyedRateLimits {

  private final Clock clock;
  private final int burst;
  private final int perPeriod;
  private final Duration period;
  private final Map<String, RateLimit> byKey;

  public KeyedRateLimits(Clock clock, int burst, int perPeriod, Duration period, int maxKeys) {
    this.clock = clock;
    this.burst = burst;
    this.perPeriod = perPeriod;
    this.period = period;
    this.byKey = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, RateLimit> eldest) {
        return size() > maxKeys;
      }
    };
  }

  /** Takes one token for {@code key}; false when it must slow down. */
  public synchronized boolean tryTake(String key) {
    return byKey.computeIfAbsent(key, k -> new RateLimit(clock, burst, perPeriod, period)).tryTake();
  }

  /** Seconds {@code key} must wait before a token is back, or 0 when one is there now (nothing taken). */
  public synchronized long waitSeconds(String key) {
    RateLimit limit = byKey.get(key);
    return limit == null || limit.available() ? 0 : limit.secondsToWait();
  }
}
