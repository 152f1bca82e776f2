package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.OidcAttempt;
import dev.relay.gateway.domain.ResetLink;
import dev.relay.gateway.domain.SignInSession;
import dev.relay.gateway.store.SignInStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code agent-password:<id>} → the password hash; {@code session:<hash>} JSON, which Redis drops
 * once it has expired; {@code agent-sessions:<id>}: the hashes of an agent's sessions;
 * {@code reset-link:<hash>} and {@code oidc-attempt:<hash>}, taken with GETDEL (once), dropped once expired.
 */
final class RedisSignIn implements SignInStore {

  private final RedisStore store;
  private final Clock clock;

  RedisSignIn(RedisStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  private static String sessionKey(String hash) {
    return RedisStore.key("session", hash);
  }

  private static String sessionsOf(String agentId) {
    return RedisStore.key("agent-sessions", agentId);
  }

  @Override
  public Future<Void> setPassword(String agentId, String passwordHash) {
    return store.send(Command.SET, RedisStore.key("agent-password", agentId), passwordHash).mapEmpty();
  }

  @Override
  public Future<Optional<String>> password(String agentId) {
    return store.send(Command.GET, RedisStore.key("agent-password", agentId))
        .map(r -> Optional.ofNullable(r).map(Object::toString));
  }

  @Override
  public Future<Void> openSession(String sessionHash, SignInSession session) {
    long ttl = Math.max(1, Duration.between(clock.instant(), session.expiresAt()).toMillis());
    return store.send(Command.SADD, sessionsOf(session.agentId()), sessionHash)
        .compose(v -> store.send(Command.SET, sessionKey(sessionHash), Json.encode(session), "PX", ttl)).mapEmpty();
  }

  @Override
  public Future<Optional<SignInSession>> session(String sessionHash) {
    return store.get(sessionKey(sessionHash), SignInSession.class);
  }

  @Override
  public Future<Void> closeSession(String sessionHash) {
    return session(sessionHash).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture();
      }
      return store.send(Command.DEL, sessionKey(sessionHash))
          .compose(v -> store.send(Command.SREM, sessionsOf(found.get().agentId()), sessionHash)).mapEmpty();
    });
  }

  @Override
  public Future<Void> closeSessionsOf(String agentId) {
    return store.send(Command.SMEMBERS, sessionsOf(agentId)).compose(hashes -> {
      List<Object> keys = new ArrayList<>();
      RedisStore.strings(hashes).forEach(hash -> keys.add(sessionKey(hash)));
      keys.add(sessionsOf(agentId));
      return store.send(Command.DEL, keys.toArray());
    }).mapEmpty();
  }

  @Override
  public Future<Void> saveResetLink(String tokenHash, ResetLink link) {
    return saveOnce(RedisStore.key("reset-link", tokenHash), Json.encode(link), link.expiresAt());
  }

  @Override
  public Future<Optional<ResetLink>> takeResetLink(String tokenHash) {
    return takeOnce(RedisStore.key("reset-link", tokenHash), ResetLink.class);
  }

  @Override
  public Future<Void> saveOidcAttempt(String stateHash, OidcAttempt attempt) {
    return saveOnce(RedisStore.key("oidc-attempt", stateHash), Json.encode(attempt), attempt.expiresAt());
  }

  @Override
  public Future<Optional<OidcAttempt>> takeOidcAttempt(String stateHash) {
    return takeOnce(RedisStore.key("oidc-attempt", stateHash), OidcAttempt.class);
  }

  private Future<Void> saveOnce(String key, String json, java.time.Instant expiresAt) {
    long ttl = Math.max(1, Duration.between(clock.instant(), expiresAt).toMillis());
    return store.send(Command.SET, key, json, "PX", ttl).mapEmpty();
  }

  private <T> Future<Optional<T>> takeOnce(String key, Class<T> type) {
    return store.send(Command.GETDEL, key).map(r -> Optional.ofNullable(r).map(v -> Json.decode(v.toString(), type)));
  }
}
