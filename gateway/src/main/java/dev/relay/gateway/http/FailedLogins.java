package dev.relay.gateway.http;

import dev.relay.connector.spi.RateLimit;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down token guessing: each client address may fail to authenticate {@link #BURST} times,
 * then {@link #PER_MINUTE} times a minute; past that its requests get 429 before any token is
 * looked at. Only failures count, so agents who sign in correctly are never limited here. The
 * addresses tracked are bounded (least recently failed forgotten first), so a flood of addresses
 * cannot grow the heap.
 */
public final class FailedLogins {

  static final int BURST = 10;
  static final int PER_MINUTE = 10;
  private static final int MAX_TRACKED = 10_000;

  private final Clock clock;
  private final Map<String, RateLimit> byAddress = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, RateLimit> eldest) {
      return size() > MAX_TRACKED;
    }
  };

  public FailedLogins(Clock clock) {
    this.clock = clock;
  }

  /** Seconds this address must wait before it may try a token again, or 0 when it may now. */
  public synchronized long waitSeconds(String address) {
    RateLimit limit = byAddress.get(address);
    return limit == null || limit.available() ? 0 : limit.secondsToWait();
  }

  /** Counts one failed attempt from this address. */
  public synchronized void failed(String address) {
    byAddress.computeIfAbsent(address, a -> new RateLimit(clock, BURST, PER_MINUTE, Duration.ofMinutes(1))).tryTake();
  }
}
