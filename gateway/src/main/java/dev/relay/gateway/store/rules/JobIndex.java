package dev.relay.gateway.store.rules;

import dev.relay.gateway.domain.Job;

/** The rules of the pending-by-key index that makes scheduling idempotent, and of cancelling by key. */
public final class JobIndex {

  private JobIndex() {
  }

  /** Whether the job holds its key's pending entry (a conflict when another pending job holds it). */
  public static boolean holdsKey(Job job) {
    return job.state() == Job.State.PENDING;
  }

  /** Cancelling leaves a job that already finished as it is, so a late cancel changes nothing. */
  public static Job cancel(Job job) {
    return holdsKey(job) ? job.finished(Job.State.CANCELLED, null) : job;
  }

  /** What {@code cancelKey} answers for the job {@link #cancel} left: whether this cancel took effect. */
  public static boolean cancelled(Job after) {
    return after.state() == Job.State.CANCELLED;
  }
}
