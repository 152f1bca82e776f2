package dev.relay.routing;

/**
 * One rule: when its CEL condition holds, its action applies.
 *
 * @param line   where the rule starts in the source (1-based), for errors and the trace
 * @param whenAt where the condition text starts, so CEL errors point into the file
 */
public record Rule(String name, String when, RuleAction then, int line, SourcePosition whenAt) {

  /** Where a condition's first character sits in the YAML source, and how the scalar was written. */
  public record SourcePosition(int line, int column, boolean block) {
  }
}
