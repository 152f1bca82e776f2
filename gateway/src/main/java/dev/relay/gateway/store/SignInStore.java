package dev.relay.gateway.store;

import dev.relay.gateway.domain.OidcAttempt;
import dev.relay.gateway.domain.ResetLink;
import dev.relay.gateway.domain.SignInSession;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * Agents' password hashes, their desk sessions, e-mailed reset links and OpenID Connect sign-ins
 * under way, each by the hash of its id (ids are never stored). Whether one has expired is the
 * caller's to judge by its clock; the store forgets them some time after.
 */
public interface SignInStore {

  Future<Void> setPassword(String agentId, String passwordHash);

  Future<Optional<String>> password(String agentId);

  Future<Void> openSession(String sessionHash, SignInSession session);

  /** The session, as stored; whether it has expired is the caller's to judge by its clock. */
  Future<Optional<SignInSession>> session(String sessionHash);

  Future<Void> closeSession(String sessionHash);

  /** Signs the agent out everywhere. */
  Future<Void> closeSessionsOf(String agentId);

  Future<Void> saveResetLink(String tokenHash, ResetLink link);

  /** The link, which is gone from the store from then on: a second take finds nothing. */
  Future<Optional<ResetLink>> takeResetLink(String tokenHash);

  Future<Void> saveOidcAttempt(String stateHash, OidcAttempt attempt);

  /** The sign-in under way, which is gone from the store from then on. */
  Future<Optional<OidcAttempt>> takeOidcAttempt(String stateHash);
}
