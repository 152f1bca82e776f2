package dev.relay.gateway.agents;

import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.http.Api;
import dev.relay.gateway.http.Fields;
import dev.relay.gateway.presence.PresenceWatch;
import dev.relay.gateway.schedule.AgentHours;
import dev.relay.gateway.schedule.HoursBook;
import dev.relay.gateway.domain.WorkingHours;
import dev.relay.gateway.store.AgentStore;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Working hours and holidays: an agent keeps their own ({@code /api/agents/me/hours}, e.g. to
 * enter leave), an admin sets anyone's ({@code /api/admin/agents/{id}/hours}). GET answers the
 * hours that apply (own, team's or company's) and where they come from; DELETE falls back to the team's.
 */
public final class HoursRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(HoursRoutes.class);

  private final AgentStore agents;
  private final HoursBook book;
  private final PresenceWatch presence;

  public HoursRoutes(AgentStore agents, HoursBook book, PresenceWatch presence) {
    this.agents = agents;
    this.book = book;
    this.presence = presence;
  }

  public void mountForAgents(Router api) {
    api.get("/api/agents/me/hours").handler(rc -> Api.respond(rc, 200, r -> show(Api.agent(r).agent().id())));
    api.put("/api/agents/me/hours").handler(rc -> Api.respond(rc, 200, r -> set(Api.agent(r).agent().id(), read(r))));
    api.delete("/api/agents/me/hours").handler(rc -> Api.respond(rc, 200, r -> set(Api.agent(r).agent().id(), null)));
  }

  public void mountForAdmins(Router admin) {
    admin.get("/api/admin/agents/:id/hours").handler(rc -> Api.respond(rc, 200, r -> show(r.pathParam("id"))));
    admin.put("/api/admin/agents/:id/hours").handler(rc -> Api.respond(rc, 200, r -> set(r.pathParam("id"), read(r))));
    admin.delete("/api/admin/agents/:id/hours").handler(rc -> Api.respond(rc, 200, r -> set(r.pathParam("id"), null)));
  }

  private Future<HoursView> show(String agentId) {
    return agents.get(agentId).map(found -> describe(found.orElseThrow(() -> RelayException.notFound("agent"))));
  }

  private Future<HoursView> set(String agentId, WorkingHours hours) {
    // New hours may open or close their day now: their presence is worked out again.
    return agents.update(agentId, a -> a.withHours(hours))
        .onSuccess(agent -> LOG.atInfo().addKeyValue("agent", agentId).addKeyValue("own", hours != null)
            .log("working hours changed"))
        .compose(agent -> presence.refresh(agentId))
        .map(this::describe);
  }

  /**
   * @param source where the hours come from: {@code agent}, {@code team}, {@code company}, or {@code any-time}
   * @param hours  the hours that apply, or null for any time
   */
  public record HoursView(String source, WorkingHours hours) {
  }

  private HoursView describe(Agent agent) {
    AgentHours defaults = book.current();
    WorkingHours effective = defaults.effective(agent);
    String source = agent.hours() != null ? "agent"
        : agent.team() != null && defaults.teams().containsKey(agent.team()) ? "team"
        : effective != null ? "company" : "any-time";
    return new HoursView(source, effective);
  }

  /** Hours from a request body; every problem in one 422. */
  static WorkingHours read(RoutingContext rc) {
    Fields fields = new Fields(Api.body(rc), WorkingHours.FIELDS);
    String timezone = fields.requiredString("timezone", 60);
    Fields week = fields.optionalObject("week", WorkingHours.DAYS.keySet());
    Map<String, List<String>> days = new HashMap<>();
    for (String day : WorkingHours.DAYS.keySet()) {
      List<String> ranges = week.optionalStrings(day, 8, 20);
      if (!ranges.isEmpty()) {
        days.put(day, ranges);
      }
    }
    List<String> holidays = fields.optionalStrings("holidays", 400, 30);
    WorkingHours hours = new WorkingHours(timezone, days, holidays);
    if (timezone != null) {
      hours.problems("").forEach(fields::problem);
    }
    fields.check();
    return hours;
  }
}
