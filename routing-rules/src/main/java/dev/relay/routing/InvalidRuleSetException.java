package dev.relay.routing;

import java.util.List;
import java.util.stream.Collectors;

/** A rule set that cannot be used, with every problem found. */
public final class InvalidRuleSetException extends Exception {

  private final List<RuleError> errors;

  public InvalidRuleSetException(List<RuleError> errors) {
    super(errors.stream().map(RuleError::toString).collect(Collectors.joining("; ")));
    this.errors = List.copyOf(errors);
  }

  public List<RuleError> errors() {
    return errors;
  }
}
