package dev.relay.routing;

import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An upper bound, at save time, of the work one condition can do for one message, so a condition
 * that would hold routing for seconds (a chain of {@code replace} doubling the text, concatenations
 * inside comprehensions) is refused with its position instead of being run. CEL for Java has no
 * cost estimator of its own, so this one walks the checked expression with the largest inputs a
 * rule can see ({@link #INPUT_CHARS} per field) and counts characters produced and scanned; a list's size is its characters, so a macro runs at
 * most that many times. It is deliberately pessimistic: what it accepts is cheap.
 */
final class ConditionCost {

  /**
   * Rules see at most this many characters of any field: of a message's text and subject, and of a
   * customer's tags or identities together (the rest is cut before routing, in {@link ContextTypes}).
   */
  static final int INPUT_CHARS = 20_000;
  /** The default limit: a few milliseconds of string work per message. */
  static final long DEFAULT_LIMIT = 5_000_000;

  private static final Set<String> SAME_SIZE = Set.of("lowerAscii", "upperAscii", "trim", "reverse", "substring",
      "charAt", "split");
  private static final Set<String> SEARCHES = Set.of("contains", "startsWith", "endsWith", "indexOf", "lastIndexOf");

  private ConditionCost() {
  }

  /** @param size the largest value (characters of a text or of a list's items) @param cost the work to compute it */
  private record Estimate(double size, double cost) {
  }

  static double of(CelExpr condition) {
    return estimate(condition, Map.of()).cost();
  }

  private static Estimate estimate(CelExpr expr, Map<String, Double> vars) {
    return switch (expr.getKind()) {
      case CONSTANT -> new Estimate(constantSize(expr.constant()), 1);
      case IDENT -> new Estimate(vars.getOrDefault(expr.ident().name(), (double) INPUT_CHARS), 1);
      case SELECT -> new Estimate(INPUT_CHARS, estimate(expr.select().operand(), vars).cost() + 1);
      case CALL -> call(expr.call(), vars);
      case LIST -> sum(expr.list().elements(), vars);
      case MAP -> sum(expr.map().entries().stream().flatMap(e -> java.util.stream.Stream.of(e.key(), e.value())).toList(), vars);
      case STRUCT -> sum(expr.struct().entries().stream().map(CelExpr.CelStruct.Entry::value).toList(), vars);
      case COMPREHENSION -> comprehension(expr.comprehension(), vars);
      default -> new Estimate(1, 1);
    };
  }

  private static double constantSize(CelConstant constant) {
    return switch (constant.getKind()) {
      case STRING_VALUE -> constant.stringValue().length();
      case BYTES_VALUE -> constant.bytesValue().size();
      default -> 1;
    };
  }

  private static Estimate sum(List<CelExpr> parts, Map<String, Double> vars) {
    double size = 0;
    double cost = 1;
    for (CelExpr part : parts) {
      Estimate e = estimate(part, vars);
      size += e.size();
      cost += e.cost();
    }
    return new Estimate(size, cost);
  }

  private static Estimate call(CelExpr.CelCall call, Map<String, Double> vars) {
    double target = 0;
    double children = 0;
    if (call.target().isPresent()) {
      Estimate t = estimate(call.target().get(), vars);
      target = t.size();
      children += t.cost();
    }
    double[] args = new double[call.args().size()];
    double argSizes = 0;
    for (int i = 0; i < args.length; i++) {
      Estimate a = estimate(call.args().get(i), vars);
      args[i] = a.size();
      argSizes += a.size();
      children += a.cost();
    }
    String function = call.function();
    double size;
    double work;
    if ("replace".equals(function) && args.length >= 2) {
      // Every occurrence of the old text may become the new one: the text can grow by that factor.
      double occurrences = target / Math.max(1, minLength(call.args().get(0)));
      size = target + occurrences * args[1];
      work = size + target;
    } else if ("_+_".equals(function)) {
      size = target + argSizes;
      work = size;
    } else if ("join".equals(function)) {
      size = target * (1 + (args.length > 0 ? args[0] : 0));
      work = size;
    } else if ("quote".equals(function)) {
      size = 2 * target + 2;
      work = size;
    } else if (SAME_SIZE.contains(function)) {
      size = Math.max(target, argSizes);
      work = size;
    } else if ("matches".equals(function)) {
      // RE2: linear in the text, times the pattern's program (bounded by maxRegexProgramSize).
      size = 1;
      work = (target + (call.target().isPresent() ? 0 : args[0])) * Math.min(RuleCompiler.MAX_REGEX_PROGRAM,
          Math.max(1, args[args.length - 1]));
    } else if (SEARCHES.contains(function)) {
      size = 1;
      work = target + argSizes;
    } else {
      size = Math.max(target, max(args));
      work = target + argSizes + 1;
    }
    return new Estimate(size, children + work);
  }

  /** A literal's length; anything computed may be a single character. */
  private static double minLength(CelExpr expr) {
    return expr.getKind() == CelExpr.ExprKind.Kind.CONSTANT ? constantSize(expr.constant()) : 1;
  }

  /**
   * A macro ({@code exists}, {@code all}, {@code map}, {@code filter}): its step runs once per item,
   * and all the items together are no larger than the range, so the step's cost is counted once per
   * item for its fixed part and once for the part that grows with the item.
   */
  private static Estimate comprehension(CelExpr.CelComprehension loop, Map<String, Double> vars) {
    Estimate range = estimate(loop.iterRange(), vars);
    Estimate init = estimate(loop.accuInit(), vars);
    double items = Math.min(RuleCompiler.MAX_ITERATIONS, range.size());
    Estimate smallest = step(loop, vars, 0);
    Estimate largest = step(loop, vars, range.size());
    double stepCost = items * smallest.cost() + Math.max(0, largest.cost() - smallest.cost());
    double accumulated = init.size() + items * smallest.size() + Math.max(0, largest.size() - smallest.size());
    Map<String, Double> after = new HashMap<>(vars);
    after.put(loop.accuVar(), accumulated);
    Estimate result = estimate(loop.result(), after);
    return new Estimate(result.size(), range.cost() + init.cost() + stepCost + result.cost());
  }

  private static Estimate step(CelExpr.CelComprehension loop, Map<String, Double> vars, double itemSize) {
    Map<String, Double> inside = new HashMap<>(vars);
    inside.put(loop.iterVar(), itemSize);
    inside.put(loop.accuVar(), 0.0);
    Estimate step = estimate(loop.loopStep(), inside);
    Estimate condition = estimate(loop.loopCondition(), inside);
    return new Estimate(step.size(), step.cost() + condition.cost());
  }

  private static double max(double[] values) {
    double max = 0;
    for (double v : values) {
      max = Math.max(max, v);
    }
    return max;
  }
}
