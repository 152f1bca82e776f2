package dev.relay.gateway.signin;

import dev.relay.connector.spi.Signals;
import dev.relay.gateway.agents.AgentAccess;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.domain.SignInSession;
import dev.relay.gateway.http.Api;
import dev.relay.gateway.http.BearerAuth;
import dev.relay.gateway.http.FailedLogins;
import dev.relay.gateway.http.Fields;
import dev.relay.connector.spi.TrustedProxies;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in to the desk with e-mail and password: {@code POST /api/session} opens a session in an
 * HttpOnly, SameSite=Strict cookie (Secure when the request came over TLS) and answers the CSRF
 * token the desk sends with every change; {@code GET} shows it again, {@code DELETE} signs out.
 * Wrong passwords are counted per client address ({@link FailedLogins}) and audited. Admins set or
 * reset a password (which signs the agent out everywhere); agents change their own.
 */
public final class SignInRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(SignInRoutes.class);
  private static final int BODY_LIMIT = 4096;

  private final Vertx vertx;
  private final Store store;
  private final DeskSessions sessions;
  private final FailedLogins failures;
  private final TrustedProxies proxies;
  private final Signals signals;
  private final Clock clock;

  /** @param proxies whose {@code X-Forwarded-For} names the client the sign-in limit counts */
  public SignInRoutes(Vertx vertx, Store store, DeskSessions sessions, FailedLogins failures, TrustedProxies proxies,
                      Signals signals, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.sessions = sessions;
    this.failures = failures;
    this.proxies = proxies;
    this.signals = signals;
    this.clock = clock;
  }

  /** Before authentication: signing in is what a caller without credentials does. */
  public void mountSignIn(Router router) {
    router.post("/api/session").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    router.post("/api/session").handler(rc -> Api.respond(rc, 200, this::signIn));
    router.get("/api/session").handler(rc -> Api.respond(rc, 200, this::current));
  }

  /** After authentication (and the admin-only guard for /api/admin), with the body handler. */
  public void mount(Router router) {
    router.delete("/api/session").handler(rc -> Api.respond(rc, 200, this::signOut));
    router.put("/api/agents/me/password").handler(rc -> Api.respond(rc, 200, this::changeOwn));
    router.put("/api/admin/agents/:id/password").handler(rc -> Api.respond(rc, 200, this::reset));
  }

  /** What the desk needs after signing in: who, and the token to send back with every change. */
  public record Session(boolean signedIn, Agent agent, String csrf, Instant expiresAt) {
    static final Session NONE = new Session(false, null, null, null);
  }

  private Future<Session> signIn(RoutingContext rc) {
    Fields fields = new Fields(Api.body(rc), Set.of("email", "password"));
    String email = fields.requiredString("email", 254);
    String password = fields.requiredText("password", Passwords.MAX_LENGTH);
    fields.check();
    String address = proxies.clientOf(rc.request());
    refuseIfLimited(rc, address);
    return store.agents().byEmail(email).compose(agent -> checked(agent, password).compose(ok -> {
      if (!ok) {
        failures.failed(address);
        return store.audit().append("anonymous", "agent.sign-in-failed", agent.map(Agent::id).orElse("unknown"),
                Map.of("address", address), clock.instant())
            .compose(v -> Future.failedFuture(RelayException.unauthorized("that e-mail and password do not match")));
      }
      return sessions.open(agent.orElseThrow()).map(opened -> {
        rc.response().addCookie(cookie(rc.request(), opened.id(), sessions.ttl().toSeconds()));
        LOG.atInfo().addKeyValue("agent", opened.session().agentId()).log("agent signed in");
        return new Session(true, agent.get(), opened.session().csrf(), opened.session().expiresAt());
      });
    }));
  }

  /** An address that failed too often waits (429 with Retry-After) before anything is looked at. */
  private void refuseIfLimited(RoutingContext rc, String address) {
    long wait = failures.waitSeconds(address);
    if (wait > 0) {
      rc.response().putHeader("Retry-After", String.valueOf(wait));
      throw RelayException.rateLimited("too many failed sign-ins from your address; try again later");
    }
  }

  /** Whether the password is this active agent's; as slow for an unknown e-mail as for a wrong password. */
  private Future<Boolean> checked(Optional<Agent> agent, String password) {
    Future<Optional<String>> stored = agent.isEmpty() ? Future.succeededFuture(Optional.empty())
        : store.signIn().password(agent.get().id());
    return stored.compose(hash -> vertx.executeBlocking(() -> Passwords.verify(password, hash.orElse(null)), false))
        .map(ok -> ok && agent.get().active());
  }

  /**
   * Whether this browser is signed in, asked by the desk when it loads (so it is public, and not
   * signed in is an answer, not an error); a cookie that signs nobody in counts as a failed sign-in.
   */
  private Future<Session> current(RoutingContext rc) {
    Cookie cookie = rc.request().getCookie(BearerAuth.SESSION_COOKIE);
    if (cookie == null || cookie.getValue().isEmpty()) {
      return Future.succeededFuture(Session.NONE);
    }
    String address = proxies.clientOf(rc.request());
    refuseIfLimited(rc, address);
    return sessions.resolve(cookie.getValue()).compose(signed -> {
      if (signed.isEmpty() || !signed.get().agent().active()) {
        failures.failed(address);
        rc.response().addCookie(cookie(rc.request(), "", 0));
        return Future.succeededFuture(Session.NONE);
      }
      return sessions.session(cookie.getValue()).map(s -> s.map(open -> new Session(true, signed.get().agent(),
          open.csrf(), open.expiresAt())).orElse(Session.NONE));
    });
  }

  private Future<Map<String, String>> signOut(RoutingContext rc) {
    Cookie cookie = rc.request().getCookie(BearerAuth.SESSION_COOKIE);
    return deskSession(rc).compose(s -> sessions.close(cookie.getValue())).map(v -> {
      rc.response().addCookie(cookie(rc.request(), "", 0));
      return Map.of("signedOut", "this browser");
    });
  }

  private Future<SignInSession> deskSession(RoutingContext rc) {
    Cookie cookie = rc.request().getCookie(BearerAuth.SESSION_COOKIE);
    if (cookie == null || rc.request().getHeader("Authorization") != null) {
      return Future.failedFuture(RelayException.notFound("desk session (you signed in with a token)"));
    }
    return sessions.session(cookie.getValue())
        .map(found -> found.orElseThrow(() -> RelayException.unauthorized("your session has ended; sign in again")));
  }

  private Future<Map<String, String>> changeOwn(RoutingContext rc) {
    Agent agent = Api.agent(rc).agent();
    Fields fields = new Fields(Api.body(rc), Set.of("current", "password"));
    String current = fields.requiredText("current", Passwords.MAX_LENGTH);
    String next = newPassword(fields);
    fields.check();
    return checked(Optional.of(agent), current).compose(ok -> {
      if (!ok) {
        failures.failed(proxies.clientOf(rc.request()));
        return Future.failedFuture(RelayException.invalid(List.of("current: not your current password")));
      }
      return setPassword(agent.id(), next, Api.actor(rc), "agent.password-changed", false);
    });
  }

  private Future<Map<String, String>> reset(RoutingContext rc) {
    Fields fields = new Fields(Api.body(rc), Set.of("password"));
    String next = newPassword(fields);
    fields.check();
    String id = rc.pathParam("id");
    return store.agents().get(id).compose(agent -> {
      if (agent.isEmpty()) {
        return Future.failedFuture(RelayException.notFound("agent " + id));
      }
      if (!agent.get().active()) {
        return Future.failedFuture(RelayException.conflict("agent_deactivated",
            agent.get().name() + " was deactivated and cannot sign in"));
      }
      return setPassword(id, next, Api.actor(rc), "agent.password-set", true);
    });
  }

  private static String newPassword(Fields fields) {
    String next = fields.requiredText("password", Passwords.MAX_LENGTH);
    if (next != null) {
      Passwords.problem(next).ifPresent(fields::problem);
    }
    return next;
  }

  /** Stores the new hash; an admin's reset also ends every session the agent has open, streams included. */
  private Future<Map<String, String>> setPassword(String agentId, String password, String actor, String action,
                                            boolean signOutEverywhere) {
    return vertx.executeBlocking(() -> Passwords.hash(password), false)
        .compose(hash -> store.signIn().setPassword(agentId, hash))
        .compose(v -> signOutEverywhere ? store.signIn().closeSessionsOf(agentId) : Future.succeededFuture())
        .compose(v -> store.audit().append(actor, action, agentId, Map.of(), clock.instant()))
        .map(v -> {
          if (signOutEverywhere) {
            signals.publish(AgentAccess.changedAddress(agentId), "");
          }
          return Map.of("password", "set");
        });
  }

  private static Cookie cookie(HttpServerRequest request, String value, long maxAgeSeconds) {
    boolean tls = request.isSSL() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
    return Cookie.cookie(BearerAuth.SESSION_COOKIE, value).setPath("/").setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT).setSecure(tls).setMaxAge(maxAgeSeconds);
  }
}
