package dev.relay.gateway.domain;

import java.time.Instant;
import java.util.Map;

/**
 * A durable timer: something to do at {@code dueAt}, kept in the store so it survives restarts and
 * fires once across replicas.
 *
 * @param key          idempotency key: scheduling a job whose key is already pending returns that job
 * @param claimedUntil while a replica runs it, others leave it alone until this time passes
 */
public record Job(
    String id,
    String kind,
    String key,
    Instant dueAt,
    int attempts,
    State state,
    Map<String, String> payload,
    Instant claimedUntil,
    String lastError) {

  public enum State { PENDING, DONE, CANCELLED, FAILED }

  public Job {
    payload = payload == null ? Map.of() : Map.copyOf(payload);
  }

  public static Job pending(String id, String kind, String key, Instant dueAt, Map<String, String> payload) {
    return new Job(id, kind, key, dueAt, 0, State.PENDING, payload, null, null);
  }

  public Job claimed(Instant until) {
    return new Job(id, kind, key, dueAt, attempts, state, payload, until, lastError);
  }

  public Job finished(State next, String error) {
    return new Job(id, kind, key, dueAt, attempts, next, payload, null, error);
  }

  /**
   * Pending again, due later, with no attempt counted: it was too early, not a failure; or its
   * work goes on then with {@code nextPayload} (null keeps the payload).
   */
  public Job movedTo(Instant next, Map<String, String> nextPayload) {
    return new Job(id, kind, key, next, attempts, State.PENDING, nextPayload == null ? payload : nextPayload, null,
        lastError);
  }

  public Job retryAt(Instant next, String error) {
    return new Job(id, kind, key, next, attempts + 1, State.PENDING, payload, null, error);
  }
}
