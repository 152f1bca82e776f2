package dev.relay.gateway.supervision;

import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Caller;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.http.Api;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/supervisor/board}: for supervisors and admins; an agent gets 403. */
public final class BoardRoutes {

  private final SupervisorBoard board;

  public BoardRoutes(SupervisorBoard board) {
    this.board = board;
  }

  public void mount(Router router) {
    router.get("/api/supervisor/board").handler(rc -> Api.respond(rc, 200, r -> {
      supervisorOnly(r);
      return board.board();
    }));
  }

  static void supervisorOnly(RoutingContext rc) {
    Caller caller = Api.caller(rc);
    if (!(caller instanceof Caller.Admin || caller instanceof Caller.AgentCaller a && a.agent().role() != Agent.Role.AGENT)) {
      throw RelayException.forbidden("the board is for supervisors and admins");
    }
  }
}
