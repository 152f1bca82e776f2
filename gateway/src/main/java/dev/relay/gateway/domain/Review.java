package dev.relay.gateway.domain;

import java.time.Instant;

/**
 * A resolved conversation drawn for a supervisor's review in the weekly sample, and the review once
 * made: a score and notes the reviewed agent reads.
 *
 * @param id         {@code week} and conversation together: a conversation is drawn once per week
 * @param week       the Monday (UTC) the sampled week starts, e.g. {@code 2026-03-02}
 * @param agentId    the agent who answered the conversation, the one reviewed
 * @param score      1 to 5 once reviewed, null while it waits
 * @param reviewerId the supervisor's or admin's id ({@code admin} for the bootstrap token), null while it waits
 */
public record Review(String id, String week, String conversationId, String customerId, String agentId,
                     Instant sampledAt, Integer score, String notes, String reviewerId, String reviewerName,
                     Instant reviewedAt) {

  public static Review drawn(String week, Conversation conversation, Instant at) {
    return new Review("rev_" + week + "_" + conversation.id(), week, conversation.id(), conversation.customerId(),
        conversation.agentId(), at, null, null, null, null, null);
  }

  public Review reviewed(int nextScore, String nextNotes, String byId, String byName, Instant at) {
    return new Review(id, week, conversationId, customerId, agentId, sampledAt, nextScore, nextNotes, byId, byName, at);
  }

  public boolean done() {
    return reviewedAt != null;
  }
}
