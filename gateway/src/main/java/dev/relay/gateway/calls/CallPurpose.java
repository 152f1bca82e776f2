package dev.relay.gateway.calls;

import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.texts.TextKey;

/**
 * What one kind of agent call (a follow-up, a callback) says; placing it, retrying it and writing
 * instead when nobody answers are {@link AgentCalls}'.
 */
public interface CallPurpose {

  /** The job kind, also the prefix of the call's kind in the timeline ({@code <kind>-call}). */
  String kind();

  /** Whether the job's agent calls even when someone else owns the customer now. */
  boolean named(CallJob job);

  /** The call in the timeline, e.g. "Callback by Ada". */
  String label(Agent caller);

  /** What the agent hears before the customer is connected; {@code who} is the customer's name. */
  String script(String who);

  /**
   * The text written instead when the customer cannot be called, or was not reached after every
   * attempt ({@code afterCalls}); given {@code named}, {@code customer} and {@code agent}.
   */
  TextKey message(boolean afterCalls);

  /** Whether its calls are recorded (the company turned it on), the customer told first. */
  default boolean recorded() {
    return false;
  }
}
