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
    return store.write(() -> EmbeddedStore.change(records(), id, Agent.class, "agent", change));
  }
}
