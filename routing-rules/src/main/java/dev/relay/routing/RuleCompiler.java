package dev.relay.routing;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructTypeReference;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeBuilder;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelStandardFunctions;
import dev.cel.runtime.CelStandardFunctions.StandardFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns rule source into a {@link CompiledRuleSet}: structure checked by {@link RuleSetParser},
 * every condition parsed and type-checked as a CEL boolean over {@code customer}, {@code message}
 * and {@code now}, with CEL's string extensions (lowerAscii, split, trim...). All problems are reported together, each at its {@code line:col} in the file.
 *
 * <p>CEL has no loops or recursion, so every condition finishes; the options below also bound
 * its size, nesting, comprehension iterations and regular expressions, and {@link ConditionCost}
 * refuses a condition that could still take long (chained {@code replace} doubling the text).
 */
public final class RuleCompiler {

  static final int MAX_ITERATIONS = 10_000;
  static final int MAX_REGEX_PROGRAM = 500;

  static final CelOptions OPTIONS = CelOptions.current()
      .maxExpressionCodePointSize(RuleSetParser.MAX_CONDITION_CHARS)
      .maxParseRecursionDepth(32)
      .comprehensionMaxIterations(MAX_ITERATIONS)
      .maxRegexProgramSize(MAX_REGEX_PROGRAM)
      .build();

  private final CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
      .setOptions(OPTIONS)
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addLibraries(CelExtensions.strings())
      .addMessageTypes(ContextTypes.CUSTOMER, ContextTypes.MESSAGE)
      .addVar("customer", StructTypeReference.create(ContextTypes.CUSTOMER.getFullName()))
      .addVar("message", StructTypeReference.create(ContextTypes.MESSAGE.getFullName()))
      .addVar("now", SimpleType.TIMESTAMP)
      .setResultType(SimpleType.BOOL)
      .build();

  /** CEL's standard runtime: what a rule means; the indexed sets only add a regex cache to it. */
  private final CelRuntime standardRuntime = runtimeBuilder().build();

  private final long maxConditionCost;
  private final boolean indexed;

  /** A compiler that refuses conditions whose estimated work per message is over the default limit. */
  public RuleCompiler() {
    this(ConditionCost.DEFAULT_LIMIT);
  }

  /** @param maxConditionCost the most work (characters produced and scanned) one condition may do per message */
  public RuleCompiler(long maxConditionCost) {
    this(maxConditionCost, true);
  }

  /**
   * @param indexed false for the plain engine, which evaluates every rule with CEL's own functions:
   *                the reference the indexed one is tested against
   */
  RuleCompiler(long maxConditionCost, boolean indexed) {
    this.maxConditionCost = maxConditionCost;
    this.indexed = indexed;
  }

  private static CelRuntimeBuilder runtimeBuilder() {
    return CelRuntimeFactory.standardCelRuntimeBuilder()
        .setOptions(OPTIONS)
        .addLibraries(CelExtensions.strings())
        .addMessageTypes(ContextTypes.CUSTOMER, ContextTypes.MESSAGE);
  }

  /** The standard runtime whose {@code matches} uses the set's patterns compiled once. */
  private static CelRuntime cachingRuntime(List<CelAbstractSyntaxTree> conditions) {
    RegexCache cache = new RegexCache(conditions.stream().flatMap(RegexCache::literalPatterns).toList(), OPTIONS);
    return runtimeBuilder()
        .setStandardEnvironmentEnabled(false)
        .setStandardFunctions(CelStandardFunctions.newBuilder().excludeFunctions(StandardFunction.MATCHES).build())
        .addFunctionBindings(cache.bindings())
        .build();
  }

  public CompiledRuleSet compile(String source) throws InvalidRuleSetException {
    RuleSetParser.Parsed parsed = RuleSetParser.parseAll(source);
    RuleSet set = parsed.set();
    List<RuleError> errors = new ArrayList<>(parsed.errors());
    List<CelAbstractSyntaxTree> conditions = new ArrayList<>();
    List<Double> estimates = new ArrayList<>();
    double cost = 0;
    for (Rule rule : set.rules()) {
      CelValidationResult result = compiler.compile(rule.when());
      if (result.hasError()) {
        for (CelIssue issue : result.getErrors()) {
          errors.add(locate(rule, issue));
        }
        continue;
      }
      try {
        CelAbstractSyntaxTree checked = result.getAst();
        double estimated = ConditionCost.of(checked.getExpr());
        cost += estimated;
        if (estimated > maxConditionCost) {
          errors.add(new RuleError(rule.name(), rule.whenAt().line(), rule.whenAt().column(), String.format(
              java.util.Locale.ROOT, "this condition could cost up to %.2g steps for one message (the limit is %,d):"
                  + " replace, concatenation and macros over the text multiply it; simplify it", estimated,
              maxConditionCost)));
          continue;
        }
        conditions.add(checked);
        estimates.add(estimated);
      } catch (CelValidationException e) {
        errors.add(new RuleError(rule.name(), rule.whenAt().line(), rule.whenAt().column(), e.getMessage()));
      }
    }
    if (errors.isEmpty()) {
      return plan(set, conditions, estimates, source, cost);
    }
    errors.sort(java.util.Comparator.comparingInt(RuleError::line).thenComparingInt(RuleError::column));
    throw new InvalidRuleSetException(errors);
  }

  /** Programs for checked conditions (one per rule, in order) and, when indexed, the index over them. */
  private CompiledRuleSet plan(RuleSet set, List<CelAbstractSyntaxTree> conditions, List<Double> estimates,
                               String source, double cost) throws InvalidRuleSetException {
    CelRuntime runtime = indexed ? cachingRuntime(conditions) : standardRuntime;
    List<CelRuntime.Program> programs = new ArrayList<>();
    RuleIndex.Builder index = new RuleIndex.Builder(runtime, set.rules());
    List<RuleError> errors = new ArrayList<>();
    for (int i = 0; i < conditions.size(); i++) {
      try {
        programs.add(runtime.createProgram(conditions.get(i)));
      } catch (CelEvaluationException e) {
        Rule rule = set.rules().get(i);
        errors.add(new RuleError(rule.name(), rule.whenAt().line(), rule.whenAt().column(), e.getMessage()));
      }
      // A condition that could exceed the run-time budget may fail where the index would say "no match".
      boolean indexable = indexed && estimates.get(i) <= RoutingEngine.RUNTIME_BUDGET;
      index.add(i, indexable ? IndexKeys.of(conditions.get(i)) : Optional.empty());
    }
    if (!errors.isEmpty()) {
      throw new InvalidRuleSetException(errors);
    }
    return new CompiledRuleSet(set, programs, index.build(), source, 0, (long) Math.min(Long.MAX_VALUE, cost));
  }

  /** A CEL issue's position is inside the condition; shift it to where the condition sits in the file. */
  private static RuleError locate(Rule rule, CelIssue issue) {
    int exprLine = Math.max(1, issue.getSourceLocation().getLine());
    int exprColumn = Math.max(0, issue.getSourceLocation().getColumn());
    Rule.SourcePosition at = rule.whenAt();
    int line;
    int column;
    if (at.block()) {
      line = at.line() + exprLine;
      column = exprColumn + 1;
    } else {
      line = at.line() + exprLine - 1;
      column = exprLine == 1 ? at.column() + exprColumn : exprColumn + 1;
    }
    return new RuleError(rule.name(), line, column, firstLine(issue.getMessage()));
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
