package dev.relay.gateway.http;

import dev.relay.connector.spi.RateLimit;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.domain.Caller;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps one caller (an agent's token, the admin token) from flooding the API: over its budget it
 * gets 429 with {@code Retry-After}, and the request does nothing. Runs after authentication, so
 * the callers it tracks are bounded by the agents that exist.
 */
public final class ApiRateLimit {

  private final Clock clock;
  private final int burst;
  private final int perMinute;
  private final Map<String, RateLimit> callers = new ConcurrentHashMap<>();

  public ApiRateLimit(Clock clock, int burst, int perMinute) {
    this.clock = clock;
    this.burst = burst;
    this.perMinute = perMinute;
  }

  public void check(RoutingContext rc) {
    String key = Api.caller(rc) instanceof Caller.AgentCaller a ? a.agent().id() : "admin";
    RateLimit limit = callers.computeIfAbsent(key, k -> new RateLimit(clock, burst, perMinute, Duration.ofMinutes(1)));
    if (limit.tryTake()) {
      rc.next();
      return;
    }
    rc.response().putHeader("Retry-After", String.valueOf(limit.secondsToWait()));
    rc.fail(RelayException.rateLimited("too many requests; retry after the Retry-After seconds"));
  }
}
