package dev.relay.gateway.signin;

import dev.relay.connector.spi.KeyedRateLimits;
import dev.relay.connector.spi.TrustedProxies;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.AgentTokens;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.domain.ResetLink;
import dev.relay.gateway.http.Api;
import dev.relay.gateway.http.FailedLogins;
import dev.relay.gateway.http.Fields;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.texts.TextKey;
import dev.relay.gateway.texts.Texts;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Forgot your password?": {@code POST /api/session/password-reset} e-mails the agent a link that
 * works once, for {@code signin.resetLinkTtl}; {@code POST /api/session/new-password} takes the
 * link's token and a new password, signs the agent out everywhere else and in here. Asking
 * answers the same, at once, whether or not the address is an agent's (the look-up and the mail
 * happen after the answer), so the form tells nobody who works here. Asking is limited per client
 * address and per agent; everything is audited. The token is 256 random bits; the store keeps its
 * SHA-256 only.
 */
public final class PasswordReset {

  private static final Logger LOG = LoggerFactory.getLogger(PasswordReset.class);
  /** Link requests one client address may make at once, then per quarter of an hour. */
  static final int PER_ADDRESS = 5;
  /** Links one agent may be sent at once, then per quarter of an hour: a mailbox is not to be flooded. */
  static final int PER_AGENT = 3;
  private static final Duration PERIOD = Duration.ofMinutes(15);
  private static final int MAX_TRACKED = 10_000;

  private final Store store;
  private final AgentMail mail;
  private final Texts texts;
  private final String deskUrl;
  private final Duration ttl;
  private final FailedLogins failures;
  private final TrustedProxies proxies;
  private final AgentPasswords passwords;
  private final SessionCookies cookies;
  private final SignInMetrics metrics;
  private final Clock clock;
  private final KeyedRateLimits byAddress;
  private final KeyedRateLimits byAgent;

  PasswordReset(Store store, AgentMail mail, Texts texts, String baseUrl, Duration ttl, FailedLogins failures,
                TrustedProxies proxies, AgentPasswords passwords, SessionCookies cookies, SignInMetrics metrics,
                Clock clock) {
    this.store = store;
    this.mail = mail;
    this.texts = texts;
    this.deskUrl = baseUrl + "/desk/";
    this.ttl = ttl;
    this.failures = failures;
    this.proxies = proxies;
    this.passwords = passwords;
    this.cookies = cookies;
    this.metrics = metrics;
    this.clock = clock;
    this.byAddress = new KeyedRateLimits(clock, PER_ADDRESS, PER_ADDRESS, PERIOD, MAX_TRACKED);
    this.byAgent = new KeyedRateLimits(clock, PER_AGENT, PER_AGENT, PERIOD, MAX_TRACKED);
  }

  /** Before authentication: whoever forgot their password is not signed in. */
  void mount(Router router) {
    for (String path : List.of("/api/session/password-reset", "/api/session/new-password")) {
      router.post(path).handler(BodyHandler.create(false).setBodyLimit(SignInRoutes.BODY_LIMIT));
    }
    router.post("/api/session/password-reset").handler(rc -> Api.respond(rc, 202, this::request));
    router.post("/api/session/new-password").handler(rc -> Api.respond(rc, 200, this::use));
  }

  private Future<Map<String, Object>> request(RoutingContext rc) {
    Fields fields = new Fields(Api.body(rc), Set.of("email"));
    String email = fields.requiredString("email", 254);
    fields.check();
    String address = proxies.clientOf(rc.request());
    if (!byAddress.tryTake(address)) {
      rc.response().putHeader("Retry-After", String.valueOf(Math.max(1, byAddress.waitSeconds(address))));
      throw RelayException.rateLimited("too many reset requests from your address; try again in a few minutes");
    }
    send(email, address).onFailure(err -> {
      metrics.resetMail(SignInMetrics.ResetMail.FAILED);
      LOG.atWarn().setCause(err).log("password reset link not sent");
    });
    return Future.succeededFuture(Map.of("requested", true, "validMinutes", ttl.toMinutes()));
  }

  /** Looks the address up and mails the link, after the answer; what happened is audited, never told. */
  private Future<Void> send(String email, String address) {
    return store.agents().byEmail(email).compose(found -> {
      Agent agent = found.filter(Agent::active).orElse(null);
      String outcome = found.isEmpty() ? "no such agent" : agent == null ? "deactivated"
          : !byAgent.tryTake(agent.id()) ? "asked too often" : null;
      if (outcome != null) {
        metrics.resetMail(SignInMetrics.ResetMail.NOT_SENT);
        return audit("agent.password-reset-asked", found.map(Agent::id).orElse("unknown"), address, "not sent: " + outcome);
      }
      String token = AgentTokens.newToken();
      return store.signIn().password(agent.id())
          .map(hash -> new ResetLink(agent.id(), stamp(hash.orElse(null)), clock.instant(), clock.instant().plus(ttl)))
          .compose(link -> store.signIn().saveResetLink(AgentTokens.hash(token), link))
          .compose(v -> {
            Locale locale = texts.firstSpoken(agent.languages());
            String text = texts.format(locale, TextKey.SIGNIN_RESET_MAIL,
                Map.of("agent", agent.name(), "link", deskUrl + "#reset=" + token, "minutes", ttl.toMinutes()));
            return mail.send(agent.email(), texts.format(locale, TextKey.SIGNIN_RESET_SUBJECT, Map.of()), text);
          })
          .compose(v -> {
            metrics.resetMail(SignInMetrics.ResetMail.SENT);
            return audit("agent.password-reset-asked", agent.id(), address, "sent");
          });
    });
  }

  private Future<SignInRoutes.Session> use(RoutingContext rc) {
    Fields fields = new Fields(Api.body(rc), Set.of("token", "password"));
    String token = fields.requiredString("token", 512);
    String next = AgentPasswords.newPassword(fields);
    // A password that will not do is refused before the link is used: the agent tries another with the same link.
    fields.check();
    String address = proxies.clientOf(rc.request());
    failures.refuseIfLimited(rc.response(), address);
    return store.signIn().takeResetLink(AgentTokens.hash(token)).compose(link -> {
      if (link.isEmpty()) {
        return refused(address, "unknown", "unknown or used", gone("reset_link_used",
            "this link was already used, or is not a Relay link: ask for a new one (\"Forgot your password?\")"));
      }
      if (link.get().expiredAt(clock.instant())) {
        return refused(address, link.get().agentId(), "expired", gone("reset_link_expired",
            "this link has expired (links work for " + ttl.toMinutes() + " minutes): ask for a new one"));
      }
      return store.agents().get(link.get().agentId()).compose(agent -> store.signIn().password(link.get().agentId())
          .compose(hash -> {
            if (agent.isEmpty() || !agent.get().active() || !link.get().passwordStamp().equals(stamp(hash.orElse(null)))) {
              return refused(address, link.get().agentId(), "password changed or agent deactivated since",
                  gone("reset_link_void", "this link no longer works (the password was changed since, "
                      + "or the account was closed): ask for a new one"));
            }
            String actor = "agent:" + agent.get().id();
            return passwords.set(agent.get().id(), next, actor, "agent.password-reset-by-link", true)
                .compose(v -> cookies.open(rc, agent.get(), "reset link"))
                .onSuccess(v -> metrics.signIn(SignInMetrics.Way.RESET_LINK, true));
          }));
    });
  }

  private <T> Future<T> refused(String address, String target, String reason, RelayException error) {
    failures.failed(address);
    metrics.signIn(SignInMetrics.Way.RESET_LINK, false);
    return audit("agent.password-reset-refused", target, address, reason).compose(v -> Future.failedFuture(error));
  }

  private Future<Void> audit(String action, String target, String address, String outcome) {
    return store.audit().append("anonymous", action, target, Map.of("address", address, "outcome", outcome),
        clock.instant()).mapEmpty();
  }

  /** 410: the link existed, or may have; it will not work again, and a new one is a click away. */
  private static RelayException gone(String code, String message) {
    return new RelayException(410, code, message, List.of());
  }

  /** What a link remembers of the password it was sent for: a digest of its hash ("" when there was none). */
  private static String stamp(String passwordHash) {
    return passwordHash == null ? "" : AgentTokens.hash(passwordHash);
  }
}
