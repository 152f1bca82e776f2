package dev.relay.gateway.quality;

import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Caller;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.http.Api;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/quality/report?from=&to=&agent=&team=}: the figures per agent and per team
 * ({@link QualityReport}). Supervisors and admins see everyone (or one agent, or one team); an
 * agent sees their own figures only, and no team's.
 */
final class ReportRoutes {

  private final Store store;
  private final QualityReport report;
  private final Clock clock;

  ReportRoutes(Store store, Clock clock) {
    this.store = store;
    this.report = new QualityReport(store);
    this.clock = clock;
  }

  record AgentFigures(String agentId, String name, String team, boolean active, Tally.Figures figures) {
  }

  record TeamFigures(String team, int agents, Tally.Figures figures) {
  }

  record Report(LocalDate from, LocalDate to, List<AgentFigures> agents, List<TeamFigures> teams) {
  }

  void mount(Router router) {
    router.get("/api/quality/report").handler(rc -> Api.respond(rc, 200, this::report));
  }

  private Future<Report> report(RoutingContext rc) {
    Caller caller = Api.caller(rc);
    ReportPeriod period = ReportPeriod.parse(rc.request().getParam("from"), rc.request().getParam("to"), clock);
    String team = rc.request().getParam("team");
    String agent = rc.request().getParam("agent");
    if (team != null && agent != null) {
      throw RelayException.invalid(List.of("agent, team: ask for one agent or one team"));
    }
    if (team != null) {
      QualityAccess.supervisorOnly(caller, "a team's report");
    }
    String of = agent != null ? agent : caller.supervises() ? null : QualityAccess.agentId(caller);
    if (of != null) {
      QualityAccess.ownOrSupervisor(caller, of, "the reports");
    }
    return store.agents().list().compose(agents -> {
      if (of != null && agents.stream().noneMatch(a -> a.id().equals(of))) {
        return Future.failedFuture(RelayException.notFound("agent " + of));
      }
      if (team != null && agents.stream().noneMatch(a -> team.equals(a.team()))) {
        return Future.failedFuture(RelayException.notFound("team " + team));
      }
      return report.tallies(period).map(tallies -> {
        List<Agent> shown = agents.stream()
            .filter(a -> of == null || a.id().equals(of))
            .filter(a -> team == null || team.equals(a.team()))
            .sorted(Comparator.comparing(Agent::name)).toList();
        List<AgentFigures> rows = shown.stream().map(a -> new AgentFigures(a.id(), a.name(), a.team(), a.active(),
            tallies.getOrDefault(a.id(), new Tally()).figures())).toList();
        Map<String, Tally> byTeam = new TreeMap<>();
        Map<String, Integer> sizes = new TreeMap<>();
        if (caller.supervises() && of == null) {
          shown.stream().filter(a -> a.team() != null).forEach(a -> {
            byTeam.computeIfAbsent(a.team(), t -> new Tally()).add(tallies.getOrDefault(a.id(), new Tally()));
            sizes.merge(a.team(), 1, Integer::sum);
          });
        }
        List<TeamFigures> teams = new ArrayList<>();
        byTeam.forEach((name, tally) -> teams.add(new TeamFigures(name, sizes.get(name), tally.figures())));
        return new Report(period.from(), period.to(), rows, teams);
      });
    });
  }
}
