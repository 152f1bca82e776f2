package dev.relay.connector.spi;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Runs a pass again and again on Vert.x timers, never two at once and never blocking: after a pass
 * that succeeded it waits {@code every}, after failures in a row it waits what the {@link Backoff}
 * says. A pass may be long (a mailbox session); the next wait starts when it completes.
 */
public final class Poller {

  private final Vertx vertx;
  private final Duration every;
  private final Backoff onFailure;
  private final Supplier<Future<?>> pass;
  private volatile boolean running;
  private long timer = -1;
  private int failures;

  public Poller(Vertx vertx, Duration every, Backoff onFailure, Supplier<Future<?>> pass) {
    this.vertx = vertx;
    this.every = every;
    this.onFailure = onFailure;
    this.pass = pass;
  }

  /** Runs the first pass after {@code delay}. */
  public void start(Duration delay) {
    running = true;
    schedule(delay);
  }

  /** No pass starts after this; one under way finishes. */
  public void stop() {
    running = false;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /**
   * Runs the next pass now instead of after the wait (the server said there is work, or is back):
   * nothing when a pass is under way, as the next one follows it anyway. On the poller's context.
   */
  public void runNow() {
    if (running && timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
      run();
    }
  }

  public boolean running() {
    return running;
  }

  private void schedule(Duration delay) {
    timer = vertx.setTimer(Math.max(1, delay.toMillis()), id -> {
      timer = -1;
      run();
    });
  }

  private void run() {
    Future<?> ran;
    try {
      ran = pass.get();
    } catch (RuntimeException e) {
      ran = Future.failedFuture(e);
    }
    ran.onComplete(result -> {
      Duration wait = next(result.succeeded());
      if (running) {
        schedule(wait);
      }
    });
  }

  /** The wait after a pass with this outcome; package-private so the policy is tested without timers. */
  Duration next(boolean succeeded) {
    failures = succeeded ? 0 : failures + 1;
    return succeeded ? every : onFailure.after(failures);
  }
}
