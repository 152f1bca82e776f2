package dev.relay.gateway.store;

import dev.relay.gateway.domain.Agent;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

public interface AgentStore {

  /** Stores a new agent with the hash of their token; an e-mail already in use is a conflict. */
  Future<Agent> create(Agent agent, String tokenHash);

  Future<Optional<Agent>> get(String id);

  Future<Optional<Agent>> byTokenHash(String tokenHash);

  /** The agent with this e-mail, whatever its case. */
  Future<Optional<Agent>> byEmail(String email);

  /** All agents, oldest first. */
  Future<List<Agent>> list();

  /** Applies {@code change} atomically; an e-mail another agent has is a conflict, and nothing changes. */
  Future<Agent> update(String id, UnaryOperator<Agent> change);

  /**
   * Gives the agent a new token (its hash), atomically: the one they had stops working in the same
   * step. A null hash leaves them with no working token at all.
   */
  Future<Void> replaceToken(String id, String tokenHash);
}
