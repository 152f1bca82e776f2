package dev.relay.gateway.schedule;

import dev.relay.gateway.domain.Job;
import io.vertx.core.Future;
import java.time.Instant;

/**
 * Runs one kind of job. A failed future is retried with backoff; a succeeded one marks the job
 * done; {@link #postpone} keeps it pending until a later time without counting an attempt.
 */
@FunctionalInterface
public interface JobHandler {

  Future<Void> run(Job job);

  /** The job found it is too early (the agent is on leave): it waits until {@code until}. */
  static Future<Void> postpone(Instant until) {
    return Future.failedFuture(new Postponed(until));
  }

  /** The outcome {@link #postpone} carries to the scheduler. */
  final class Postponed extends RuntimeException {
    final transient Instant until;

    Postponed(Instant until) {
      super("postponed until " + until, null, false, false);
      this.until = until;
    }
  }
}
