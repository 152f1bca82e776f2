package dev.relay.gateway.domain;

import dev.relay.routing.Decision;
import dev.relay.routing.FollowUpPolicy;
import dev.relay.routing.OwnerPolicy;
import java.time.Instant;
import java.util.List;

/**
 * The routing decision a conversation was opened with, kept on it: who may take it, how long to wait
 * for the owner, when the first answer is due, how to follow up, and which rules (of which version)
 * said so.
 */
public record AppliedRouting(
    String team,
    List<String> skills,
    List<String> languages,
    int priority,
    OwnerPolicy owner,
    Instant firstResponseDue,
    FollowUpPolicy followUp,
    long rulesVersion,
    List<String> matchedRules) {

  public AppliedRouting {
    skills = skills == null ? List.of() : List.copyOf(skills);
    languages = languages == null ? List.of() : List.copyOf(languages);
    matchedRules = matchedRules == null ? List.of() : List.copyOf(matchedRules);
  }

  public static AppliedRouting of(Decision decision, Instant openedAt) {
    return new AppliedRouting(decision.team(), decision.skills(), decision.languages(), decision.priority(),
        decision.owner(), decision.firstResponse() == null ? null : openedAt.plus(decision.firstResponse()),
        decision.followUp(), decision.rulesVersion(), decision.matchedRules());
  }
}
