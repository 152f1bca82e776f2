package dev.relay.gateway.agents;

import dev.relay.connector.spi.Signals;
import dev.relay.gateway.assignment.WaitingAssigner;
import dev.relay.gateway.calls.AgentCalls;
import dev.relay.gateway.domain.PhoneNumbers;
import dev.relay.gateway.inbox.AgentInbox;
import dev.relay.gateway.presence.PresenceWatch;
import dev.relay.gateway.schedule.HoursBook;
import dev.relay.gateway.store.AgentStore;
import dev.relay.gateway.store.Store;
import io.vertx.ext.web.Router;
import java.time.Clock;

/**
 * Agents and their hours: the admin's agents (hire, edit, new token, deactivate, hand over), an
 * agent's own profile and presence (coming online assigns waiting conversations), working hours.
 * The event stream ({@link AgentStream}) is mounted apart, before authentication: a WebSocket signs
 * in with its first frame.
 */
public final class AgentsFeature {

  private final Store store;
  private final AgentAccess access;
  private final HandOver handOver;
  private final WaitingAssigner waiting;
  private final PresenceWatch presence;
  private final HoursBook hours;
  private final PhoneNumbers phones;
  private final Clock clock;

  public AgentsFeature(Store store, Signals signals, AgentCalls calls, AgentInbox inbox, WaitingAssigner waiting,
                       PresenceWatch presence, HoursBook hours, PhoneNumbers phones, Clock clock) {
    this.store = store;
    this.access = new AgentAccess(store, signals, clock);
    this.handOver = new HandOver(store, calls, inbox, clock);
    this.waiting = waiting;
    this.presence = presence;
    this.hours = hours;
    this.phones = phones;
    this.clock = clock;
  }

  /** Hands over all an agent holds, or transfers one customer (the desk's transfer). */
  public HandOver handOver() {
    return handOver;
  }

  /** After authentication and the admin-only guard. */
  public void mount(Router router) {
    AgentStore agents = store.agents();
    new AgentAdminRoutes(store, access, handOver, presence, waiting, phones, clock).mount(router);
    new AgentRoutes(agents, store.conversations(), presence).mount(router);
    HoursRoutes hoursRoutes = new HoursRoutes(agents, hours, presence);
    hoursRoutes.mountForAgents(router);
    hoursRoutes.mountForAdmins(router);
    new CompanyHoursRoutes(hours, store.audit(), clock).mount(router);
  }
}
