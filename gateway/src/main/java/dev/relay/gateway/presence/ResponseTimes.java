package dev.relay.gateway.presence;

import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.ops.GatewayMetrics;
import dev.relay.gateway.store.ResponseTimeStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Queue truth: how long customers really waited for a first answer, measured at each agent's first
 * reply in a conversation and kept in the store, per agent and per team. The expected wait a
 * customer is told is the median of the agent's own recent measurements, else of their team's,
 * and nothing at all when neither has {@link #ENOUGH} of them: no promise the data cannot keep.
 */
public final class ResponseTimes {

  /** Fewer measurements than this say too little to promise anything. */
  static final int ENOUGH = 5;

  private final ResponseTimeStore store;
  private final GatewayMetrics metrics;

  public ResponseTimes(ResponseTimeStore store, GatewayMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  /** The agent answered {@code conversation} for the first time at {@code at}. */
  public Future<Void> firstReply(Agent agent, Conversation conversation, Instant at) {
    Duration took = Duration.between(conversation.openedAt(), at);
    if (took.isNegative()) {
      return Future.succeededFuture();
    }
    metrics.firstResponse(took);
    return store.record(agent.id(), agent.team(), took);
  }

  /** About how long a new customer of this agent waits for a first answer; empty without enough data. */
  public Future<Optional<Duration>> expectedWait(Agent agent) {
    return store.ofAgent(agent.id()).compose(own -> own.size() >= ENOUGH || agent.team() == null
        ? Future.succeededFuture(median(own))
        : store.ofTeam(agent.team()).map(ResponseTimes::median));
  }

  private static Optional<Duration> median(List<Duration> samples) {
    if (samples.size() < ENOUGH) {
      return Optional.empty();
    }
    List<Duration> sorted = samples.stream().sorted().toList();
    return Optional.of(sorted.get(sorted.size() / 2));
  }
}
