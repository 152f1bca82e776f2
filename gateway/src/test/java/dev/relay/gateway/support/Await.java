package dev.relay.gateway.support;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a future on the test thread (never an event loop), so journeys read top to bottom. */
public final class Await {

  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Await() {
  }

  public static <T> T result(Future<T> future) {
    return result(future, TIMEOUT);
  }

  public static <T> T result(Future<T> future, Duration timeout) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("future failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("future did not complete in " + timeout, e);
    }
  }

  public static Throwable failure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("expected the future to fail");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("future did not complete in " + TIMEOUT, e);
    }
  }
}
