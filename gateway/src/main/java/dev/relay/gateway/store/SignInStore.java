package dev.relay.gateway.store;

import dev.relay.gateway.domain.SignInSession;
import io.vertx.core.Future;
import java.util.Optional;

/** Agents' password hashes and their desk sessions (by the hash of the session id; ids are never stored). */
public interface SignInStore {

  Future<Void> setPassword(String agentId, String passwordHash);

  Future<Optional<String>> password(String agentId);

  Future<Void> openSession(String sessionHash, SignInSession session);

  /** The session, as stored; whether it has expired is the caller's to judge by its clock. */
  Future<Optional<SignInSession>> session(String sessionHash);

  Future<Void> closeSession(String sessionHash);

  /** Signs the agent out everywhere. */
  Future<Void> closeSessionsOf(String agentId);
}
