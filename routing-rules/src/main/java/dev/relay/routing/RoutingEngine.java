package dev.relay.routing;

import dev.cel.common.ast.CelExpr;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelEvaluationListener;
import dev.cel.runtime.CelVariableResolver;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides for one message: start from the defaults, then every rule in order whose condition holds
 * applies its {@code then} (later rules override single values; skills and languages add up), until
 * a matching rule says {@code stop}. A condition that fails at run time counts as not matching, and
 * the trace says why. Only rules the set's {@link RuleIndex} lets through are evaluated; the others
 * are certainly "no match". Pure and thread-safe: the same facts and rules give the same decision.
 */
public final class RoutingEngine {

  /**
   * Characters one condition may produce for one message before it is stopped: what
   * {@link RuleCompiler} lets a saved condition do at most (its estimate counts more than this);
   * it bounds sets stored before that check.
   */
  static final long RUNTIME_BUDGET = ConditionCost.DEFAULT_LIMIT;

  public Decision decide(CompiledRuleSet compiled, RoutingFacts facts) {
    Map<String, Object> activation = ContextTypes.activation(facts);
    boolean[] candidates = compiled.index().candidates(activation);
    CelVariableResolver variables = variables(activation);
    RuleAction decided = compiled.rules().defaults();
    List<Rule> rules = compiled.rules().rules();
    Decision.TraceStep[] trace = new Decision.TraceStep[rules.size()];
    boolean stopped = false;
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      if (stopped) {
        trace[i] = compiled.index().skipped(i);
        continue;
      }
      if (!candidates[i]) {
        trace[i] = compiled.index().noMatch(i);
        continue;
      }
      String outcome;
      boolean matched = false;
      try {
        matched = Boolean.TRUE.equals(compiled.programs().get(i).trace(variables, new Budget()));
        outcome = matched ? "matched" : "no match";
      } catch (CelEvaluationException e) {
        outcome = "error: " + (e.getCause() instanceof OverBudget over ? over.getMessage() : e.getMessage());
      } catch (OverBudget e) {
        outcome = "error: " + e.getMessage();
      }
      trace[i] = new Decision.TraceStep(rule.name(), rule.line(), matched, outcome);
      if (matched) {
        decided = RuleSetParser.overlay(decided, rule.then());
        stopped = rule.then().stop();
      }
    }
    return new Decision(decided.team(), decided.skills(), decided.languages(),
        decided.priority() == null ? 0 : decided.priority(), decided.owner(), decided.firstResponse(),
        decided.followUp(), decided.escalation(), List.of(trace), compiled.version());
  }

  /**
   * The activation as CEL reads it. Given the map itself, CEL copies it into one of its own for
   * every evaluation (a stream and an immutable map each time); the map holds no nulls to filter.
   */
  static CelVariableResolver variables(Map<String, Object> activation) {
    return name -> Optional.ofNullable(activation.get(name));
  }

  /** Counts the characters a condition's steps produce, and stops it past {@link #RUNTIME_BUDGET}. */
  private static final class Budget implements CelEvaluationListener {
    private long produced;

    @Override
    public void callback(CelExpr expr, Object result) {
      if (result instanceof String text) {
        produced += text.length();
        if (produced > RUNTIME_BUDGET) {
          throw new OverBudget();
        }
      }
    }
  }

  private static final class OverBudget extends RuntimeException {
    OverBudget() {
      super("stopped: this condition did more work than a rule may for one message", null, false, false);
    }
  }
}
