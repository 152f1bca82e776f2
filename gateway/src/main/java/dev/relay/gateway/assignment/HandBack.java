package dev.relay.gateway.assignment;

import java.util.Map;

/**
 * The payload of a hand-back job: a teammate covers {@code conversationId} for its owner, and it goes
 * back to them when they return. The pending job is what marks a conversation as covered: a
 * supervisor's take-over or a reassignment cancels it.
 */
public record HandBack(String conversationId, String ownerId) {

  public static final String JOB = "hand-back";

  public static String key(String conversationId) {
    return JOB + ":" + conversationId;
  }

  public Map<String, String> toMap() {
    return Map.of("conversationId", conversationId, "ownerId", ownerId);
  }

  public static HandBack fromMap(Map<String, String> map) {
    return new HandBack(map.get("conversationId"), map.get("ownerId"));
  }
}
