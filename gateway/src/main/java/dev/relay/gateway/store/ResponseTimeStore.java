package dev.relay.gateway.store;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;

/**
 * Measured first-response times (from a conversation's opening to its agent's first reply), per
 * agent and per team, newest first, the last {@link #KEPT} of each: what the expected wait a
 * customer is told comes from.
 */
public interface ResponseTimeStore {

  int KEPT = 50;

  /** Records one measurement for the agent and, when they have one, their team. */
  Future<Void> record(String agentId, String team, Duration took);

  Future<List<Duration>> ofAgent(String agentId);

  Future<List<Duration>> ofTeam(String team);
}
