package dev.relay.gateway.store.embedded;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.store.AgentStore;
import dev.relay.gateway.store.rules.AgentIndex;
import dev.relay.gateway.store.rules.Conflicts;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.h2.mvstore.MVMap;

final class EmbeddedAgents implements AgentStore {

  private final EmbeddedStore store;

  EmbeddedAgents(EmbeddedStore store) {
    this.store = store;
  }

  private MVMap<String, String> byEmail() {
    return store.map("agent-emails");
  }

  private MVMap<String, String> byToken() {
    return store.map("agent-tokens");
  }

  private MVMap<String, String> records() {
    return store.map("agents");
  }

  /** Agent id → the hash of their one working token, so replacing it can revoke the old one. */
  private MVMap<String, String> tokenOf() {
    return store.map("agent-token-of");
  }

  /** Data written before tokens could be replaced has no reverse index: build it from the forward one. */
  void indexTokens() {
    if (tokenOf().isEmpty() && !byToken().isEmpty()) {
      byToken().forEach((hash, id) -> tokenOf().put(id, hash));
    }
  }

  @Override
  public Future<Agent> create(Agent agent, String tokenHash) {
    return store.write(() -> {
      String email = AgentIndex.email(agent);
      if (byEmail().containsKey(email)) {
        throw Conflicts.agentExists(agent);
      }
      records().put(agent.id(), Json.encode(agent));
      byEmail().put(email, agent.id());
      byToken().put(tokenHash, agent.id());
      tokenOf().put(agent.id(), tokenHash);
      return agent;
    });
  }

  @Override
  public Future<Optional<Agent>> get(String id) {
    return store.read(() -> EmbeddedStore.decode(records().get(id), Agent.class));
  }

  @Override
  public Future<Optional<Agent>> byTokenHash(String tokenHash) {
    return store.read(() -> Optional.ofNullable(byToken().get(tokenHash))
        .filter(id -> tokenHash.equals(tokenOf().get(id)))
        .flatMap(id -> EmbeddedStore.decode(records().get(id), Agent.class)));
  }

  @Override
  public Future<Optional<Agent>> byEmail(String email) {
    return store.read(() -> Optional.ofNullable(byEmail().get(AgentIndex.email(email)))
        .flatMap(id -> EmbeddedStore.decode(records().get(id), Agent.class)));
  }

  @Override
  public Future<List<Agent>> list() {
    return store.read(() -> records().values().stream()
        .map(json -> Json.decode(json, Agent.class))
        .sorted(Comparator.comparingLong(AgentIndex::rank).thenComparing(Agent::id))
        .toList());
  }

  @Override
  public Future<Agent> update(String id, UnaryOperator<Agent> change) {
    return store.write(() -> {
      Agent before = EmbeddedStore.decode(records().get(id), Agent.class).orElse(null);
      Agent after = EmbeddedStore.change(records(), id, Agent.class, "agent", change);
      String email = AgentIndex.email(after);
      if (!email.equals(AgentIndex.email(before))) {
        if (byEmail().putIfAbsent(email, id) != null) {
          throw Conflicts.agentExists(after);
        }
        byEmail().remove(AgentIndex.email(before), id);
      }
      return after;
    });
  }

  @Override
  public Future<Void> replaceToken(String id, String tokenHash) {
    return store.write(() -> {
      if (!records().containsKey(id)) {
        throw Conflicts.notFound("agent", id);
      }
      String old = tokenHash == null ? tokenOf().remove(id) : tokenOf().put(id, tokenHash);
      if (old != null) {
        byToken().remove(old, id);
      }
      if (tokenHash != null) {
        byToken().put(tokenHash, id);
      }
      return null;
    });
  }
}
