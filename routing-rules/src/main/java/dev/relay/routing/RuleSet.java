package dev.relay.routing;

import java.util.List;

/** A parsed rule file: format version, defaults, and rules in evaluation order. */
public record RuleSet(int formatVersion, RuleAction defaults, List<Rule> rules) {

  public static final int FORMAT_VERSION = 1;

  public RuleSet {
    rules = List.copyOf(rules);
  }
}
