package dev.relay.gateway.signin;

import dev.relay.connector.spi.TrustedProxies;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.AgentTokens;
import dev.relay.gateway.domain.OidcAttempt;
import dev.relay.gateway.http.FailedLogins;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2AuthorizationURL;
import io.vertx.ext.auth.oauth2.OAuth2FlowType;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.Oauth2Credentials;
import io.vertx.ext.auth.oauth2.providers.OpenIDConnectAuth;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in through the company's OpenID Connect provider (Vert.x's OAuth2 client, discovered from
 * the issuer): {@code GET /api/session/oidc} sends the browser there with a fresh {@code state},
 * {@code nonce} and PKCE challenge (S256), remembered for ten minutes in the store and bound to
 * this browser by an HttpOnly cookie; the provider sends it back to
 * {@code /api/session/oidc/callback}, where the code is exchanged (with the client secret and the
 * PKCE verifier) for an id token whose signature (the provider's published keys), issuer,
 * audience and expiry Vert.x checks, and whose nonce we check. Its verified e-mail must be an
 * active agent's. Every refusal is audited and sends the browser back to the desk with a reason
 * the desk words for the agent ({@code /desk/#signin=<reason>}).
 */
public final class OidcSignIn {

  private static final Logger LOG = LoggerFactory.getLogger(OidcSignIn.class);
  static final String COOKIE = "relay_oidc";
  static final String START = "/api/session/oidc";
  static final String CALLBACK = START + "/callback";
  static final Duration ATTEMPT_TTL = Duration.ofMinutes(10);

  /**
   * The provider as configured.
   *
   * @param name what the desk's button says after "Sign in with"
   */
  public record Provider(String issuer, String clientId, String clientSecret, String name) {
    @Override
    public String toString() {
      return "Provider[" + issuer + ", " + clientId + ", " + name + "]";
    }
  }

  /** Why a sign-in was refused: the code the desk words for the agent, and whether it looks like an attack. */
  enum Refusal {
    CANCELLED(false), STATE(true), EXPIRED(false), TOKEN(true), NONCE(true), UNVERIFIED_EMAIL(false),
    NOT_AN_AGENT(false), DEACTIVATED(false), UNAVAILABLE(false), LIMITED(false);

    final boolean suspicious;

    Refusal(boolean suspicious) {
      this.suspicious = suspicious;
    }

    String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Vertx vertx;
  private final Provider provider;
  private final String redirectUri;
  private final Store store;
  private final FailedLogins failures;
  private final TrustedProxies proxies;
  private final SessionCookies cookies;
  private final SignInMetrics metrics;
  private final Clock clock;
  /** The provider's client, discovered on first use and again after a failed discovery. */
  private Future<OAuth2Auth> client;

  OidcSignIn(Vertx vertx, Provider provider, String baseUrl, Store store, FailedLogins failures, TrustedProxies proxies,
             SessionCookies cookies, SignInMetrics metrics, Clock clock) {
    this.vertx = vertx;
    this.provider = provider;
    this.redirectUri = baseUrl + CALLBACK;
    this.store = store;
    this.failures = failures;
    this.proxies = proxies;
    this.cookies = cookies;
    this.metrics = metrics;
    this.clock = clock;
  }

  String providerName() {
    return provider.name();
  }

  /** Before authentication: these are how an agent without a session gets one. */
  void mount(Router router) {
    router.get(START).handler(this::start);
    router.get(CALLBACK).handler(this::callback);
  }

  private Future<OAuth2Auth> client() {
    if (client == null) {
      long started = System.nanoTime();
      OAuth2Options options = new OAuth2Options().setSite(provider.issuer()).setClientId(provider.clientId())
          .setClientSecret(provider.clientSecret()).setValidateIssuer(true);
      client = OpenIDConnectAuth.discover(vertx, options).onComplete(done -> {
        metrics.providerCall(SignInMetrics.ProviderCall.DISCOVERY, done.succeeded(), Duration.ofNanos(System.nanoTime() - started));
        if (done.failed()) {
          LOG.atWarn().addKeyValue("issuer", provider.issuer()).addKeyValue("reason", done.cause().getMessage())
              .log("OpenID Connect discovery failed; tried again at the next sign-in");
          client = null;
        } else {
          // Keys the provider rotated in are fetched when an id token names one we do not know.
          done.result().missingKeyHandler(kid -> done.result().jWKSet());
        }
      });
    }
    return client;
  }

  private void start(RoutingContext rc) {
    String address = proxies.clientOf(rc.request());
    if (failures.waitSeconds(address) > 0) {
      back(rc, Refusal.LIMITED);
      return;
    }
    String state = AgentTokens.newToken();
    String nonce = AgentTokens.newToken();
    String verifier = AgentTokens.newToken();
    client().compose(auth -> store.signIn().saveOidcAttempt(AgentTokens.hash(state),
            new OidcAttempt(nonce, verifier, clock.instant(), clock.instant().plus(ATTEMPT_TTL)))
        .map(v -> auth.authorizeURL(new OAuth2AuthorizationURL()
            .setRedirectUri(redirectUri)
            .setScopes(List.of("openid", "email", "profile"))
            .setState(state)
            .setCodeChallenge(challenge(verifier))
            .setCodeChallengeMethod("S256")
            .putAdditionalParameter("nonce", nonce))))
        .onSuccess(url -> {
          // Lax, not Strict: the provider's redirect back is a navigation from its site, and must carry it.
          rc.response().addCookie(SessionCookies.cookie(rc.request(), COOKIE, state, ATTEMPT_TTL.toSeconds(),
              CookieSameSite.LAX, START));
          rc.response().setStatusCode(302).putHeader("Location", url).putHeader("Cache-Control", "no-store").end();
        })
        .onFailure(err -> {
          // Discovery logs its own failures; this says which step failed otherwise (the store keeping the attempt).
          LOG.atWarn().addKeyValue("error", err.getMessage()).log("OpenID Connect sign-in not started");
          back(rc, Refusal.UNAVAILABLE);
        });
  }

  private void callback(RoutingContext rc) {
    String address = proxies.clientOf(rc.request());
    Cookie bound = rc.request().getCookie(COOKIE);
    rc.response().addCookie(SessionCookies.cookie(rc.request(), COOKIE, "", 0, CookieSameSite.LAX, START));
    if (failures.waitSeconds(address) > 0) {
      back(rc, Refusal.LIMITED);
      return;
    }
    String state = rc.queryParams().get("state");
    if (state == null || bound == null || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8),
        bound.getValue().getBytes(StandardCharsets.UTF_8))) {
      // Not the answer to a sign-in this browser started: a forged or replayed redirect.
      refuse(rc, address, "unknown", Refusal.STATE);
      return;
    }
    store.signIn().takeOidcAttempt(AgentTokens.hash(state)).onComplete(taken -> {
      Optional<OidcAttempt> attempt = taken.succeeded() ? taken.result() : Optional.empty();
      if (attempt.isEmpty()) {
        refuse(rc, address, "unknown", Refusal.STATE);
      } else if (attempt.get().expiredAt(clock.instant())) {
        refuse(rc, address, "unknown", Refusal.EXPIRED);
      } else if (rc.queryParams().get("error") != null || rc.queryParams().get("code") == null) {
        refuse(rc, address, "unknown", Refusal.CANCELLED);
      } else {
        exchange(rc, address, attempt.get(), rc.queryParams().get("code"));
      }
    });
  }

  /** The code for tokens, the id token's claims checked, the agent found, the session opened. */
  private void exchange(RoutingContext rc, String address, OidcAttempt attempt, String code) {
    long started = System.nanoTime();
    client().compose(auth -> auth.authenticate(new Oauth2Credentials().setFlow(OAuth2FlowType.AUTH_CODE)
            .setCode(code).setRedirectUri(redirectUri).setCodeVerifier(attempt.codeVerifier()))
            .onComplete(done -> metrics.providerCall(SignInMetrics.ProviderCall.TOKEN, done.succeeded(),
                Duration.ofNanos(System.nanoTime() - started))))
        .onFailure(err -> {
          LOG.atWarn().addKeyValue("reason", err.getMessage()).log("the OpenID Connect provider refused the code");
          refuse(rc, address, "unknown", Refusal.TOKEN);
        })
        .onSuccess(user -> {
          // Vert.x leaves the claims out when the id token's signature, issuer, audience or expiry is wrong.
          JsonObject claims = user.attributes().getJsonObject("idToken");
          if (claims == null) {
            refuse(rc, address, "unknown", Refusal.TOKEN);
          } else if (!MessageDigest.isEqual(attempt.nonce().getBytes(StandardCharsets.UTF_8),
              String.valueOf(claims.getValue("nonce")).getBytes(StandardCharsets.UTF_8))) {
            refuse(rc, address, "unknown", Refusal.NONCE);
          } else if (claims.getString("email") == null || !Boolean.TRUE.equals(claims.getValue("email_verified"))) {
            refuse(rc, address, "unknown", Refusal.UNVERIFIED_EMAIL);
          } else {
            signIn(rc, address, claims.getString("email"));
          }
        });
  }

  private void signIn(RoutingContext rc, String address, String email) {
    store.agents().byEmail(email).compose(found -> {
      if (found.isEmpty()) {
        refuse(rc, address, "unknown", Refusal.NOT_AN_AGENT);
        return Future.succeededFuture();
      }
      Agent agent = found.get();
      if (!agent.active()) {
        refuse(rc, address, agent.id(), Refusal.DEACTIVATED);
        return Future.succeededFuture();
      }
      return cookies.open(rc, agent, "oidc").onSuccess(session -> {
        metrics.signIn(SignInMetrics.Way.OIDC, true);
        rc.response().setStatusCode(303).putHeader("Location", "/desk/").putHeader("Cache-Control", "no-store").end();
      });
    }).onFailure(rc::fail);
  }

  private void refuse(RoutingContext rc, String address, String target, Refusal refusal) {
    if (refusal.suspicious) {
      failures.failed(address);
    }
    metrics.signIn(SignInMetrics.Way.OIDC, false);
    store.audit().append("anonymous", "agent.oidc-sign-in-refused", target,
            Map.of("address", address, "reason", refusal.code()), clock.instant())
        .onComplete(v -> back(rc, refusal));
  }

  private static void back(RoutingContext rc, Refusal refusal) {
    rc.response().setStatusCode(303).putHeader("Location", "/desk/#signin=" + refusal.code())
        .putHeader("Cache-Control", "no-store").end();
  }

  /** PKCE's S256: the verifier's SHA-256, base64url without padding. */
  static String challenge(String verifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
