package dev.relay.gateway.signin;

import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.AgentTokens;
import dev.relay.gateway.domain.SignInSession;
import dev.relay.gateway.http.CookieSessions;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Desk sessions: opened by a password sign-in, ended by signing out, by their time running out
 * ({@code http.sessionTtl}, by the injected clock), or for every browser at once when an admin
 * resets the password or deactivates the agent. The session id is a random 256-bit value in the
 * cookie; the store keeps its SHA-256 only, like agents' tokens.
 */
public final class DeskSessions implements CookieSessions {

  private final Store store;
  private final Duration ttl;
  private final Clock clock;

  public DeskSessions(Store store, Duration ttl, Clock clock) {
    this.store = store;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** A session just opened: the id for the cookie, shown this once. */
  record Opened(String id, SignInSession session) {
  }

  Future<Opened> open(Agent agent) {
    String id = AgentTokens.newToken();
    SignInSession session = new SignInSession(agent.id(), AgentTokens.newToken(), clock.instant(),
        clock.instant().plus(ttl));
    return store.signIn().openSession(AgentTokens.hash(id), session).map(new Opened(id, session));
  }

  Duration ttl() {
    return ttl;
  }

  @Override
  public Future<Optional<Signed>> resolve(String sessionId) {
    String hash = AgentTokens.hash(sessionId);
    return store.signIn().session(hash).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(Optional.empty());
      }
      if (found.get().expiredAt(clock.instant())) {
        return store.signIn().closeSession(hash).map(Optional.empty());
      }
      return store.agents().get(found.get().agentId())
          .map(agent -> agent.map(a -> new Signed(a, found.get().csrf())));
    });
  }

  Future<Optional<SignInSession>> session(String sessionId) {
    return store.signIn().session(AgentTokens.hash(sessionId));
  }

  Future<Void> close(String sessionId) {
    return store.signIn().closeSession(AgentTokens.hash(sessionId));
  }
}
