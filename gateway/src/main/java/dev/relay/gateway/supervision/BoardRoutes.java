package dev.relay.gateway.supervision;

import dev.relay.gateway.customers.Reassignment;
import dev.relay.gateway.domain.Caller;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.http.Api;
import dev.relay.gateway.http.Fields;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * The supervisor's API, for supervisors and admins (an agent gets 403): {@code GET
 * /api/supervisor/board}, {@code POST /api/supervisor/customers/{id}/reassign} (a new dedicated
 * agent) and {@code POST /api/supervisor/conversations/{id}/takeover} (the signed-in supervisor
 * answers it; the admin token, which is nobody, cannot).
 */
public final class BoardRoutes {

  private final SupervisorBoard board;
  private final Reassignment reassignment;
  private final TakeOver takeOver;

  public BoardRoutes(SupervisorBoard board, Reassignment reassignment, TakeOver takeOver) {
    this.board = board;
    this.reassignment = reassignment;
    this.takeOver = takeOver;
  }

  public void mount(Router router) {
    router.get("/api/supervisor/board").handler(rc -> Api.respond(rc, 200, r -> {
      supervisorOnly(r);
      return board.board();
    }));
    router.post("/api/supervisor/customers/:id/reassign").handler(rc -> Api.respond(rc, 200, r -> {
      supervisorOnly(r);
      Fields fields = new Fields(Api.body(r), Set.of("agentId", "tell"));
      String agentId = fields.requiredString("agentId", 100);
      String tell = fields.optionalString("tell", 20);
      if (tell != null && !Set.of("now", "next-contact").contains(tell)) {
        fields.problem("tell: must be now or next-contact");
      }
      fields.check();
      return reassignment.reassign(r.pathParam("id"), agentId, Api.actor(r), "supervisor",
          "now".equals(tell) ? Reassignment.Tell.NOW : Reassignment.Tell.NEXT_CONTACT);
    }));
    router.post("/api/supervisor/conversations/:id/takeover").handler(rc -> Api.respond(rc, 200, r -> {
      supervisorOnly(r);
      Caller.AgentCaller supervisor = Api.agent(r);
      return takeOver.takeOver(r.pathParam("id"), supervisor.agent());
    }));
  }

  static void supervisorOnly(RoutingContext rc) {
    Caller caller = Api.caller(rc);
    if (!caller.supervises()) {
      throw RelayException.forbidden("this is for supervisors and admins");
    }
  }
}
