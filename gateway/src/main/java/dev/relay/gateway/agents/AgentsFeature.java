package dev.relay.gateway.agents;

import dev.relay.gateway.assignment.WaitingAssigner;
import dev.relay.gateway.presence.PresenceWatch;
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
  private final PresenceWatch presence;
  private final AgentHours hours;
  private final Clock clock;

  public AgentsFeature(AgentStore agents, WaitingAssigner waiting, PresenceWatch presence, AgentHours hours,
                       Clock clock) {
    this.agents = agents;
    this.waiting = waiting;
    this.presence = presence;
    this.hours = hours;
    this.clock = clock;
  }

  /** After authentication and the admin-only guard. */
  public void mount(Router router) {
    new AgentAdminRoutes(agents, clock).mount(router);
    new AgentRoutes(agents, presence).mount(router);
    HoursRoutes hoursRoutes = new HoursRoutes(agents, hours, presence);
    hoursRoutes.mountForAgents(router);
    hoursRoutes.mountForAdmins(router);
  }
}
