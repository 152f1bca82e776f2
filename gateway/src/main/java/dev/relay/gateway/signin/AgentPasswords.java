package dev.relay.gateway.signin;

import dev.relay.connector.spi.Signals;
import dev.relay.gateway.agents.AgentAccess;
import dev.relay.gateway.http.Fields;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Map;

/**
 * Setting an agent's password, however it is done (an admin's reset, the agent's own change, an
 * e-mailed link): the new hash is stored, audited, and a reset signs the agent out everywhere,
 * open streams included, on every replica.
 */
final class AgentPasswords {

  private final Vertx vertx;
  private final Store store;
  private final Signals signals;
  private final Clock clock;

  AgentPasswords(Vertx vertx, Store store, Signals signals, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.signals = signals;
    this.clock = clock;
  }

  /** The {@code password} field of a new password, its problems (at least 12 characters…) added to {@code fields}. */
  static String newPassword(Fields fields) {
    String next = fields.requiredText("password", Passwords.MAX_LENGTH);
    if (next != null) {
      Passwords.problem(next).ifPresent(fields::problem);
    }
    return next;
  }

  /** Stores the new hash (on a worker: Argon2 is slow on purpose); {@code signOutEverywhere} also ends every session. */
  Future<Void> set(String agentId, String password, String actor, String action, boolean signOutEverywhere) {
    return vertx.executeBlocking(() -> Passwords.hash(password), false)
        .compose(hash -> store.signIn().setPassword(agentId, hash))
        .compose(v -> signOutEverywhere ? store.signIn().closeSessionsOf(agentId) : Future.succeededFuture())
        .compose(v -> store.audit().append(actor, action, agentId, Map.of(), clock.instant()))
        .map(v -> {
          if (signOutEverywhere) {
            signals.publish(AgentAccess.changedAddress(agentId), "");
          }
          return null;
        });
  }
}
