package dev.relay.gateway.schedule;

import dev.relay.gateway.domain.Job;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Map;

/**
 * Runs one kind of job. A failed future is retried with backoff; a succeeded one marks the job
 * done; {@link #postpone} keeps it pending until a later time without counting an attempt.
 */
@FunctionalInterface
public interface JobHandler {

  Future<Void> run(Job job);

  /** The job found it is too early (the agent is on leave): it waits until {@code until}. */
  static Future<Void> postpone(Instant until) {
    return Future.failedFuture(new Postponed(until, null));
  }

  /**
   * The job's work goes on later with a new payload (a call not placed, tried again in an hour):
   * the job itself is moved, since scheduling another under its key would find this one still
   * pending and create nothing.
   */
  static Future<Void> continueAt(Instant at, Map<String, String> payload) {
    return Future.failedFuture(new Postponed(at, payload));
  }

  /** The outcome {@link #postpone} and {@link #continueAt} carry to the scheduler; payload null keeps the job's. */
  final class Postponed extends RuntimeException {
    final transient Instant until;
    final transient Map<String, String> payload;

    Postponed(Instant until, Map<String, String> payload) {
      super("postponed until " + until, null, false, false);
      this.until = until;
      this.payload = payload;
    }
  }
}
