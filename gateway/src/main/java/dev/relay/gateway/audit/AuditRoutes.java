package dev.relay.gateway.audit;

import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.http.Api;
import dev.relay.gateway.store.AuditStore;
import io.vertx.ext.web.Router;
import java.util.Map;

/** {@code GET /api/admin/audit?limit=N}: who changed what, newest first. */
public final class AuditRoutes {

  private final AuditStore audit;

  public AuditRoutes(AuditStore audit) {
    this.audit = audit;
  }

  public void mount(Router router) {
    router.get("/api/admin/audit").handler(rc -> Api.respond(rc, 200, r -> {
      String raw = r.queryParams().get("limit");
      int limit;
      try {
        limit = raw == null ? 100 : Integer.parseInt(raw);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 1000) {
        throw RelayException.badRequest("bad_query", "limit must be a whole number from 1 to 1000");
      }
      return audit.recent(limit).map(items -> Map.of("items", items));
    }));
  }
}
