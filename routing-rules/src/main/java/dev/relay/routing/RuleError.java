package dev.relay.routing;

/**
 * One problem in a rule set, pointing at the file: {@code rule}, 1-based {@code line} and {@code column}.
 *
 * @param rule the rule's name, or null for problems outside a rule (defaults, the top level)
 */
public record RuleError(String rule, int line, int column, String message) {

  @Override
  public String toString() {
    return (rule == null ? "" : "rule '" + rule + "' ") + line + ":" + column + ": " + message;
  }
}
