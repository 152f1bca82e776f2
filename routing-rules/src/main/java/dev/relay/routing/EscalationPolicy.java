package dev.relay.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * What the first-response target does: {@code warnBefore} the due time the answering agent is
 * nudged (the target is at risk); once it is missed the supervisors are told and {@code whenMissed}
 * applies.
 */
public record EscalationPolicy(Duration warnBefore, WhenMissed whenMissed) {

  public enum WhenMissed {
    /** Supervisors are told; the conversation stays where it is. */
    NOTIFY,
    /** A teammate answers now; the owner stays the owner (and gets it back when they return). */
    COVER,
    /** A teammate becomes the customer's owner. */
    REASSIGN
  }

  public EscalationPolicy {
    Objects.requireNonNull(warnBefore, "warnBefore");
    Objects.requireNonNull(whenMissed, "whenMissed");
  }
}
