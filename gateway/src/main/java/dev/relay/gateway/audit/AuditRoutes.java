package dev.relay.gateway.audit;

import dev.relay.gateway.domain.AuditEntry;
import dev.relay.gateway.http.Api;
import dev.relay.gateway.http.Page;
import dev.relay.gateway.store.AuditStore;
import io.vertx.ext.web.Router;

/** {@code GET /api/admin/audit?limit=N&after=cursor}: who changed what, newest first, a page at a time. */
public final class AuditRoutes {

  /** How far back the pages go: the newest entries, enough for an operator's look back. */
  private static final int WINDOW = 10_000;

  private final AuditStore audit;

  public AuditRoutes(AuditStore audit) {
    this.audit = audit;
  }

  public void mount(Router router) {
    router.get("/api/admin/audit").handler(rc -> Api.respond(rc, 200, r -> {
      Page page = Page.of(r);
      return audit.recent(WINDOW).map(items -> page.slice(items, AuditRoutes::newestFirst)
          .answer());
    }));
  }

  /** Entries are numbered as they are written: the highest number is the newest. */
  private static String newestFirst(AuditEntry entry) {
    return String.format("%019d", Long.MAX_VALUE - entry.id());
  }
}
