package dev.relay.routing;

import dev.cel.runtime.CelEvaluationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides for one message: start from the defaults, then every rule in order whose condition holds
 * applies its {@code then} (later rules override single values; skills and languages add up), until
 * a matching rule says {@code stop}. A condition that fails at run time counts as not matching, and
 * the trace says why. Pure and thread-safe: the same facts and rules give the same decision.
 */
public final class RoutingEngine {

  public Decision decide(CompiledRuleSet compiled, RoutingFacts facts) {
    Map<String, Object> activation = ContextTypes.activation(facts);
    RuleAction decided = compiled.rules().defaults();
    List<Decision.TraceStep> trace = new ArrayList<>();
    boolean stopped = false;
    List<Rule> rules = compiled.rules().rules();
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      if (stopped) {
        trace.add(new Decision.TraceStep(rule.name(), rule.line(), false, "skipped"));
        continue;
      }
      String outcome;
      boolean matched = false;
      try {
        matched = Boolean.TRUE.equals(compiled.programs().get(i).eval(activation));
        outcome = matched ? "matched" : "no match";
      } catch (CelEvaluationException e) {
        outcome = "error: " + e.getMessage();
      }
      trace.add(new Decision.TraceStep(rule.name(), rule.line(), matched, outcome));
      if (matched) {
        decided = RuleSetParser.overlay(decided, rule.then());
        stopped = rule.then().stop();
      }
    }
    return new Decision(decided.team(), decided.skills(), decided.languages(),
        decided.priority() == null ? 0 : decided.priority(), decided.owner(), decided.firstResponse(),
        decided.followUp(), trace, compiled.version());
  }

}
