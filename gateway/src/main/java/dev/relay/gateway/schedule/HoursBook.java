package dev.relay.gateway.schedule;

import dev.relay.connector.spi.Signals;
import dev.relay.gateway.domain.WorkingHours;
import dev.relay.gateway.store.HoursStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The company's and teams' hours in force: what admins saved in the store, else the configuration's
 * {@code hours}. A change is written to the store, then every replica reloads it (a signal) and
 * hears of it ({@code onChange}: presences and call windows are worked out again).
 */
public final class HoursBook {

  static final String CHANGED = "relay.hours.changed";
  private static final Logger LOG = LoggerFactory.getLogger(HoursBook.class);

  private final Vertx vertx;
  private final Signals signals;
  private final HoursStore store;
  private volatile AgentHours current;
  private volatile Consumer<AgentHours> onChange = hours -> { };

  public HoursBook(Vertx vertx, Signals signals, HoursStore store, AgentHours configured) {
    this.vertx = vertx;
    this.signals = signals;
    this.store = store;
    this.current = configured;
  }

  public AgentHours current() {
    return current;
  }

  /** What follows a change on any replica (set once by the wiring, before {@link #load()}). */
  public void onChange(Consumer<AgentHours> next) {
    onChange = next;
  }

  /** Takes the saved hours, if an admin ever saved some, and listens for changes from other replicas. */
  public Future<Void> load() {
    vertx.eventBus().<String>localConsumer(CHANGED, m -> reload()
        .onSuccess(onChange::accept)
        .onFailure(err -> LOG.atError().setCause(err).log("working hours not reloaded")));
    return reload().mapEmpty();
  }

  private Future<AgentHours> reload() {
    return store.get().map(saved -> {
      saved.ifPresent(s -> current = new AgentHours(s.company(), s.teams()));
      return current;
    });
  }

  /** The company's hours from now on (null: any time); checked by the caller. */
  public Future<AgentHours> setCompany(WorkingHours company) {
    return save(company, current.teams());
  }

  /** One team's hours from now on (null: the team follows the company's). */
  public Future<AgentHours> setTeam(String team, WorkingHours hours) {
    Map<String, WorkingHours> teams = new HashMap<>(current.teams());
    if (hours == null) {
      teams.remove(team);
    } else {
      teams.put(team, hours);
    }
    return save(current.company(), teams);
  }

  private Future<AgentHours> save(WorkingHours company, Map<String, WorkingHours> teams) {
    return store.put(company, teams).map(saved -> {
      current = new AgentHours(saved.company(), saved.teams());
      signals.publish(CHANGED, "saved");
      return current;
    });
  }
}
