package dev.relay.gateway.agents;

import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.http.Api;
import dev.relay.gateway.store.AuditStore;
import dev.relay.gateway.schedule.AgentHours;
import dev.relay.gateway.schedule.HoursBook;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/admin/hours}: the company's and each team's hours and holidays, edited by admins and
 * kept in the store (the YAML's {@code hours} apply until an admin saves some). Every change is
 * audited and takes effect at once on every replica: who is reachable, what customers are told,
 * when calls are placed.
 */
final class CompanyHoursRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(CompanyHoursRoutes.class);
  private static final Pattern TEAM = Pattern.compile("[a-z0-9][a-z0-9_-]{0,59}");

  private final HoursBook book;
  private final AuditStore audit;
  private final Clock clock;

  CompanyHoursRoutes(HoursBook book, AuditStore audit, Clock clock) {
    this.book = book;
    this.audit = audit;
    this.clock = clock;
  }

  void mount(Router admin) {
    admin.get("/api/admin/hours").handler(rc -> Api.respond(rc, 200, r -> Future.succeededFuture(book.current())));
    admin.put("/api/admin/hours/company").handler(rc -> Api.respond(rc, 200,
        r -> changed(r, "company", book.setCompany(HoursRoutes.read(r)))));
    admin.delete("/api/admin/hours/company").handler(rc -> Api.respond(rc, 200,
        r -> changed(r, "company", book.setCompany(null))));
    admin.put("/api/admin/hours/teams/:team").handler(rc -> Api.respond(rc, 200,
        r -> changed(r, "team:" + team(r), book.setTeam(team(r), HoursRoutes.read(r)))));
    admin.delete("/api/admin/hours/teams/:team").handler(rc -> Api.respond(rc, 200,
        r -> changed(r, "team:" + team(r), book.setTeam(team(r), null))));
  }

  private static String team(RoutingContext rc) {
    String team = rc.pathParam("team").toLowerCase(Locale.ROOT);
    if (!TEAM.matcher(team).matches()) {
      throw RelayException.invalid(java.util.List.of("team: a team name such as billing (letters, digits, - and _)"));
    }
    return team;
  }

  private Future<AgentHours> changed(RoutingContext rc, String whose, Future<AgentHours> saved) {
    boolean removed = rc.request().method() == io.vertx.core.http.HttpMethod.DELETE;
    return saved
        .compose(hours -> audit.append(Api.actor(rc), "hours.changed", whose, Map.of("removed", removed), clock.instant())
            .map(hours))
        .onSuccess(hours -> LOG.atInfo().addKeyValue("hours", whose).addKeyValue("removed", removed)
            .log("working hours changed"));
  }
}
