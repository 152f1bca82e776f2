package dev.relay.routing;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelExpr;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which rules of a set can match a message, without evaluating them: each rule is filed under the
 * {@link IndexKeys} its condition needs; per decision every distinct probe expression is computed
 * once (the channel, the tags, the hour in Paris…) and looked up, so only rules whose keys are met
 * are evaluated, plus those the index cannot read. A probe that fails, or whose value is not what
 * its keys expect, lets all its rules through: the index only ever leaves out a rule whose
 * condition is certainly {@code false}.
 */
public final class RuleIndex {

  private final int rules;
  private final int[] always;
  private final List<ProbeLookup> probes;
  /** The trace steps of rules not evaluated, made once per set rather than per decision. */
  private final Decision.TraceStep[] noMatch;
  private final Decision.TraceStep[] skipped;

  private RuleIndex(List<Rule> rules, int[] always, List<ProbeLookup> probes) {
    this.rules = rules.size();
    this.always = always;
    this.probes = List.copyOf(probes);
    this.noMatch = rules.stream().map(r -> new Decision.TraceStep(r.name(), r.line(), false, "no match"))
        .toArray(Decision.TraceStep[]::new);
    this.skipped = rules.stream().map(r -> new Decision.TraceStep(r.name(), r.line(), false, "skipped"))
        .toArray(Decision.TraceStep[]::new);
  }

  Decision.TraceStep noMatch(int rule) {
    return noMatch[rule];
  }

  Decision.TraceStep skipped(int rule) {
    return skipped[rule];
  }

  /** The expressions computed once per decision, by their text (for tests and docs). */
  List<String> probes() {
    return probes.stream().map(p -> p.probe.id()).toList();
  }

  /** Rules evaluated for every message. */
  int unindexed() {
    return always.length;
  }

  /** The rules that may match: true at their position. */
  boolean[] candidates(Map<String, Object> activation) {
    boolean[] candidates = new boolean[rules];
    for (int rule : always) {
      candidates[rule] = true;
    }
    CelVariableResolver variables = RoutingEngine.variables(activation);
    for (ProbeLookup probe : probes) {
      probe.mark(activation, variables, candidates);
    }
    return candidates;
  }

  /** Files each rule under its keys; one probe program per distinct expression. */
  static final class Builder {
    private final CelRuntime runtime;
    private final List<Rule> rules;
    private final List<Integer> always = new ArrayList<>();
    private final Map<IndexKeys.Probe, Map<IndexKeys.Lookup, Map<Object, List<Integer>>>> filed = new LinkedHashMap<>();

    Builder(CelRuntime runtime, List<Rule> rules) {
      this.runtime = runtime;
      this.rules = rules;
    }

    /** @param keys the rule's keys, or empty for a rule evaluated every time */
    void add(int rule, Optional<List<IndexKeys.Key>> keys) {
      if (keys.isEmpty()) {
        always.add(rule);
        return;
      }
      for (IndexKeys.Key key : keys.get()) {
        filed.computeIfAbsent(key.probe(), p -> new LinkedHashMap<>())
            .computeIfAbsent(key.kind(), k -> new LinkedHashMap<>())
            .computeIfAbsent(key.value(), v -> new ArrayList<>()).add(rule);
      }
    }

    RuleIndex build() {
      List<ProbeLookup> probes = new ArrayList<>();
      java.util.SortedSet<Integer> evaluated = new java.util.TreeSet<>(always);
      for (var entry : filed.entrySet()) {
        IndexKeys.Probe probe = entry.getKey();
        Computation computation;
        try {
          computation = computation(probe);
        } catch (CelEvaluationException cannotPlan) {
          // Not computable on its own: the rules filed under it are evaluated every time.
          entry.getValue().values().forEach(byKey -> byKey.values().forEach(evaluated::addAll));
          continue;
        }
        for (var lookup : entry.getValue().entrySet()) {
          probes.add(new ProbeLookup(probe, computation, lookup.getKey(), lookup.getValue()));
        }
      }
      return new RuleIndex(rules, evaluated.stream().mapToInt(Integer::intValue).toArray(), probes);
    }

    /** A plain field is read from the context; anything else is a CEL program of its own. */
    private Computation computation(IndexKeys.Probe probe) throws CelEvaluationException {
      CelExpr expr = probe.expr();
      if (expr.getKind() == CelExpr.ExprKind.Kind.SELECT
          && expr.select().operand().getKind() == CelExpr.ExprKind.Kind.IDENT) {
        Optional<Function<Map<String, Object>, Object>> field = ContextTypes.fieldReader(
            expr.select().operand().ident().name(), expr.select().field());
        if (field.isPresent()) {
          Function<Map<String, Object>, Object> read = field.get();
          return (activation, variables) -> read.apply(activation);
        }
      }
      CelRuntime.Program program = runtime.createProgram(CelAbstractSyntaxTree.newCheckedAst(expr,
          probe.ast().getSource(), probe.ast().getReferenceMap(), probe.ast().getTypeMap()));
      return (activation, variables) -> program.eval(variables);
    }
  }

  /** A probe's value for one decision. */
  @FunctionalInterface
  private interface Computation {
    Object of(Map<String, Object> activation, CelVariableResolver variables) throws CelEvaluationException;
  }

  /** One probe looked up one way (equal to a key, holding a key as an item, containing it as a substring). */
  private static final class ProbeLookup {
    final IndexKeys.Probe probe;
    final Computation computation;
    final IndexKeys.Lookup lookup;
    final Map<Object, int[]> byKey = new HashMap<>();
    final int[] all;
    /** For substrings: the rules of each literal, in the trie's literal ids. */
    final List<int[]> byLiteral = new ArrayList<>();
    final LiteralTrie literals;

    ProbeLookup(IndexKeys.Probe probe, Computation computation, IndexKeys.Lookup lookup,
                Map<Object, List<Integer>> rulesByKey) {
      this.probe = probe;
      this.computation = computation;
      this.lookup = lookup;
      java.util.SortedSet<Integer> every = new java.util.TreeSet<>();
      rulesByKey.forEach((key, rules) -> {
        int[] ids = rules.stream().mapToInt(Integer::intValue).distinct().toArray();
        byKey.put(key, ids);
        byLiteral.add(ids);
        every.addAll(rules);
      });
      this.all = every.stream().mapToInt(Integer::intValue).toArray();
      this.literals = lookup == IndexKeys.Lookup.SUBSTRING
          ? new LiteralTrie(rulesByKey.keySet().stream().map(String.class::cast).toList()) : null;
    }

    void mark(Map<String, Object> activation, CelVariableResolver variables, boolean[] candidates) {
      Object value;
      try {
        value = computation.of(activation, variables);
      } catch (CelEvaluationException | RuntimeException failed) {
        mark(all, candidates);
        return;
      }
      switch (lookup) {
        case EQUALS -> mark(byKey.get(value), candidates);
        case ITEM -> {
          // A list longer than a macro may walk makes exists() fail: then its rules are evaluated.
          if (!(value instanceof List<?> items) || items.size() >= RuleCompiler.MAX_ITERATIONS) {
            mark(all, candidates);
          } else {
            items.forEach(item -> mark(byKey.get(item), candidates));
          }
        }
        case SUBSTRING -> {
          if (value instanceof String text) {
            literals.find(text, id -> mark(byLiteral.get(id), candidates));
          } else {
            mark(all, candidates);
          }
        }
      }
    }

    private static void mark(int[] rules, boolean[] candidates) {
      if (rules != null) {
        for (int rule : rules) {
          candidates[rule] = true;
        }
      }
    }
  }
}
