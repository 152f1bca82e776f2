package dev.relay.gateway.presence;

import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Reachability;
import dev.relay.gateway.domain.WorkingHours;
import dev.relay.gateway.presence.Outlook.State;
import dev.relay.gateway.schedule.AgentHours;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Works out the {@link Outlook} a customer is told: for their own agent, or, before they have one,
 * for the whole team. Only what the hours, the desks and the measured response times support.
 */
public final class Outlooks {

  private final Store store;
  private final Presences presences;
  private final ResponseTimes responseTimes;
  private final Supplier<AgentHours> hours;
  private final Clock clock;

  public Outlooks(Store store, Presences presences, ResponseTimes responseTimes, Supplier<AgentHours> hours,
                  Clock clock) {
    this.store = store;
    this.presences = presences;
    this.responseTimes = responseTimes;
    this.hours = hours;
    this.clock = clock;
  }

  /**
   * For a customer of {@code agent}.
   *
   * @param counted the customer's conversation is already among the agent's open ones
   */
  public Future<Outlook> of(Agent agent, boolean counted) {
    Instant now = clock.instant();
    Reachability reach = presences.of(agent, now);
    if (reach == Reachability.CLOSED) {
      return Future.succeededFuture(new Outlook(State.CLOSED, agent.name(),
          presences.backAt(agent, now).orElse(null), null, zoneOf(agent)));
    }
    if (reach == Reachability.AWAY) {
      return Future.succeededFuture(new Outlook(State.AWAY, agent.name(), null, null, zoneOf(agent)));
    }
    return store.conversations().openCount(agent.id()).compose(open -> {
      boolean full = counted ? open > agent.capacity() : open >= agent.capacity();
      return !full ? Future.succeededFuture(Outlook.here(agent.name()))
          : responseTimes.expectedWait(agent)
              .map(wait -> new Outlook(State.BUSY, agent.name(), null, wait.orElse(null), zoneOf(agent)));
    });
  }

  /** For a customer nobody answers yet: the team as a whole (someone free, everyone busy, away or closed). */
  public Future<Outlook> ofTeam() {
    Instant now = clock.instant();
    return store.agents().list().compose(agents -> store.conversations().openLoad().compose(load -> {
      List<Agent> here = agents.stream().filter(a -> presences.reachable(a, now)).toList();
      if (here.stream().anyMatch(a -> load.getOrDefault(a.id(), 0) < a.capacity())) {
        return Future.succeededFuture(Outlook.here(null));
      }
      if (!here.isEmpty()) {
        return responseTimes.expectedWait(leastLoaded(here, load))
            .map(wait -> new Outlook(State.BUSY, null, null, wait.orElse(null), companyZone()));
      }
      boolean someoneWorks = agents.stream().anyMatch(a -> presences.of(a, now) == Reachability.AWAY);
      Optional<Agent> firstBack = agents.stream().filter(a -> presences.backAt(a, now).isPresent())
          .min(Comparator.comparing(a -> presences.backAt(a, now).orElseThrow()));
      if (someoneWorks || firstBack.isEmpty()) {
        return Future.succeededFuture(new Outlook(State.AWAY, null, null, null, companyZone()));
      }
      return Future.succeededFuture(new Outlook(State.CLOSED, null, presences.backAt(firstBack.get(), now).orElseThrow(),
          null, zoneOf(firstBack.get())));
    }));
  }

  private static Agent leastLoaded(List<Agent> agents, Map<String, Integer> load) {
    return agents.stream().min(Comparator.comparingInt(a -> load.getOrDefault(a.id(), 0))).orElseThrow();
  }

  private ZoneId zoneOf(Agent agent) {
    WorkingHours effective = hours.get().effective(agent);
    return effective == null ? companyZone() : ZoneId.of(effective.timezone());
  }

  private ZoneId companyZone() {
    WorkingHours company = hours.get().company();
    return company == null ? clock.getZone() : ZoneId.of(company.timezone());
  }
}
