package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.store.AgentStore;
import dev.relay.gateway.store.rules.AgentIndex;
import dev.relay.gateway.store.rules.Conflicts;
import dev.relay.gateway.store.redis.RedisStore.Op;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** {@code agent:<id>} JSON; {@code agent-email:<email>} and {@code agent-token:<hash>} → id; {@code agents} by creation. */
final class RedisAgents implements AgentStore {

  private static final String ALL = RedisStore.key("agents");
  private final RedisStore store;

  RedisAgents(RedisStore store) {
    this.store = store;
  }

  private static String record(String id) {
    return RedisStore.key("agent", id);
  }

  @Override
  public Future<Agent> create(Agent agent, String tokenHash) {
    List<Op> indexes = List.of(
        Op.claim(RedisStore.key("agent-email", AgentIndex.email(agent)), agent.id()),
        Op.claim(RedisStore.key("agent-token", tokenHash), agent.id()),
        Op.zadd(ALL, agent.id(), AgentIndex.rank(agent)));
    return store.write(record(agent.id()), null, Json.encode(agent), indexes).compose(written -> written.ok()
        ? Future.succeededFuture(agent)
        : Future.failedFuture(Conflicts.agentExists(agent)));
  }

  @Override
  public Future<Optional<Agent>> get(String id) {
    return store.get(record(id), Agent.class);
  }

  @Override
  public Future<Optional<Agent>> byTokenHash(String tokenHash) {
    return store.send(Command.GET, RedisStore.key("agent-token", tokenHash))
        .compose(id -> id == null ? Future.succeededFuture(Optional.<Agent>empty()) : get(id.toString()));
  }

  @Override
  public Future<List<Agent>> list() {
    return store.send(Command.ZRANGE, ALL, 0, -1)
        .compose(ids -> store.getAll(RedisStore.strings(ids).stream().map(RedisAgents::record).toList(), Agent.class));
  }

  @Override
  public Future<Agent> update(String id, UnaryOperator<Agent> change) {
    return store.update(record(id), Agent.class, "agent", change, (before, after) -> List.of());
  }
}
