package dev.relay.routing;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelExpr.ExprKind.Kind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a condition needs of the facts to be able to hold, read from its checked CEL expression:
 * a list of {@link Key}s such that when none of them is met, the condition is {@code false} (not an
 * error), so the rule can be left out without changing the decision. A top-level {@code a && b}
 * needs what either side needs (CEL's {@code false && x} is false even when {@code x} fails), so
 * the more selective side is kept; {@code a || b} needs what one of its sides needs. Understood:
 * {@code p == "sms"}, {@code p in ["fr", "en"]}, {@code "vip" in customer.tags},
 * {@code customer.tags.exists(t, t == "vip")}, {@code p.contains/startsWith/endsWith("…")},
 * {@code p.matches("…")} with a literal every match contains ({@link RequiredLiteral}), and a
 * boolean {@code p} or {@code !p}; where {@code p} is any expression over {@code customer},
 * {@code message} and {@code now} only (no macro variables), computed once per decision.
 */
final class IndexKeys {

  private static final Set<String> ROOTS = Set.of("customer", "message", "now");

  /** How a key is looked up: the probe's value equals it, contains it as an item, or as a substring. */
  enum Lookup {
    EQUALS, ITEM, SUBSTRING
  }

  /**
   * @param probe    the expression computed once per decision, by its canonical text {@code id}
   * @param value    a String, Long or Boolean for {@code EQUALS} and {@code ITEM}, the literal for {@code SUBSTRING}
   */
  record Key(Probe probe, Lookup kind, Object value) {
  }

  /** @param id canonical text, so the same expression in two rules is computed once */
  record Probe(String id, CelExpr expr, CelAbstractSyntaxTree ast) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Probe p && p.id.equals(id);
    }

    @Override
    public int hashCode() {
      return id.hashCode();
    }
  }

  private final CelAbstractSyntaxTree ast;

  private IndexKeys(CelAbstractSyntaxTree ast) {
    this.ast = ast;
  }

  /** The keys of a checked condition, or empty when it has to be evaluated for every message. */
  static Optional<List<Key>> of(CelAbstractSyntaxTree checked) {
    return Optional.ofNullable(new IndexKeys(checked).keys(checked.getExpr()));
  }

  private List<Key> keys(CelExpr expr) {
    if (expr.getKind() == Kind.COMPREHENSION) {
      return exists(expr.comprehension());
    }
    if (expr.getKind() != Kind.CALL) {
      return bool(expr, true);
    }
    CelExpr.CelCall call = expr.call();
    List<CelExpr> args = call.args();
    List<Key> keys = switch (call.function()) {
      case "_&&_" -> selective(keys(args.get(0)), keys(args.get(1)));
      case "_||_" -> either(keys(args.get(0)), keys(args.get(1)));
      case "!_" -> bool(args.get(0), false);
      case "_==_" -> equality(args.get(0), args.get(1));
      case "@in" -> membership(args.get(0), args.get(1));
      case "contains", "startsWith", "endsWith" -> call.target().isPresent() && args.size() == 1
          ? substring(call.target().get(), literal(args.get(0))) : null;
      case "matches" -> matches(call);
      default -> null;
    };
    // Any other condition on the facts alone (customer.pastConversations > 3) is computed once for all rules.
    return keys != null || "_&&_".equals(call.function()) || "_||_".equals(call.function()) ? keys : bool(expr, true);
  }

  private static List<Key> selective(List<Key> a, List<Key> b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    Comparator<List<Key>> order = Comparator.<List<Key>>comparingInt(
        keys -> keys.stream().mapToInt(IndexKeys::rank).max().orElse(0)).thenComparingInt(List::size);
    return order.compare(a, b) <= 0 ? a : b;
  }

  /** How few messages a key lets through, roughly: a value, an item, a substring, then a yes/no test. */
  private static int rank(Key key) {
    return key.value() instanceof Boolean ? Lookup.values().length : key.kind().ordinal();
  }

  private static List<Key> either(List<Key> a, List<Key> b) {
    if (a == null || b == null) {
      return null;
    }
    List<Key> both = new ArrayList<>(a);
    both.addAll(b);
    return both;
  }

  /** {@code p} or {@code !p} for a boolean {@code p}. */
  private List<Key> bool(CelExpr expr, boolean value) {
    Probe probe = probe(expr);
    return probe != null && SimpleType.BOOL.equals(type(expr)) ? List.of(new Key(probe, Lookup.EQUALS, value)) : null;
  }

  private List<Key> equality(CelExpr left, CelExpr right) {
    if (left.getKind() == Kind.CONSTANT) {
      return equality(right, left);
    }
    Probe probe = probe(left);
    Object value = scalar(right, type(left));
    return probe == null || value == null ? null : List.of(new Key(probe, Lookup.EQUALS, value));
  }

  /** {@code p in ["a", "b"]} (equal to one of them) or {@code "a" in p} (an item of a list). */
  private List<Key> membership(CelExpr item, CelExpr container) {
    if (container.getKind() == Kind.LIST) {
      Probe probe = probe(item);
      if (probe == null || container.list().elements().isEmpty()) {
        return null;
      }
      List<Key> keys = new ArrayList<>();
      for (CelExpr element : container.list().elements()) {
        Object value = scalar(element, type(item));
        if (value == null) {
          return null;
        }
        keys.add(new Key(probe, Lookup.EQUALS, value));
      }
      return keys;
    }
    return item(container, literal(item));
  }

  /** {@code list.exists(x, x == "a")}, as the macro expands it: {@code false}, then {@code acc || x == "a"}. */
  private List<Key> exists(CelExpr.CelComprehension loop) {
    if (!loop.iterVar2().isEmpty() || !isConstant(loop.accuInit(), false) || !isIdent(loop.result(), loop.accuVar())
        || loop.loopStep().getKind() != Kind.CALL || !"_||_".equals(loop.loopStep().call().function())
        || !isIdent(loop.loopStep().call().args().get(0), loop.accuVar())) {
      return null;
    }
    CelExpr test = loop.loopStep().call().args().get(1);
    if (test.getKind() != Kind.CALL || !"_==_".equals(test.call().function())) {
      return null;
    }
    CelExpr a = test.call().args().get(0);
    CelExpr b = test.call().args().get(1);
    String value = isIdent(a, loop.iterVar()) ? literal(b) : isIdent(b, loop.iterVar()) ? literal(a) : null;
    return item(loop.iterRange(), value);
  }

  private List<Key> item(CelExpr list, String value) {
    Probe probe = probe(list);
    return probe == null || value == null || !(type(list) instanceof ListType lt && SimpleType.STRING.equals(lt.elemType()))
        ? null : List.of(new Key(probe, Lookup.ITEM, value));
  }

  private List<Key> matches(CelExpr.CelCall call) {
    CelExpr text = call.target().orElse(call.args().isEmpty() ? null : call.args().get(0));
    String pattern = literal(call.args().get(call.args().size() - 1));
    if (text == null || pattern == null || RegexCache.accepted(pattern, RuleCompiler.OPTIONS) == null) {
      return null;
    }
    return RequiredLiteral.of(pattern).map(required -> substring(text, required)).orElse(null);
  }

  private List<Key> substring(CelExpr text, String literal) {
    Probe probe = probe(text);
    return probe == null || literal == null || literal.length() < RequiredLiteral.MIN_LENGTH
        || !SimpleType.STRING.equals(type(text)) ? null : List.of(new Key(probe, Lookup.SUBSTRING, literal));
  }

  private CelType type(CelExpr expr) {
    return ast.getType(expr.id()).orElse(null);
  }

  /** A constant of the probe's own type (string, int or bool), as CEL gives it at run time. */
  private static Object scalar(CelExpr expr, CelType type) {
    if (expr.getKind() != Kind.CONSTANT) {
      return null;
    }
    CelConstant c = expr.constant();
    return switch (c.getKind()) {
      case STRING_VALUE -> SimpleType.STRING.equals(type) ? c.stringValue() : null;
      case INT64_VALUE -> SimpleType.INT.equals(type) ? c.int64Value() : null;
      case BOOLEAN_VALUE -> SimpleType.BOOL.equals(type) ? c.booleanValue() : null;
      default -> null;
    };
  }

  private static String literal(CelExpr expr) {
    return expr.getKind() == Kind.CONSTANT && expr.constant().getKind() == CelConstant.Kind.STRING_VALUE
        ? expr.constant().stringValue() : null;
  }

  private static boolean isConstant(CelExpr expr, boolean value) {
    return expr.getKind() == Kind.CONSTANT && expr.constant().getKind() == CelConstant.Kind.BOOLEAN_VALUE
        && expr.constant().booleanValue() == value;
  }

  private static boolean isIdent(CelExpr expr, String name) {
    return expr.getKind() == Kind.IDENT && expr.ident().name().equals(name);
  }

  private Probe probe(CelExpr expr) {
    String id = canonical(expr);
    return id == null ? null : new Probe(id, expr, ast);
  }

  /** The expression's text if it reads only {@code customer}, {@code message} and {@code now}; else null. */
  private static String canonical(CelExpr expr) {
    return switch (expr.getKind()) {
      case IDENT -> ROOTS.contains(expr.ident().name()) ? expr.ident().name() : null;
      case SELECT -> {
        String operand = expr.select().testOnly() ? null : canonical(expr.select().operand());
        yield operand == null ? null : operand + "." + expr.select().field();
      }
      case CONSTANT -> expr.constant().getKind() + "(" + expr.constant() + ")";
      case CALL -> {
        StringBuilder text = new StringBuilder(expr.call().function()).append('(');
        if (expr.call().target().isPresent()) {
          String target = canonical(expr.call().target().get());
          if (target == null) {
            yield null;
          }
          text.append(target).append(';');
        }
        for (CelExpr arg : expr.call().args()) {
          String part = canonical(arg);
          if (part == null) {
            yield null;
          }
          text.append(part).append(',');
        }
        yield text.append(')').toString();
      }
      default -> null;
    };
  }
}
