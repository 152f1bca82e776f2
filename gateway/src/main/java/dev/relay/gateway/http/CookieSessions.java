package dev.relay.gateway.http;

import dev.relay.gateway.domain.Agent;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * The desk's sign-in: a session cookie, resolved to the agent it signed in and the token the desk
 * must send back in {@link BearerAuth#CSRF_HEADER} with every change.
 */
@FunctionalInterface
public interface CookieSessions {

  /** The session's agent and CSRF token, if it is open and has not expired. */
  Future<Optional<Signed>> resolve(String sessionId);

  record Signed(Agent agent, String csrf) {
  }
}
