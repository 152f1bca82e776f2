package dev.relay.gateway.domain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * A customer's exchange from first message to resolution. A customer has at most one open
 * conversation; messages on any channel join it.
 *
 * @param agentId the agent answering it (the customer's owner), null while waiting for a first agent
 * @param channel the channel the customer last wrote on: replies go there by default
 * @param routing the routing decision it was opened with
 * @param satisfaction the survey sent after resolution and its answer, or null when none was sent
 */
public record Conversation(
    String id,
    String customerId,
    String agentId,
    Status status,
    String channel,
    Instant openedAt,
    Instant updatedAt,
    Instant resolvedAt,
    AppliedRouting routing,
    Satisfaction satisfaction) {

  public enum Status { OPEN, RESOLVED }

  public static Conversation open(String id, String customerId, String agentId, String channel, Instant at,
                                  AppliedRouting routing) {
    return new Conversation(id, customerId, agentId, Status.OPEN, channel, at, at, null, routing, null);
  }

  @JsonIgnore
  public boolean isOpen() {
    return status == Status.OPEN;
  }

  public Conversation assignedTo(String agent, Instant at) {
    return new Conversation(id, customerId, agent, status, channel, openedAt, at, resolvedAt, routing, satisfaction);
  }

  public Conversation touched(String lastChannel, Instant at) {
    return new Conversation(id, customerId, agentId, status, lastChannel, openedAt, at, resolvedAt, routing, satisfaction);
  }

  public Conversation resolved(Instant at) {
    return new Conversation(id, customerId, agentId, Status.RESOLVED, channel, openedAt, at, at, routing, satisfaction);
  }

  public Conversation reopened(Instant at) {
    return new Conversation(id, customerId, agentId, Status.OPEN, channel, openedAt, at, null, routing, satisfaction);
  }

  public Conversation surveyed(Satisfaction next) {
    return new Conversation(id, customerId, agentId, status, channel, openedAt, updatedAt, resolvedAt, routing, next);
  }
}
