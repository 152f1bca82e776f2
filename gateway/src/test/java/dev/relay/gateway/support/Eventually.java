package dev.relay.gateway.support;

import java.util.function.Supplier;

/** For what the gateway does after answering (a notice sent, a job planned): polled, never slept on. */
public final class Eventually {

  private Eventually() {
  }

  /** The longest pause between two looks: a look that asks the API stays under its per-caller rate (20 a second). */
  private static final long MAX_PAUSE_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(50);

  /**
   * The first value of {@code value} that is not null, within {@link Await#TIMEOUT}; fails naming
   * {@code what}. Looks again after a pause that grows from 1 ms to 50 ms: quick when the gateway
   * is, and never a flood of requests that the API's rate limit would refuse.
   */
  public static <T> T get(Supplier<T> value, String what) {
    long deadline = System.currentTimeMillis() + Await.TIMEOUT.toMillis();
    T found = value.get();
    long pause = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(1);
    while (found == null && System.currentTimeMillis() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(pause);
      pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
      found = value.get();
    }
    if (found == null) {
      throw new AssertionError("never happened: " + what);
    }
    return found;
  }
}
