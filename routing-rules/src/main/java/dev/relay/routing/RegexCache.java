package dev.relay.routing;

import com.google.re2j.Pattern;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.exceptions.CelInvalidArgumentException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.RuntimeHelpers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CEL's {@code matches} with the rule set's literal patterns compiled once, when the set is
 * compiled: the standard function compiles its pattern on every call, which cost more than the
 * match itself. A pattern that is not a literal of the set (one built from the message), or one
 * RE2 refuses, goes the standard way, so results and errors are the standard ones.
 */
final class RegexCache {

  private final Map<String, Pattern> compiled = new HashMap<>();
  private final CelOptions options;

  /** @param patterns the literal patterns of a set's {@code matches} calls */
  RegexCache(Iterable<String> patterns, CelOptions options) {
    this.options = options;
    for (String pattern : patterns) {
      compiled.computeIfAbsent(pattern, p -> accepted(p, options));
    }
    compiled.values().removeIf(java.util.Objects::isNull);
  }

  /** The pattern as the standard function would use it, or null when it would fail. */
  static Pattern accepted(String pattern, CelOptions options) {
    try {
      Pattern p = Pattern.compile(pattern);
      return options.maxRegexProgramSize() >= 0 && p.programSize() > options.maxRegexProgramSize() ? null : p;
    } catch (RuntimeException invalid) {
      return null;
    }
  }

  /** The literal patterns of a condition's {@code matches} calls. */
  static Stream<String> literalPatterns(CelAbstractSyntaxTree condition) {
    return CelNavigableAst.fromAst(condition).getRoot().allNodes().map(CelNavigableExpr::expr)
        .filter(e -> e.getKind() == CelExpr.ExprKind.Kind.CALL && "matches".equals(e.call().function())
            && !e.call().args().isEmpty())
        .map(e -> e.call().args().get(e.call().args().size() - 1))
        .filter(p -> p.getKind() == CelExpr.ExprKind.Kind.CONSTANT
            && p.constant().getKind() == CelConstant.Kind.STRING_VALUE)
        .map(p -> p.constant().stringValue());
  }

  /** Replaces the standard {@code matches} overloads (the global function and the method). */
  List<CelFunctionBinding> bindings() {
    return List.of(
        CelFunctionBinding.from("matches", String.class, String.class, this::matches),
        CelFunctionBinding.from("matches_string", String.class, String.class, this::matches));
  }

  private Object matches(String text, String pattern) throws CelInvalidArgumentException {
    Pattern p = compiled.get(pattern);
    try {
      if (p == null) {
        return RuntimeHelpers.matches(text, pattern, options);
      }
      return options.enableRegexPartialMatch() ? p.matcher(text).find() : p.matcher(text).matches();
    } catch (RuntimeException e) {
      throw new CelInvalidArgumentException(e);
    }
  }
}
