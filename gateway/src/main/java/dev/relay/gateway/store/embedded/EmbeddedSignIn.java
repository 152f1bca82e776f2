package dev.relay.gateway.store.embedded;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.SignInSession;
import dev.relay.gateway.store.SignInStore;
import io.vertx.core.Future;
import java.util.Optional;
import org.h2.mvstore.MVMap;

final class EmbeddedSignIn implements SignInStore {

  private final EmbeddedStore store;

  EmbeddedSignIn(EmbeddedStore store) {
    this.store = store;
  }

  private MVMap<String, String> passwords() {
    return store.map("agent-passwords");
  }

  private MVMap<String, String> sessions() {
    return store.map("sessions");
  }

  /** agent id + SEP + session hash → session hash: signing an agent out everywhere. */
  private MVMap<String, String> sessionsOf() {
    return store.map("agent-sessions");
  }

  @Override
  public Future<Void> setPassword(String agentId, String passwordHash) {
    return store.write(() -> {
      passwords().put(agentId, passwordHash);
      return null;
    });
  }

  @Override
  public Future<Optional<String>> password(String agentId) {
    return store.read(() -> Optional.ofNullable(passwords().get(agentId)));
  }

  /** Also forgets the agent's sessions that have expired, so they do not pile up. */
  @Override
  public Future<Void> openSession(String sessionHash, SignInSession session) {
    return store.write(() -> {
      for (String old : EmbeddedStore.scan(sessionsOf(), session.agentId())) {
        EmbeddedStore.decode(sessions().get(old), SignInSession.class)
            .filter(s -> s.expiredAt(session.createdAt()))
            .ifPresent(s -> forget(old, s.agentId()));
      }
      sessions().put(sessionHash, Json.encode(session));
      sessionsOf().put(session.agentId() + EmbeddedStore.SEP + sessionHash, sessionHash);
      return null;
    });
  }

  @Override
  public Future<Optional<SignInSession>> session(String sessionHash) {
    return store.read(() -> EmbeddedStore.decode(sessions().get(sessionHash), SignInSession.class));
  }

  @Override
  public Future<Void> closeSession(String sessionHash) {
    return store.write(() -> {
      EmbeddedStore.decode(sessions().get(sessionHash), SignInSession.class)
          .ifPresent(s -> forget(sessionHash, s.agentId()));
      return null;
    });
  }

  @Override
  public Future<Void> closeSessionsOf(String agentId) {
    return store.write(() -> {
      EmbeddedStore.scan(sessionsOf(), agentId).forEach(hash -> forget(hash, agentId));
      return null;
    });
  }

  private void forget(String sessionHash, String agentId) {
    sessions().remove(sessionHash);
    sessionsOf().remove(agentId + EmbeddedStore.SEP + sessionHash);
  }
}
