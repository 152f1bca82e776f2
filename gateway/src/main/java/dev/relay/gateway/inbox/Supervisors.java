package dev.relay.gateway.inbox;

import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.store.AgentStore;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * Events for the people who watch the service: every active agent whose role is supervisor or
 * admin gets them in their inbox (so their board and desk hear of them live, and a closed desk
 * finds them on its next connection).
 */
public final class Supervisors {

  private final AgentStore agents;
  private final AgentInbox inbox;

  public Supervisors(AgentStore agents, AgentInbox inbox) {
    this.agents = agents;
    this.inbox = inbox;
  }

  public static boolean supervises(Agent agent) {
    return agent.active() && agent.role() != Agent.Role.AGENT;
  }

  /** Tells every supervisor but {@code except} (who did it themselves; may be null). */
  public Future<Void> tell(String type, Map<String, Object> data, String except) {
    return agents.list().compose(all -> {
      List<Future<?>> told = all.stream().filter(Supervisors::supervises).filter(a -> !a.id().equals(except))
          .<Future<?>>map(a -> inbox.publish(a.id(), type, data)).toList();
      return Future.all(told).mapEmpty();
    });
  }
}
