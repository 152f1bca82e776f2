package dev.relay.gateway.domain;

import java.time.Instant;

/**
 * A sign-in sent to the company's OpenID Connect provider and not back yet, stored by the hash of
 * its {@code state}: what the answer must match (the id token's nonce) and prove (the PKCE code
 * verifier, which never left Relay). It is used once.
 */
public record OidcAttempt(String nonce, String codeVerifier, Instant createdAt, Instant expiresAt) {

  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
