package dev.relay.gateway.signin;

import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.http.BearerAuth;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desk's session cookie: HttpOnly, SameSite=Strict, Secure when the request came over TLS
 * (directly or through the TLS ingress); opened the same way whichever way the agent signed in.
 */
final class SessionCookies {

  private static final Logger LOG = LoggerFactory.getLogger(SessionCookies.class);

  private final DeskSessions sessions;

  SessionCookies(DeskSessions sessions) {
    this.sessions = sessions;
  }

  /** Opens a session for {@code agent} and sets its cookie on the response; {@code how} is logged (password, link, oidc). */
  Future<SignInRoutes.Session> open(RoutingContext rc, Agent agent, String how) {
    return sessions.open(agent).map(opened -> {
      rc.response().addCookie(cookie(rc.request(), BearerAuth.SESSION_COOKIE, opened.id(), sessions.ttl().toSeconds(),
          CookieSameSite.STRICT, "/"));
      LOG.atInfo().addKeyValue("agent", agent.id()).addKeyValue("how", how).log("agent signed in");
      return new SignInRoutes.Session(true, agent, opened.session().csrf(), opened.session().expiresAt());
    });
  }

  /** Tells the browser to forget its session cookie. */
  static void clear(RoutingContext rc) {
    rc.response().addCookie(cookie(rc.request(), BearerAuth.SESSION_COOKIE, "", 0, CookieSameSite.STRICT, "/"));
  }

  static boolean tls(HttpServerRequest request) {
    return request.isSSL() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
  }

  static Cookie cookie(HttpServerRequest request, String name, String value, long maxAgeSeconds, CookieSameSite sameSite,
                       String path) {
    return Cookie.cookie(name, value).setPath(path).setHttpOnly(true).setSameSite(sameSite).setSecure(tls(request))
        .setMaxAge(maxAgeSeconds);
  }
}
