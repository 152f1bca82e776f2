package dev.relay.gateway.http;

import dev.relay.connector.spi.KeyedRateLimits;
import dev.relay.gateway.domain.RelayException;
import io.vertx.core.http.HttpServerResponse;
import java.time.Clock;
import java.time.Duration;

/**
 * Slows down guessing tokens, session cookies and passwords: each client address may fail to
 * authenticate {@link #BURST} times, then {@link #PER_MINUTE} times a minute; past that its
 * requests get 429 before any credential is looked at. Only failures count, so agents who sign in correctly are never limited here.
 */
public final class FailedLogins {

  static final int BURST = 10;
  static final int PER_MINUTE = 10;
  private static final int MAX_TRACKED = 10_000;

  private final KeyedRateLimits byAddress;

  public FailedLogins(Clock clock) {
    this.byAddress = new KeyedRateLimits(clock, BURST, PER_MINUTE, Duration.ofMinutes(1), MAX_TRACKED);
  }

  /** Seconds this address must wait before it may try a token again, or 0 when it may now. */
  public long waitSeconds(String address) {
    return byAddress.waitSeconds(address);
  }

  /** Counts one failed attempt from this address. */
  public void failed(String address) {
    byAddress.tryTake(address);
  }

  /** An address that failed too often waits: 429 (thrown) with Retry-After, before any credential is looked at. */
  public void refuseIfLimited(HttpServerResponse response, String address) {
    long wait = waitSeconds(address);
    if (wait > 0) {
      response.putHeader("Retry-After", String.valueOf(wait));
      throw RelayException.rateLimited("too many failed sign-ins from your address; try again later");
    }
  }
}
