package dev.relay.gateway.targets;

import java.util.Locale;
import java.util.Map;

/** The payload of a first-response check: which conversation, and which moment of its target comes next. */
public record TargetCheck(String conversationId, Stage stage) {

  public static final String JOB = "first-response";

  /** At risk: the answering agent is nudged. Missed: supervisors are told and the escalation applies. */
  public enum Stage { AT_RISK, MISSED }

  public static String key(String conversationId) {
    return JOB + ":" + conversationId;
  }

  public Map<String, String> toMap() {
    return Map.of("conversationId", conversationId, "stage", stage.name().toLowerCase(Locale.ROOT));
  }

  public static TargetCheck fromMap(Map<String, String> map) {
    return new TargetCheck(map.get("conversationId"), Stage.valueOf(map.get("stage").toUpperCase(Locale.ROOT)));
  }
}
