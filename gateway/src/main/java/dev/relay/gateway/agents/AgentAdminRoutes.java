package dev.relay.gateway.agents;

import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.AgentTokens;
import dev.relay.gateway.domain.Ids;
import dev.relay.gateway.domain.PhoneNumbers;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.http.Api;
import dev.relay.gateway.http.Page;
import dev.relay.gateway.http.Fields;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/admin/agents}: admins hire agents (the token is shown once), list and edit them, give
 * a new token, deactivate one who leaves and hand their customers over. Every change is audited.
 */
public final class AgentAdminRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(AgentAdminRoutes.class);

  private final Store store;
  private final AgentAccess access;
  private final HandOver handOver;
  private final PhoneNumbers phones;
  private final Clock clock;

  public AgentAdminRoutes(Store store, AgentAccess access, HandOver handOver, PhoneNumbers phones, Clock clock) {
    this.store = store;
    this.access = access;
    this.handOver = handOver;
    this.phones = phones;
    this.clock = clock;
  }

  /** Mounts on a router whose requests are already checked to be the admin's. */
  public void mount(Router admin) {
    admin.post("/api/admin/agents").handler(rc -> Api.respond(rc, 201, this::create));
    admin.get("/api/admin/agents").handler(rc -> Api.respond(rc, 200, r -> {
      Page page = Page.of(r);
      return store.agents().list().map(list -> page.slice(list, a -> Page.oldestFirst(a.createdAt(), a.id())).answer());
    }));
    admin.get("/api/admin/agents/:id").handler(rc -> Api.respond(rc, 200, r -> store.agents().get(r.pathParam("id"))
        .map(a -> a.orElseThrow(() -> RelayException.notFound("agent " + r.pathParam("id"))))));
    admin.patch("/api/admin/agents/:id").handler(rc -> Api.respond(rc, 200, this::edit));
    admin.post("/api/admin/agents/:id/token").handler(rc -> Api.respond(rc, 200,
        r -> access.replaceToken(r.pathParam("id"), Api.actor(r))));
    admin.post("/api/admin/agents/:id/deactivate").handler(rc -> Api.respond(rc, 200,
        r -> access.deactivate(r.pathParam("id"), Api.actor(r))));
    admin.post("/api/admin/agents/:id/handover").handler(rc -> Api.respond(rc, 200, this::handOver));
  }

  /** The new agent and their token, which is not stored and cannot be shown again. */
  public record Created(Agent agent, String token) {
  }

  private Future<Created> create(RoutingContext rc) {
    Agent agent = AgentForm.create(Api.body(rc), phones, Ids.next("agt"), clock.instant());
    String token = AgentTokens.newToken();
    return store.agents().create(agent, AgentTokens.hash(token))
        .compose(created -> store.audit().append(Api.actor(rc), "agent.created", created.id(),
            Map.of("role", created.role()), clock.instant()).map(created))
        .map(created -> {
          LOG.atInfo().addKeyValue("agent", created.id()).addKeyValue("team", created.team()).log("agent created");
          return new Created(created, token);
        });
  }

  private Future<Agent> edit(RoutingContext rc) {
    var change = AgentForm.edit(Api.body(rc), phones);
    String id = rc.pathParam("id");
    return store.agents().update(id, a -> change.apply(AgentAccess.stillActive(a)))
        .compose(after -> store.audit().append(Api.actor(rc), "agent.edited", id,
            Map.of("fields", List.copyOf(Api.body(rc).fieldNames())), clock.instant()).map(after));
  }

  private Future<HandOver.Result> handOver(RoutingContext rc) {
    Fields fields = new Fields(Api.body(rc), Set.of("agentId", "team"));
    String agentId = fields.optionalString("agentId", 100);
    String team = fields.optionalString("team", 60);
    if ((agentId == null) == (team == null)) {
      fields.problem("give agentId (one agent takes everything) or team (spread over its agents), one of them");
    }
    fields.check();
    return handOver.handOver(rc.pathParam("id"),
        new HandOver.Target(agentId, team == null ? null : team.toLowerCase(Locale.ROOT)), Api.actor(rc));
  }
}
