package dev.relay.gateway.ops;

import dev.relay.gateway.domain.Agent;
import java.util.List;
import java.util.Objects;

/**
 * A team as a metric label from a closed set: one of the teams agents belong to (the first
 * {@link #MAX_TEAMS} by name, so a typo-ridden agent list cannot grow the series without bound),
 * {@code none} when the conversation has no team, {@code other} for anything else.
 */
public final class TeamLabel {

  static final int MAX_TEAMS = 50;

  private TeamLabel() {
  }

  public static String of(String team, List<Agent> agents) {
    if (team == null || team.isBlank()) {
      return "none";
    }
    boolean known = agents.stream().map(Agent::team).filter(Objects::nonNull).distinct().sorted().limit(MAX_TEAMS)
        .anyMatch(team::equals);
    return known ? team : "other";
  }
}
