package dev.relay.gateway.store;

import dev.relay.gateway.domain.WorkingHours;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;

/**
 * The company's and the teams' working hours, as admins set them (the YAML's {@code hours} is only
 * the starting point of a new store). Agents' own hours are kept on the agent.
 */
public interface HoursStore {

  /** Empty until an admin has set them (then the configuration's apply). */
  Future<Optional<Saved>> get();

  /** Replaces all of it in one write: the company's hours (null: any time) and every team's. */
  Future<Saved> put(WorkingHours company, Map<String, WorkingHours> teams);

  /** @param company null when the company keeps no hours */
  record Saved(WorkingHours company, Map<String, WorkingHours> teams) {
    public Saved {
      teams = teams == null ? Map.of() : Map.copyOf(teams);
    }
  }
}
