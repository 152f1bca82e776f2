package dev.relay.routing;

import java.time.Duration;
import java.time.LocalTime;

/**
 * The check-in after a conversation is resolved.
 *
 * @param after   how long after resolution (P7D by default); null or zero disables the follow-up
 * @param by      {@code owner} (the dedicated agent) or {@code team}
 * @param channel {@code phone}, or {@code last} (the channel the customer last used)
 * @param from    start of the window, in the customer's time zone
 * @param until   end of the window, in the customer's time zone
 */
public record FollowUpPolicy(Duration after, By by, Channel channel, LocalTime from, LocalTime until) {

  /** Who calls: the customer's own agent, or a teammate of theirs who works sooner. */
  public enum By { OWNER, TEAM }

  /** How: a call (a message when calls are impossible), or a message on the customer's last channel. */
  public enum Channel { PHONE, LAST }
}
