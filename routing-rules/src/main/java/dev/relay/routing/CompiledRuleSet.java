package dev.relay.routing;

import dev.cel.runtime.CelRuntime;
import java.util.List;

/**
 * A rule set whose conditions are parsed, type-checked and planned once: deciding never compiles.
 * Immutable, so a decision that started on one version finishes on it while a newer one is saved.
 *
 * @param index   which rules can match a message, so the others are not evaluated
 * @param version the store's version number for this set (0 for a set not yet saved)
 * @param cost    the estimated work of all its conditions for one message (see {@code ConditionCost})
 */
public record CompiledRuleSet(RuleSet rules, List<CelRuntime.Program> programs, RuleIndex index, String source,
                              long version, long cost) {

  public CompiledRuleSet {
    programs = List.copyOf(programs);
  }

  public CompiledRuleSet withVersion(long next) {
    return new CompiledRuleSet(rules, programs, index, source, next, cost);
  }
}
