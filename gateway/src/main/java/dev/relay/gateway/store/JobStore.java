package dev.relay.gateway.store;

import dev.relay.gateway.domain.Job;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Durable jobs for the scheduler. */
public interface JobStore {

  /** Stores a pending job, or returns the pending job that already has its key. */
  Future<Job> schedule(Job job);

  /**
   * Atomically takes up to {@code max} pending jobs due at {@code now} that nobody holds (or whose
   * holder's lease ran out), holding them for {@code lease}. A job is handed to one caller at a time.
   */
  Future<List<Job>> claimDue(Instant now, int max, Duration lease);

  Future<Optional<Job>> get(String id);

  /** The pending job with this idempotency key, if any: a lookup, not a read of every job. */
  Future<Optional<Job>> pendingWithKey(String key);

  /** Jobs matching every non-null filter, soonest first. */
  Future<List<Job>> list(String kind, Job.State state, String payloadKey, String payloadValue);

  /** Changes a job atomically (complete, retry, cancel); fails with {@code not_found}. */
  Future<Job> update(String id, UnaryOperator<Job> change);

  /** How many pending jobs are due at {@code by} (their due time is not after it). */
  Future<Long> countDue(Instant by);

  /** Cancels the pending job with this key, if any; true when one was cancelled. */
  Future<Boolean> cancelKey(String key);

  /** Removes the job, whatever its state, and frees its key; false when unknown. */
  Future<Boolean> delete(String id);
}
