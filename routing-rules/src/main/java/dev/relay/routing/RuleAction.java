package dev.relay.routing;

import java.time.Duration;
import java.util.List;

/**
 * What a rule (or the defaults) says. Null fields leave the decision as it was; lists add to it.
 *
 * @param escalation what the first-response target does when at risk and missed
 * @param stop true to stop evaluating later rules once this one matched
 */
public record RuleAction(
    String team,
    List<String> skills,
    List<String> languages,
    Integer priority,
    OwnerPolicy owner,
    Duration firstResponse,
    FollowUpPolicy followUp,
    EscalationPolicy escalation,
    boolean stop) {

  public RuleAction {
    skills = skills == null ? List.of() : List.copyOf(skills);
    languages = languages == null ? List.of() : List.copyOf(languages);
  }
}
