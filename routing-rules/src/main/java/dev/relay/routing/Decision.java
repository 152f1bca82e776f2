package dev.relay.routing;

import java.time.Duration;
import java.util.List;

/**
 * Where a message goes and how it is looked after, with the trace of how the rules got there.
 *
 * @param team          the team that may take the customer, or null for anyone
 * @param skills        skills an agent must have to become the owner
 * @param languages     languages an agent must speak to become the owner
 * @param priority      higher first
 * @param owner         what to do when the dedicated agent is away or at capacity
 * @param firstResponse the first-response target
 * @param followUp      the check-in after resolution
 * @param escalation    what the first-response target does when at risk and missed
 * @param trace         every rule, in order, with whether it matched and why
 * @param rulesVersion  the version of the rule set that decided
 */
public record Decision(
    String team,
    List<String> skills,
    List<String> languages,
    int priority,
    OwnerPolicy owner,
    Duration firstResponse,
    FollowUpPolicy followUp,
    EscalationPolicy escalation,
    List<TraceStep> trace,
    long rulesVersion) {

  public Decision {
    skills = List.copyOf(skills);
    languages = List.copyOf(languages);
    trace = List.copyOf(trace);
  }

  /**
   * @param outcome {@code matched}, {@code no match}, {@code error: …} (an evaluation error counts as no
   *                match), or {@code skipped} (after a matching rule with {@code stop: true})
   */
  public record TraceStep(String rule, int line, boolean matched, String outcome) {
  }

  /** The names of the rules that matched, in order. */
  public List<String> matchedRules() {
    return trace.stream().filter(TraceStep::matched).map(TraceStep::rule).toList();
  }
}
