package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.store.AgentStore;
import dev.relay.gateway.store.rules.AgentIndex;
import dev.relay.gateway.store.rules.Conflicts;
import dev.relay.gateway.store.redis.RedisStore.Op;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * {@code agent:<id>} JSON; {@code agent-email:<email>} and {@code agent-token:<hash>} → id;
 * {@code agent-token-of:<id>} → the hash of their one working token; {@code agents} by creation.
 * An agent read by id (every routed message reads the answering one) is kept for {@link #KEPT}: a
 * change made here drops it at once, one made on another replica as soon as its announcement arrives
 * ({@link RedisStore#agentChanged}); {@link #KEPT} bounds a missed one.
 */
final class RedisAgents implements AgentStore {

  static final Duration KEPT = Duration.ofSeconds(1);
  private static final String ALL = RedisStore.key("agents");
  private final RedisStore store;
  private final String tokenScript = RedisStore.script("agent-token");
  private final Map<String, Kept> kept = new ConcurrentHashMap<>();
  /** Changes seen so far: a read that started before one does not keep what it read. */
  private final AtomicLong changes = new AtomicLong();

  private record Kept(Optional<Agent> agent, Instant until) {
  }

  RedisAgents(RedisStore store) {
    this.store = store;
  }

  /** The agent changed (here or on another replica): the next read asks Redis. */
  void changed(String id) {
    changes.incrementAndGet();
    kept.remove(id);
  }

  /** Drops what is kept of {@code id} and tells the other replicas once {@code written} is done. */
  private <T> Future<T> changing(String id, Future<T> written) {
    return written.onComplete(done -> {
      changed(id);
      store.agentChanged(id);
    });
  }

  private static String record(String id) {
    return RedisStore.key("agent", id);
  }

  private static String email(Agent agent) {
    return RedisStore.key("agent-email", AgentIndex.email(agent.email()));
  }

  private static String token(String hash) {
    return RedisStore.key("agent-token", hash);
  }

  private static String tokenOf(String id) {
    return RedisStore.key("agent-token-of", id);
  }

  @Override
  public Future<Agent> create(Agent agent, String tokenHash) {
    List<Op> indexes = List.of(
        Op.claim(email(agent), agent.id()),
        Op.claim(token(tokenHash), agent.id()),
        Op.claim(tokenOf(agent.id()), tokenHash),
        Op.zadd(ALL, agent.id(), AgentIndex.rank(agent)));
    return changing(agent.id(), store.write(record(agent.id()), null, Json.encode(agent), indexes).compose(written -> written.ok()
        ? Future.succeededFuture(agent)
        : Future.failedFuture(Conflicts.agentExists(agent))));
  }

  @Override
  public Future<Optional<Agent>> get(String id) {
    Kept known = kept.get(id);
    if (known != null && store.now().isBefore(known.until())) {
      return Future.succeededFuture(known.agent());
    }
    long before = changes.get();
    return store.get(record(id), Agent.class).onSuccess(agent -> {
      if (changes.get() == before) {
        kept.put(id, new Kept(agent, store.now().plus(KEPT)));
      }
    });
  }

  /**
   * The agent whose token this is, if it is still their one working token: a token replaced before
   * the reverse index existed (agents of an earlier version) is refused once it has been replaced.
   */
  @Override
  public Future<Optional<Agent>> byTokenHash(String tokenHash) {
    return store.send(Command.GET, token(tokenHash)).compose(id -> id == null
        ? Future.succeededFuture(Optional.<Agent>empty())
        : store.send(Command.MGET, record(id.toString()), tokenOf(id.toString())).map(found -> {
          boolean current = found.get(1) == null || tokenHash.equals(found.get(1).toString());
          return Optional.ofNullable(current ? found.get(0) : null).map(json -> Json.decode(json.toString(), Agent.class));
        }));
  }

  @Override
  public Future<Optional<Agent>> byEmail(String address) {
    return store.send(Command.GET, RedisStore.key("agent-email", AgentIndex.email(address)))
        .compose(id -> id == null ? Future.succeededFuture(Optional.<Agent>empty()) : get(id.toString()));
  }

  @Override
  public Future<List<Agent>> list() {
    return store.send(Command.ZRANGE, ALL, 0, -1)
        .compose(ids -> store.getAll(RedisStore.strings(ids).stream().map(RedisAgents::record).toList(), Agent.class));
  }

  @Override
  public Future<Agent> update(String id, UnaryOperator<Agent> change) {
    return changing(id, store.update(record(id), Agent.class, "agent", change, (before, after) -> email(before).equals(email(after))
            ? List.of() : List.of(Op.claim(email(after), id), Op.release(email(before), id)),
        (after, key) -> Conflicts.agentExists(after)));
  }

  @Override
  public Future<Void> replaceToken(String id, String tokenHash) {
    return replaceToken(id, tokenHash, 1);
  }

  /** Reads the hash in use, then swaps it in one script if it is still the one in use (else again). */
  private Future<Void> replaceToken(String id, String tokenHash, int attempt) {
    return store.send(Command.EXISTS, record(id)).compose(exists -> exists.toInteger() == 0
        ? Future.failedFuture(Conflicts.notFound("agent", id))
        : store.send(Command.GET, tokenOf(id))).compose(old -> {
          String oldHash = old == null ? "" : old.toString();
          return store.eval(tokenScript,
              List.of(tokenOf(id), oldHash.isEmpty() ? tokenOf(id) : token(oldHash),
                  tokenHash == null ? tokenOf(id) : token(tokenHash)),
              List.of(oldHash, tokenHash == null ? "" : tokenHash, id));
        }).compose(done -> {
          if (done.toInteger() == 1) {
            return Future.<Void>succeededFuture();
          }
          return attempt < RedisStore.ATTEMPTS ? replaceToken(id, tokenHash, attempt + 1)
              : Future.failedFuture(RelayException.unavailable("the agent's token is changing too often; try again"));
        });
  }
}
