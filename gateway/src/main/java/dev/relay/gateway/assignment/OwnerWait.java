package dev.relay.gateway.assignment;

import java.util.Map;

/** The payload of an owner-wait job: the conversation whose owner the customer is waiting for. */
public record OwnerWait(String conversationId) {

  public static final String JOB = "owner-wait";

  /** The key of the one pending wait per conversation, so reassigning it can cancel the wait. */
  public String key() {
    return JOB + ":" + conversationId;
  }

  public Map<String, String> toMap() {
    return Map.of("conversationId", conversationId);
  }

  public static OwnerWait fromMap(Map<String, String> map) {
    return new OwnerWait(map.get("conversationId"));
  }
}
