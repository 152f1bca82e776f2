package dev.relay.gateway.presence;

import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Availability;
import dev.relay.gateway.domain.Reachability;
import dev.relay.gateway.schedule.AgentHours;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Computes whether an agent is reachable: their working hours (own, team's or company's, with
 * holidays) say they work, a desk or stream of theirs is connected (here, or seen on another
 * replica within the grace), and they did not set themselves away.
 */
public final class Presences {

  private final Supplier<AgentHours> hours;
  private final DeskConnections desks;
  private final Duration grace;

  public Presences(Supplier<AgentHours> hours, DeskConnections desks, Duration grace) {
    this.hours = hours;
    this.desks = desks;
    this.grace = grace;
  }

  public Reachability of(Agent agent, Instant now) {
    if (!hours.get().of(agent).isOpen(now)) {
      return Reachability.CLOSED;
    }
    return agent.available() && connected(agent, now) ? Reachability.HERE : Reachability.AWAY;
  }

  public boolean reachable(Agent agent, Instant now) {
    return of(agent, now) == Reachability.HERE;
  }

  /** When the agent next starts work, if they are out of hours now; empty when they work now or never again. */
  public Optional<Instant> backAt(Agent agent, Instant now) {
    Availability works = hours.get().of(agent);
    return works.isOpen(now) ? Optional.empty() : works.earliestOpen(now);
  }

  boolean connected(Agent agent, Instant now) {
    return desks.connectedHere(agent.id()) || graceEnds(agent).filter(now::isBefore).isPresent();
  }

  /**
   * When the computed state may change without anyone acting: the grace of a closed desk runs out,
   * or the working day of a connected agent ends or starts. Empty when only an act can change it.
   */
  Optional<Instant> nextChange(Agent agent, Instant now) {
    Optional<Instant> graceEnd = desks.connectedHere(agent.id()) ? Optional.empty()
        : graceEnds(agent).filter(now::isBefore);
    Optional<Instant> hoursChange = Optional.empty();
    if (agent.available() && connected(agent, now)) {
      Availability works = hours.get().of(agent);
      hoursChange = works.isOpen(now) ? works.closesAfter(now) : works.earliestOpen(now);
    }
    return Stream.of(graceEnd, hoursChange).flatMap(Optional::stream).min(Instant::compareTo);
  }

  private Optional<Instant> graceEnds(Agent agent) {
    return Optional.ofNullable(agent.seenAt()).map(seen -> seen.plus(grace));
  }

  Duration grace() {
    return grace;
  }
}
