package dev.relay.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * What happens when the customer's dedicated agent is away or at capacity: wait up to
 * {@code waitFor} for them, then {@code whenAway}. Ownership stays with the owner unless the
 * policy is {@link Away#REASSIGN}.
 */
public record OwnerPolicy(Away whenAway, Duration waitFor) {

  public enum Away {
    /** Keep waiting for the owner, however long it takes. */
    WAIT,
    /** A teammate answers; the owner stays the owner. */
    COVER,
    /** Another agent becomes the customer's owner. */
    REASSIGN
  }

  public OwnerPolicy {
    Objects.requireNonNull(whenAway, "whenAway");
    Objects.requireNonNull(waitFor, "waitFor");
  }
}
