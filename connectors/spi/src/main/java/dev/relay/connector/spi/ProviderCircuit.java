package dev.relay.connector.spi;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A circuit breaker (resilience4j) around one external provider (an SMTP server, Twilio): while the
 * provider keeps failing, calls are not made at all and the caller keeps its work for later. Runs
 * on the gateway's clock, so tests move time instead of waiting.
 */
public final class ProviderCircuit {

  private final CircuitBreaker breaker;
  private final Predicate<Throwable> providerFault;

  /**
   * @param providerFault which failures are the provider's (they count towards opening); a refusal
   *                      that is the request's own fault (a bad recipient) does not
   */
  public ProviderCircuit(String name, Clock clock, Predicate<Throwable> providerFault) {
    this.providerFault = providerFault;
    this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
        .slidingWindowSize(10)
        .minimumNumberOfCalls(4)
        .failureRateThreshold(50)
        .waitDurationInOpenState(Duration.ofSeconds(30))
        .clock(clock)
        .build());
  }

  /** The call's result, or empty-handed when the circuit is open (the call was not made). */
  public <T> Future<T> call(Supplier<Future<T>> call, Supplier<Future<T>> whenOpen) {
    if (!breaker.tryAcquirePermission()) {
      return whenOpen.get();
    }
    long started = System.nanoTime();
    return call.get().onComplete(result -> {
      long elapsed = System.nanoTime() - started;
      if (result.failed() && providerFault.test(result.cause())) {
        breaker.onError(elapsed, TimeUnit.NANOSECONDS, result.cause());
      } else {
        breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
      }
    });
  }
}
