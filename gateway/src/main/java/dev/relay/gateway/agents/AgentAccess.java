package dev.relay.gateway.agents;

import dev.relay.connector.spi.Signals;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.AgentTokens;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Map;

/**
 * Who can sign in as an agent: a new token replaces the old one at once, and a departing agent is
 * deactivated (signed out everywhere, never routed to again; what they wrote stays under their
 * name). Both tell every replica, whose open streams of that agent check their sign-in again and
 * close if it no longer holds.
 */
public final class AgentAccess {

  private final Store store;
  private final Signals signals;
  private final Clock clock;

  public AgentAccess(Store store, Signals signals, Clock clock) {
    this.store = store;
    this.signals = signals;
    this.clock = clock;
  }

  /** Where the replicas hear that an agent's sign-in changed; the value is unused. */
  public static String changedAddress(String agentId) {
    return "relay.agent.access." + agentId;
  }

  /** The agent with their new token, shown this once. */
  public record Replaced(Agent agent, String token) {
  }

  public Future<Replaced> replaceToken(String agentId, String actor) {
    String token = AgentTokens.newToken();
    return active(agentId)
        .compose(agent -> store.agents().replaceToken(agentId, AgentTokens.hash(token)).map(agent))
        .compose(agent -> signedOut(agentId, actor, "agent.token-replaced", Map.of()).map(new Replaced(agent, token)));
  }

  /** The agent, deactivated, and how many customers they still own (to hand over). */
  public record Deactivated(Agent agent, int customersToHandOver) {
  }

  public Future<Deactivated> deactivate(String agentId, String actor) {
    return store.agents().update(agentId, a -> {
      if (!a.active()) {
        throw RelayException.conflict("agent_deactivated", a.name() + " was deactivated already");
      }
      return a.deactivated(clock.instant());
    }).compose(agent -> store.agents().replaceToken(agentId, null)
        .compose(v -> store.signIn().closeSessionsOf(agentId))
        .compose(v -> store.customers().ownedBy(agentId))
        .compose(owned -> signedOut(agentId, actor, "agent.deactivated", Map.of("customersOwned", owned.size()))
            .map(new Deactivated(agent, owned.size()))));
  }

  private Future<Agent> active(String agentId) {
    return store.agents().get(agentId)
        .map(found -> stillActive(found.orElseThrow(() -> RelayException.notFound("agent " + agentId))));
  }

  /** The agent, if they may still be changed: a departed agent's record is history. */
  static Agent stillActive(Agent agent) {
    if (!agent.active()) {
      throw RelayException.conflict("agent_deactivated", agent.name() + " was deactivated; their record is kept as history");
    }
    return agent;
  }

  private Future<Void> signedOut(String agentId, String actor, String action, Map<String, Object> details) {
    signals.publish(changedAddress(agentId), "");
    return store.audit().append(actor, action, agentId, details, clock.instant()).mapEmpty();
  }
}
