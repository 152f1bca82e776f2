package dev.relay.gateway.presence;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * What a customer can truthfully be told about who answers and when.
 *
 * @param state     {@code HERE} (reachable with room), {@code BUSY} (reachable, at capacity),
 *                  {@code AWAY} (in hours, not at their desk) or {@code CLOSED} (out of hours)
 * @param agentName who answers, or null when nobody is theirs yet (the team)
 * @param back      when they start work again ({@code CLOSED} only), or null
 * @param expectedWait about how long a first answer takes now ({@code BUSY} only), or null when the
 *                  measurements say too little
 * @param zone      the zone {@code back} is meant in when the customer's own is not known (the agent's hours)
 */
public record Outlook(State state, String agentName, Instant back, Duration expectedWait, ZoneId zone) {

  public enum State { HERE, BUSY, AWAY, CLOSED }

  public static Outlook here(String agentName) {
    return new Outlook(State.HERE, agentName, null, null, null);
  }

  /** The expected wait in whole minutes, rounded up (at least one), as customers are told it; null without one. */
  public Integer expectedMinutes() {
    return expectedWait == null ? null : (int) Math.max(1, (expectedWait.toSeconds() + 59) / 60);
  }
}
