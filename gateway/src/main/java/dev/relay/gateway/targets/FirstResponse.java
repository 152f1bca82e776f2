package dev.relay.gateway.targets;

import dev.relay.gateway.domain.AppliedRouting;
import dev.relay.gateway.domain.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Where a conversation stands against its first-response target; the board and the checks read it the same way. */
public enum FirstResponse {
  /** No target, or it was answered. */
  NONE,
  ON_TIME,
  /** Due within the rule's {@code escalation.warnBefore}. */
  AT_RISK,
  MISSED;

  /** The due time that still counts: none once an agent answered. */
  public static Instant due(AppliedRouting routing, List<Message> messages) {
    return due(routing, answers(messages));
  }

  /** @param answered whether an agent wrote in the conversation */
  public static Instant due(AppliedRouting routing, boolean answered) {
    return routing == null || answered ? null : routing.firstResponseDue();
  }

  /** Whether these messages hold an answer: any reply sent to the customer. */
  public static boolean answers(List<Message> messages) {
    return messages.stream().anyMatch(m -> m.direction() == Message.Direction.OUTBOUND);
  }

  public static FirstResponse of(AppliedRouting routing, List<Message> messages, Instant now) {
    Instant due = due(routing, messages);
    if (due == null) {
      return NONE;
    }
    if (!now.isBefore(due)) {
      return MISSED;
    }
    Duration warnBefore = routing.escalation().warnBefore();
    return Duration.between(now, due).compareTo(warnBefore) <= 0 ? AT_RISK : ON_TIME;
  }
}
