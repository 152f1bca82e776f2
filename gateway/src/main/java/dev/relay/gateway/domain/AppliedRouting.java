package dev.relay.gateway.domain;

import dev.relay.routing.Decision;
import dev.relay.routing.EscalationPolicy;
import dev.relay.routing.FollowUpPolicy;
import dev.relay.routing.OwnerPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The routing decision a conversation was opened with, kept on it: who may take it, how long to wait
 * for the owner, when the first answer is due and what happens when it is at risk or missed, how to
 * follow up, and which rules (of which version) said so.
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
    List<String> matchedRules,
    EscalationPolicy escalation) {

  /** What a first-response target does when the conversation was opened before targets acted (older records). */
  public static final EscalationPolicy DEFAULT_ESCALATION = new EscalationPolicy(Duration.ofMinutes(15),
      EscalationPolicy.WhenMissed.NOTIFY);

  public AppliedRouting {
    skills = skills == null ? List.of() : List.copyOf(skills);
    languages = languages == null ? List.of() : List.copyOf(languages);
    matchedRules = matchedRules == null ? List.of() : List.copyOf(matchedRules);
    escalation = escalation == null ? DEFAULT_ESCALATION : escalation;
  }

  public static AppliedRouting of(Decision decision, Instant openedAt) {
    return new AppliedRouting(decision.team(), decision.skills(), decision.languages(), decision.priority(),
        decision.owner(), decision.firstResponse() == null ? null : openedAt.plus(decision.firstResponse()),
        decision.followUp(), decision.rulesVersion(), decision.matchedRules(), decision.escalation());
  }

  /** The same decision limited to one team (a teammate of the owner first). */
  public AppliedRouting withTeam(String onlyTeam) {
    return new AppliedRouting(onlyTeam, skills, languages, priority, owner, firstResponseDue, followUp, rulesVersion,
        matchedRules, escalation);
  }
}
