package dev.relay.gateway.domain;

import java.time.Instant;

/**
 * An e-mailed password reset link: the agent holds its token (in the link), the store only the
 * token's hash. It works once, until {@code expiresAt}, and only while the agent's password is the
 * one it was sent for.
 *
 * @param passwordStamp what the agent's password was when the link was sent (a digest of its hash, "" for
 *                      none): a link sent before the password changed no longer works
 */
public record ResetLink(String agentId, String passwordStamp, Instant createdAt, Instant expiresAt) {

  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
