package dev.relay.gateway.signin;

import io.vertx.core.Future;

/**
 * An e-mail to an agent (their password reset link), sent through the company's e-mail channel:
 * the wiring gives one when e-mail is set up. The future fails only for a bug; a mail server's
 * refusal is the channel's to report (readiness, its metrics).
 */
@FunctionalInterface
public interface AgentMail {

  Future<Void> send(String to, String subject, String text);
}
