package dev.relay.gateway.agents;

import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Presence;
import dev.relay.gateway.http.Api;
import dev.relay.gateway.http.Fields;
import dev.relay.gateway.presence.PresenceWatch;
import dev.relay.gateway.store.AgentStore;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/agents/me}: an agent's own profile and presence. The agent sets themselves available
 * or away; whether they are reachable is then computed with their hours and desk.
 */
public final class AgentRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(AgentRoutes.class);

  private final AgentStore agents;
  private final PresenceWatch presence;

  public AgentRoutes(AgentStore agents, PresenceWatch presence) {
    this.agents = agents;
    this.presence = presence;
  }

  public void mount(Router api) {
    api.get("/api/agents/me").handler(rc -> Api.respond(rc, 200,
        r -> agents.get(Api.agent(r).agent().id()).map(found -> presence.now(found.orElseThrow()))));
    api.put("/api/agents/me/presence").handler(rc -> Api.respond(rc, 200, this::presence));
  }

  private Future<Agent> presence(RoutingContext rc) {
    String agentId = Api.agent(rc).agent().id();
    Fields fields = new Fields(Api.body(rc), Set.of("status"));
    Presence status = fields.requiredEnum("status", Presence.class);
    fields.check();
    return agents.update(agentId, a -> a.withPresence(status))
        .onSuccess(agent -> LOG.atInfo().addKeyValue("agent", agentId).addKeyValue("chose", status).log("presence chosen"))
        .compose(agent -> presence.refresh(agentId));
  }
}
