package dev.relay.gateway.signin;

import dev.relay.connector.spi.Signals;
import dev.relay.connector.spi.TrustedProxies;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.http.Api;
import dev.relay.gateway.http.FailedLogins;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.texts.Texts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The desk's sign-in: password ({@link SignInRoutes}), the e-mailed reset link ({@link PasswordReset},
 * when e-mail and the public address are set up) and the company's OpenID Connect provider
 * ({@link OidcSignIn}, when configured). {@code GET /api/session/options} tells the desk which to offer.
 */
public final class SignInFeature {

  /**
   * @param baseUrl      where agents open Relay ({@code signin.publicUrl}, no trailing slash), or null: no link, no OIDC
   * @param resetLinkTtl how long a reset link works
   * @param provider     the OpenID Connect provider, or null when there is none
   */
  public record Options(String baseUrl, Duration resetLinkTtl, OidcSignIn.Provider provider) {
  }

  /** What the sign-in form offers besides the password. */
  record Choices(boolean passwordReset, String provider, String providerSignIn) {
  }

  private final SignInRoutes routes;
  private final PasswordReset reset;
  private final OidcSignIn oidc;

  /** @param mail how agents are e-mailed, or null when the e-mail channel is off */
  public SignInFeature(Vertx vertx, Store store, DeskSessions sessions, FailedLogins failures, TrustedProxies proxies,
                       Signals signals, Texts texts, AgentMail mail, Options options, SignInMetrics metrics, Clock clock) {
    AgentPasswords passwords = new AgentPasswords(vertx, store, signals, clock);
    SessionCookies cookies = new SessionCookies(sessions);
    this.routes = new SignInRoutes(vertx, store, sessions, failures, proxies, passwords, cookies, metrics, clock);
    this.reset = mail == null || options.baseUrl() == null ? null : new PasswordReset(store, mail, texts,
        options.baseUrl(), options.resetLinkTtl(), failures, proxies, passwords, cookies, metrics, clock);
    this.oidc = options.provider() == null ? null : new OidcSignIn(vertx, options.provider(), options.baseUrl(), store,
        failures, proxies, cookies, metrics, clock);
  }

  /** Before authentication: signing in, asking for a link and coming back from the provider are what callers without a session do. */
  public void mountSignIn(Router router) {
    Choices choices = new Choices(reset != null, oidc == null ? null : oidc.providerName(),
        oidc == null ? null : OidcSignIn.START);
    router.get("/api/session/options").handler(rc -> Api.respond(rc, 200, ctx -> Future.succeededFuture(choices)));
    routes.mountSignIn(router);
    if (reset != null) {
      reset.mount(router);
    } else {
      off(router, "/api/session/password-reset", "password reset by e-mail is not set up here (no e-mail channel, or no "
          + "signin.publicUrl): ask an admin to set a new password");
    }
    if (oidc != null) {
      oidc.mount(router);
    } else {
      off(router, OidcSignIn.START + "*", "sign-in through an OpenID Connect provider is not set up here");
    }
  }

  /** What is not set up answers 404 saying so, rather than the 401 an unknown caller of /api gets. */
  private static void off(Router router, String path, String what) {
    router.route(path).handler(rc -> rc.fail(new RelayException(404, "not_set_up", what, List.of())));
  }

  /** After authentication, with the body handler: signing out, changing and resetting passwords. */
  public void mount(Router router) {
    routes.mount(router);
  }
}
