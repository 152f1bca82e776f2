package dev.relay.gateway.signin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code relay_signins_total{way, outcome}} (way: password, reset_link, oidc; outcome: ok, refused),
 * {@code relay_signin_reset_mails_total{outcome}} (sent, not_sent: no such active agent or asked too
 * often, failed) and {@code relay_oidc_calls_seconds{call, outcome}} (call: discovery, token; outcome:
 * ok, failed): every label from a closed set.
 */
public final class SignInMetrics {

  enum Way { PASSWORD, RESET_LINK, OIDC }

  enum ResetMail { SENT, NOT_SENT, FAILED }

  enum ProviderCall { DISCOVERY, TOKEN }

  private final MeterRegistry registry;

  public SignInMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void signIn(Way way, boolean ok) {
    Counter.builder("relay.signins").description("Desk sign-ins, by the way the agent signed in")
        .tags("way", label(way), "outcome", ok ? "ok" : "refused").register(registry).increment();
  }

  void resetMail(ResetMail outcome) {
    Counter.builder("relay.signin.reset.mails").description("Password reset links asked for, and what became of them")
        .tag("outcome", label(outcome)).register(registry).increment();
  }

  void providerCall(ProviderCall call, boolean ok, Duration took) {
    Timer.builder("relay.oidc.calls").description("Calls to the OpenID Connect provider")
        .tags("call", label(call), "outcome", ok ? "ok" : "failed").register(registry).record(took);
  }

  private static String label(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
