package dev.relay.gateway.http;

import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.domain.Caller;
import dev.relay.connector.spi.TrustedProxies;
import dev.relay.gateway.domain.AgentTokens;
import dev.relay.gateway.store.AgentStore;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Resolves {@code Authorization: Bearer <token>} to a {@link Caller}: the admin token, or an
 * agent's token (looked up by its hash; tokens themselves are never stored).
 */
public final class BearerAuth {

  public static final String CALLER = "relay.caller";

  private final byte[] adminToken;
  private final AgentStore agents;
  private final FailedLogins failures;
  private final TrustedProxies proxies;

  /** @param proxies whose {@code X-Forwarded-For} names the client the sign-in limit counts */
  public BearerAuth(String adminToken, AgentStore agents, FailedLogins failures, TrustedProxies proxies) {
    this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
    this.agents = agents;
    this.failures = failures;
    this.proxies = proxies;
  }

  /** The address a WebSocket's sign-ins count against. */
  public String clientOf(ServerWebSocket ws) {
    return proxies.clientOf(ws);
  }

  /**
   * Resolves a raw token, as the agent stream's auth frame carries it, for a client at this
   * address; an address that failed too often gets 429 without its token being looked at.
   */
  public Future<Caller> resolve(String token, String address) {
    if (failures.waitSeconds(address) > 0) {
      return Future.failedFuture(RelayException.rateLimited("too many failed sign-ins from your address; try again later"));
    }
    return resolve(token).onFailure(err -> {
      if (err instanceof RelayException e && e.status() == 401) {
        failures.failed(address);
      }
    });
  }

  private Future<Caller> resolve(String token) {
    if (token == null || token.isBlank() || token.length() > 512) {
      return Future.failedFuture(RelayException.unauthorized("a bearer token is required"));
    }
    if (MessageDigest.isEqual(adminToken, token.getBytes(StandardCharsets.UTF_8))) {
      return Future.succeededFuture(new Caller.Admin());
    }
    return agents.byTokenHash(AgentTokens.hash(token)).map(agent -> agent
        .<Caller>map(Caller.AgentCaller::new)
        .orElseThrow(() -> RelayException.unauthorized("the token is not valid")));
  }

  /** Whether the request carries the admin token; for public endpoints that show admins more. */
  public boolean isAdmin(HttpServerRequest request) {
    return carries(request, adminToken);
  }

  /** Whether the request carries the admin token or {@code other} (null: the admin token only). */
  public boolean isAdminOr(HttpServerRequest request, String other) {
    return isAdmin(request) || other != null && carries(request, other.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean carries(HttpServerRequest request, byte[] expected) {
    String token = bearerToken(request);
    return token != null && MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.UTF_8));
  }

  private static String bearerToken(HttpServerRequest request) {
    String header = request.getHeader("Authorization");
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
  }

  /** Route handler for any authenticated caller. */
  public void authenticate(RoutingContext rc) {
    // Hold the body until we know who sends it: nothing of it is read for an unknown caller. The
    // body handler after us takes it from there; resuming after it is harmless.
    HttpServerRequest request = rc.request();
    request.pause();
    String token = bearerToken(request);
    String address = proxies.clientOf(request);
    resolve(token, address).onSuccess(principal -> {
      rc.put(CALLER, principal);
      rc.next();
      request.resume();
    }).onFailure(err -> {
      request.resume();
      if (err instanceof RelayException e && e.status() == 429) {
        rc.response().putHeader("Retry-After", String.valueOf(failures.waitSeconds(address)));
      } else {
        rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"relay\"");
      }
      rc.fail(err);
    });
  }

  /** Route handler, after {@link #authenticate}, that admits admins only. */
  public static void adminOnly(RoutingContext rc) {
    if (rc.get(CALLER) instanceof Caller.Admin) {
      rc.next();
    } else {
      rc.fail(RelayException.forbidden("this endpoint needs the admin token"));
    }
  }
}
