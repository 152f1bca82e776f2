package dev.relay.gateway.http;

import dev.relay.gateway.domain.RelayException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Headers every response carries, errors included: no content sniffing, and nothing from the API,
 * the webhooks or the probes kept in a browser's or a proxy's cache (they hold personal data and
 * tokens' answers). Mounted first, so no route can forget them; it also refuses a request whose
 * Host is ambiguous.
 */
public final class ResponseHeaders implements Handler<RoutingContext> {

  private static final List<String> NEVER_CACHED = List.of("/api/", "/webhooks/", "/health/", "/metrics");

  @Override
  public void handle(RoutingContext rc) {
    rc.response().putHeader("X-Content-Type-Options", "nosniff");
    // Two Host headers mean two readings of one request (a proxy may route by the other one).
    if (rc.request().headers().getAll("Host").size() > 1) {
      rc.fail(RelayException.badRequest("bad_request", "the request has more than one Host header"));
      return;
    }
    String path = rc.request().path();
    if (path != null && NEVER_CACHED.stream().anyMatch(path::startsWith)) {
      rc.response().putHeader("Cache-Control", "no-store");
    }
    rc.next();
  }
}
