package dev.relay.gateway.domain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.relay.connector.spi.Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A customer's exchange from first message to resolution. A customer has at most one open
 * conversation; messages on any channel join it.
 *
 * @param agentId the agent answering it (the customer's owner), null while waiting for a first agent
 * @param channel the channel the customer last wrote on: replies go there by default
 * @param routing the routing decision it was opened with
 * @param satisfaction the survey sent after resolution and its answer, or null when none was sent
 * @param participants the other people on its e-mail thread (never the customer's own addresses)
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
    Satisfaction satisfaction,
    List<Participant> participants) {

  public enum Status { OPEN, RESOLVED }

  public Conversation {
    participants = participants == null ? List.of() : List.copyOf(participants);
  }

  public static Conversation open(String id, String customerId, String agentId, String channel, Instant at,
                                  AppliedRouting routing) {
    return new Conversation(id, customerId, agentId, Status.OPEN, channel, at, at, null, routing, null, List.of());
  }

  /**
   * Adds who is new to the thread; one already known keeps what they were (a removed participant
   * stays removed, and someone the customer copied stays "copied").
   */
  public Conversation withParticipants(List<Participant> seen) {
    List<Participant> next = new ArrayList<>(participants);
    for (Participant p : seen) {
      if (next.stream().noneMatch(known -> known.address().equals(p.address()))) {
        next.add(p);
      }
    }
    return next.size() == participants.size() ? this
        : new Conversation(id, customerId, agentId, status, channel, openedAt, updatedAt, resolvedAt, routing, satisfaction, next);
  }

  /** The agent took them off the thread: they get no more copies, and the list shows they were removed. */
  public Conversation withoutParticipant(Address address) {
    return new Conversation(id, customerId, agentId, status, channel, openedAt, updatedAt, resolvedAt, routing, satisfaction,
        participants.stream().map(p -> p.address().equals(address) ? p.removedNow() : p).toList());
  }

  /** Someone on the thread the agent did not remove. */
  public boolean isActiveParticipant(Address address) {
    return participants.stream().anyMatch(p -> p.address().equals(address) && !p.removed());
  }

  @JsonIgnore
  public boolean isOpen() {
    return status == Status.OPEN;
  }

  public Conversation assignedTo(String agent, Instant at) {
    return new Conversation(id, customerId, agent, status, channel, openedAt, at, resolvedAt, routing, satisfaction, participants);
  }

  public Conversation touched(String lastChannel, Instant at) {
    return new Conversation(id, customerId, agentId, status, lastChannel, openedAt, at, resolvedAt, routing, satisfaction, participants);
  }

  public Conversation resolved(Instant at) {
    return new Conversation(id, customerId, agentId, Status.RESOLVED, channel, openedAt, at, at, routing, satisfaction, participants);
  }

  public Conversation reopened(Instant at) {
    return new Conversation(id, customerId, agentId, Status.OPEN, channel, openedAt, at, null, routing, satisfaction, participants);
  }

  public Conversation surveyed(Satisfaction next) {
    return new Conversation(id, customerId, agentId, status, channel, openedAt, updatedAt, resolvedAt, routing, next, participants);
  }
}
