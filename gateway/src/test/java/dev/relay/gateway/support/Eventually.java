package dev.relay.gateway.support;

import java.util.function.Supplier;

/** For what the gateway does after answering (a notice sent, a job planned): polled, never slept on. */
public final class Eventually {

  private Eventually() {
  }

  /** The first value of {@code value} that is not null, within {@link Await#TIMEOUT}; fails naming {@code what}. */
  public static <T> T get(Supplier<T> value, String what) {
    long deadline = System.currentTimeMillis() + Await.TIMEOUT.toMillis();
    T found = value.get();
    while (found == null && System.currentTimeMillis() < deadline) {
      Thread.yield();
      found = value.get();
    }
    if (found == null) {
      throw new AssertionError("never happened: " + what);
    }
    return found;
  }
}
