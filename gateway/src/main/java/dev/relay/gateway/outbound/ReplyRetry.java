package dev.relay.gateway.outbound;

import java.util.Map;

/** The payload of an outbound-retry job: the queued message to send again. */
public record ReplyRetry(String messageId) {

  public static final String JOB = "outbound-retry";

  /** The key of the one pending retry per message. */
  public String key() {
    return JOB + ":" + messageId;
  }

  public Map<String, String> toMap() {
    return Map.of("messageId", messageId);
  }

  public static ReplyRetry fromMap(Map<String, String> map) {
    return new ReplyRetry(map.get("messageId"));
  }
}
