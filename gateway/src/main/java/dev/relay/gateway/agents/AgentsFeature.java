package dev.relay.gateway.agents;

import dev.relay.gateway.domain.PhoneNumbers;
import dev.relay.gateway.assignment.WaitingAssigner;
import dev.relay.gateway.schedule.AgentHours;
import dev.relay.gateway.store.AgentStore;
import io.vertx.ext.web.Router;
import java.time.Clock;

/**
 * Agents and their hours: the admin's agent list, an agent's own profile and presence (coming
 * online assigns waiting conversations), working hours. The event stream ({@link AgentStream}) is
 * mounted apart, before authentication: a WebSocket signs in with its first frame.
 */
public final class AgentsFeature {

  private final AgentStore agents;
  private final WaitingAssigner waiting;
  private final AgentHours hours;
  private final PhoneNumbers phones;
  private final Clock clock;

  public AgentsFeature(AgentStore agents, WaitingAssigner waiting, AgentHours hours, PhoneNumbers phones, Clock clock) {
    this.agents = agents;
    this.waiting = waiting;
    this.hours = hours;
    this.phones = phones;
    this.clock = clock;
  }

  /** After authentication and the admin-only guard. */
  public void mount(Router router) {
    new AgentAdminRoutes(agents, phones, clock).mount(router);
    new AgentRoutes(agents, waiting).mount(router);
    HoursRoutes hoursRoutes = new HoursRoutes(agents, hours);
    hoursRoutes.mountForAgents(router);
    hoursRoutes.mountForAdmins(router);
  }
}
