package dev.relay.gateway.domain;

import java.time.Instant;

/**
 * An agent signed in on the desk with their password: the browser holds the session's id in an
 * HttpOnly cookie (the store keeps only its hash), and sends {@code csrf} in a header with every
 * change, which a page of another site cannot read or send.
 *
 * @param expiresAt from then on the session no longer signs anyone in
 */
public record SignInSession(String agentId, String csrf, Instant createdAt, Instant expiresAt) {

  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
