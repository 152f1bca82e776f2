package dev.relay.gateway.store.embedded;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.OidcAttempt;
import dev.relay.gateway.domain.ResetLink;
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

  @Override
  public Future<Void> saveResetLink(String tokenHash, ResetLink link) {
    return saveOnce("reset-links", tokenHash, Json.encode(link), link.createdAt(),
        json -> EmbeddedStore.decode(json, ResetLink.class).map(ResetLink::expiresAt));
  }

  @Override
  public Future<Optional<ResetLink>> takeResetLink(String tokenHash) {
    return takeOnce("reset-links", tokenHash, ResetLink.class);
  }

  @Override
  public Future<Void> saveOidcAttempt(String stateHash, OidcAttempt attempt) {
    return saveOnce("oidc-attempts", stateHash, Json.encode(attempt), attempt.createdAt(),
        json -> EmbeddedStore.decode(json, OidcAttempt.class).map(OidcAttempt::expiresAt));
  }

  @Override
  public Future<Optional<OidcAttempt>> takeOidcAttempt(String stateHash) {
    return takeOnce("oidc-attempts", stateHash, OidcAttempt.class);
  }

  /** Also forgets the entries of {@code map} that expired before {@code now}, so unused links and attempts do not pile up. */
  private Future<Void> saveOnce(String map, String hash, String json, java.time.Instant now,
                                java.util.function.Function<String, Optional<java.time.Instant>> expiry) {
    return store.write(() -> {
      MVMap<String, String> entries = store.map(map);
      entries.entrySet().removeIf(e -> expiry.apply(e.getValue()).map(at -> at.isBefore(now)).orElse(true));
      entries.put(hash, json);
      return null;
    });
  }

  private <T> Future<Optional<T>> takeOnce(String map, String hash, Class<T> type) {
    return store.write(() -> EmbeddedStore.decode(store.map(map).remove(hash), type));
  }
}
