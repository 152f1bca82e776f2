package dev.relay.gateway.agents;

import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Presence;
import dev.relay.gateway.domain.Reachability;
import dev.relay.gateway.http.Api;
import dev.relay.gateway.http.Fields;
import dev.relay.gateway.presence.PresenceWatch;
import dev.relay.gateway.store.AgentStore;
import dev.relay.gateway.store.ConversationStore;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/agents/me}: an agent's own profile and presence. The agent sets themselves available
 * or away; whether they are reachable is then computed with their hours and desk.
 * {@code /api/agents/teammates}: the colleagues a conversation can be transferred to.
 */
public final class AgentRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(AgentRoutes.class);

  private final AgentStore agents;
  private final ConversationStore conversations;
  private final PresenceWatch presence;

  public AgentRoutes(AgentStore agents, ConversationStore conversations, PresenceWatch presence) {
    this.agents = agents;
    this.conversations = conversations;
    this.presence = presence;
  }

  /** A colleague as the desk's transfer shows them: whether they can be reached now, and their load. */
  public record Teammate(String id, String name, String team, Reachability reachability, int open, int capacity) {
  }

  public void mount(Router api) {
    api.get("/api/agents/me").handler(rc -> Api.respond(rc, 200,
        r -> agents.get(Api.agent(r).agent().id()).map(found -> presence.now(found.orElseThrow()))));
    api.put("/api/agents/me/presence").handler(rc -> Api.respond(rc, 200, this::presence));
    api.get("/api/agents/teammates").handler(rc -> Api.respond(rc, 200, this::teammates));
  }

  /** Every other active agent, by team then name: whom a conversation can be transferred to. */
  private Future<Map<String, Object>> teammates(RoutingContext rc) {
    String me = Api.agent(rc).agent().id();
    return agents.list().compose(all -> conversations.openLoad().map(load -> Map.of("items", all.stream()
        .filter(a -> a.active() && !a.id().equals(me))
        .map(presence::now)
        .sorted(Comparator.comparing((Agent a) -> a.team() == null ? "" : a.team()).thenComparing(Agent::name))
        .map(a -> new Teammate(a.id(), a.name(), a.team(), a.reachability(), load.getOrDefault(a.id(), 0), a.capacity()))
        .toList())));
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
