package dev.relay.gateway.signin;

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
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Signing in to the desk with e-mail and password: {@code POST /api/session} opens a session in an
 * HttpOnly, SameSite=Strict cookie (Secure when the request came over TLS) and answers the CSRF
 * token the desk sends with every change; {@code GET} shows it again, {@code DELETE} signs out.
 * Wrong passwords are counted per client address ({@link FailedLogins}) and audited. Admins set or
 * reset a password (which signs the agent out everywhere); agents change their own.
 */
public final class SignInRoutes {

  static final int BODY_LIMIT = 4096;
  private static final Map<String, String> PASSWORD_SET = Map.of("password", "set");

  private final Vertx vertx;
  private final Store store;
  private final DeskSessions sessions;
  private final FailedLogins failures;
  private final TrustedProxies proxies;
  private final AgentPasswords passwords;
  private final SessionCookies cookies;
  private final SignInMetrics metrics;
  private final Clock clock;

  /** @param proxies whose {@code X-Forwarded-For} names the client the sign-in limit counts */
  SignInRoutes(Vertx vertx, Store store, DeskSessions sessions, FailedLogins failures, TrustedProxies proxies,
               AgentPasswords passwords, SessionCookies cookies, SignInMetrics metrics, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.sessions = sessions;
    this.failures = failures;
    this.proxies = proxies;
    this.passwords = passwords;
    this.cookies = cookies;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Before authentication: signing in is what a caller without credentials does. */
  void mountSignIn(Router router) {
    router.post("/api/session").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    router.post("/api/session").handler(rc -> Api.respond(rc, 200, this::signIn));
    router.get("/api/session").handler(rc -> Api.respond(rc, 200, this::current));
  }

  /** After authentication (and the admin-only guard for /api/admin), with the body handler. */
  void mount(Router router) {
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
    failures.refuseIfLimited(rc.response(), address);
    return store.agents().byEmail(email).compose(agent -> checked(agent, password).compose(ok -> {
      metrics.signIn(SignInMetrics.Way.PASSWORD, ok);
      if (!ok) {
        failures.failed(address);
        return store.audit().append("anonymous", "agent.sign-in-failed", agent.map(Agent::id).orElse("unknown"),
                Map.of("address", address), clock.instant())
            .compose(v -> Future.failedFuture(RelayException.unauthorized("that e-mail and password do not match")));
      }
      return cookies.open(rc, agent.orElseThrow(), "password");
    }));
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
    failures.refuseIfLimited(rc.response(), address);
    return sessions.resolve(cookie.getValue()).compose(signed -> {
      if (signed.isEmpty() || !signed.get().agent().active()) {
        failures.failed(address);
        SessionCookies.clear(rc);
        return Future.succeededFuture(Session.NONE);
      }
      return sessions.session(cookie.getValue()).map(s -> s.map(open -> new Session(true, signed.get().agent(),
          open.csrf(), open.expiresAt())).orElse(Session.NONE));
    });
  }

  private Future<Map<String, String>> signOut(RoutingContext rc) {
    Cookie cookie = rc.request().getCookie(BearerAuth.SESSION_COOKIE);
    return deskSession(rc).compose(s -> sessions.close(cookie.getValue())).map(v -> {
      SessionCookies.clear(rc);
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
    String next = AgentPasswords.newPassword(fields);
    fields.check();
    return checked(Optional.of(agent), current).compose(ok -> {
      if (!ok) {
        failures.failed(proxies.clientOf(rc.request()));
        return Future.failedFuture(RelayException.invalid(List.of("current: not your current password")));
      }
      return passwords.set(agent.id(), next, Api.actor(rc), "agent.password-changed", false).map(PASSWORD_SET);
    });
  }

  private Future<Map<String, String>> reset(RoutingContext rc) {
    Fields fields = new Fields(Api.body(rc), Set.of("password"));
    String next = AgentPasswords.newPassword(fields);
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
      return passwords.set(id, next, Api.actor(rc), "agent.password-set", true).map(PASSWORD_SET);
    });
  }
}
