package dev.relay.gateway.domain;

import java.time.Instant;

/**
 * The survey after a resolution: asked on the customer's channel, answered with a score from 1 to 5.
 *
 * @param agentId    the agent whose conversation it rates
 * @param score      1 (poor) to 5 (excellent), or null while unanswered
 * @param answeredAt when the customer answered, or null
 */
public record Satisfaction(String agentId, Instant askedAt, Integer score, Instant answeredAt) {

  public static Satisfaction asked(String agentId, Instant at) {
    return new Satisfaction(agentId, at, null, null);
  }

  public Satisfaction answered(int value, Instant at) {
    return new Satisfaction(agentId, askedAt, value, at);
  }
}
