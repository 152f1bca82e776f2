package dev.relay.gateway.http;

import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Caller;
import dev.relay.connector.spi.TrustedProxies;
import dev.relay.gateway.domain.AgentTokens;
import dev.relay.gateway.store.AgentStore;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Resolves {@code Authorization: Bearer <token>} to a {@link Caller}: the admin token, or an
 * agent's token (looked up by its hash; tokens themselves are never stored).
 */
public final class BearerAuth {

  public static final String CALLER = "relay.caller";
  /** The desk's session cookie (HttpOnly: no script reads it). */
  public static final String SESSION_COOKIE = "relay_session";
  /** The header a cookie-signed request that changes something must carry, with the session's CSRF token. */
  public static final String CSRF_HEADER = "X-Relay-CSRF";
  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final byte[] adminToken;
  private final AgentStore agents;
  private final FailedLogins failures;
  private final TrustedProxies proxies;
  private final CookieSessions sessions;

  /** @param proxies whose {@code X-Forwarded-For} names the client the sign-in limit counts */
  public BearerAuth(String adminToken, AgentStore agents, FailedLogins failures, TrustedProxies proxies,
                    CookieSessions sessions) {
    this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
    this.agents = agents;
    this.failures = failures;
    this.proxies = proxies;
    this.sessions = sessions;
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
    return counted(() -> resolve(token), address);
  }

  /**
   * Resolves the desk's session cookie, as the agent stream's upgrade request carries it, counted
   * like a token: an address that failed too often gets 429.
   */
  public Future<Caller> resolveSession(String sessionId, String address) {
    return counted(() -> session(sessionId), address).map(signed -> new Caller.AgentCaller(signed.agent()));
  }

  /** Runs a sign-in for a client at this address, unless it failed too often (429 then); a 401 counts as a failure. */
  private <T> Future<T> counted(Supplier<Future<T>> signIn, String address) {
    if (failures.waitSeconds(address) > 0) {
      return Future.failedFuture(RelayException.rateLimited("too many failed sign-ins from your address; try again later"));
    }
    return signIn.get().onFailure(err -> {
      if (err instanceof RelayException e && e.status() == 401) {
        failures.failed(address);
      }
    });
  }

  /** The session again, for a stream that signed in with it earlier; not counted as a failed sign-in. */
  public Future<Caller> recheckSession(String sessionId) {
    return session(sessionId).map(signed -> new Caller.AgentCaller(signed.agent()));
  }

  private Future<CookieSessions.Signed> session(String sessionId) {
    if (sessionId == null || sessionId.isBlank() || sessionId.length() > 512) {
      return Future.failedFuture(RelayException.unauthorized("sign in first"));
    }
    return sessions.resolve(sessionId).map(found -> found.filter(s -> s.agent().active())
        .orElseThrow(() -> RelayException.unauthorized("your session has ended; sign in again")));
  }

  /**
   * Resolves a token again, for a stream that signed in with it earlier: a replaced token, or one
   * of an agent who was deactivated since, fails with 401. Not counted as a failed sign-in.
   */
  public Future<Caller> recheck(String token) {
    return resolve(token);
  }

  private Future<Caller> resolve(String token) {
    if (token == null || token.isBlank() || token.length() > 512) {
      return Future.failedFuture(RelayException.unauthorized("a bearer token is required"));
    }
    if (MessageDigest.isEqual(adminToken, token.getBytes(StandardCharsets.UTF_8))) {
      return Future.succeededFuture(new Caller.Admin());
    }
    return agents.byTokenHash(AgentTokens.hash(token)).map(agent -> agent
        .filter(Agent::active)
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

  /**
   * Route handler for any authenticated caller: a bearer token (integrations, the admin), or else
   * the desk's session cookie, whose requests that change something must also carry the session's
   * CSRF token in {@link #CSRF_HEADER} (403 otherwise: a page of another site cannot read it).
   */
  public void authenticate(RoutingContext rc) {
    // Hold the body until we know who sends it: nothing of it is read for an unknown caller. The
    // body handler after us takes it from there; resuming after it is harmless.
    HttpServerRequest request = rc.request();
    request.pause();
    String token = bearerToken(request);
    String address = proxies.clientOf(request);
    Cookie cookie = token == null ? request.getCookie(SESSION_COOKIE) : null;
    Future<Caller> caller = cookie == null ? resolve(token, address)
        : counted(() -> session(cookie.getValue()), address).map(signed -> csrfChecked(request, signed));
    caller.onSuccess(principal -> {
      rc.put(CALLER, principal);
      rc.next();
      request.resume();
    }).onFailure(err -> {
      request.resume();
      if (err instanceof RelayException e && e.status() == 429) {
        rc.response().putHeader("Retry-After", String.valueOf(failures.waitSeconds(address)));
      } else if (err instanceof RelayException e && e.status() == 401) {
        rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"relay\"");
      }
      rc.fail(err);
    });
  }

  /** The session's agent, if the request reads only or carries the session's CSRF token; 403 otherwise. */
  private static Caller csrfChecked(HttpServerRequest request, CookieSessions.Signed signed) {
    String sent = request.getHeader(CSRF_HEADER);
    if (!SAFE.contains(request.method()) && (sent == null
        || !MessageDigest.isEqual(signed.csrf().getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8)))) {
      throw new RelayException(403, "csrf_failed",
          "this change must come from the Relay desk (the " + CSRF_HEADER + " header is missing or wrong)", List.of());
    }
    return new Caller.AgentCaller(signed.agent());
  }

  /** Route handler, after {@link #authenticate}, that admits admins only: the admin token, or an agent whose role is admin. */
  public static void adminOnly(RoutingContext rc) {
    Caller caller = rc.get(CALLER);
    if (caller instanceof Caller.Admin
        || caller instanceof Caller.AgentCaller a && a.agent().role() == Agent.Role.ADMIN) {
      rc.next();
    } else {
      rc.fail(RelayException.forbidden("this endpoint needs the admin token"));
    }
  }
}
