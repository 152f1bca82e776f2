package dev.relay.gateway.config;

import java.time.Duration;
import java.util.List;

/** What one setting's value must satisfy; the messages are the ones operators already know. */
@FunctionalInterface
interface Check {

  /** The problem with {@code value} at {@code path}, or null when it is fine. */
  String problem(String path, Object value);

  Check NONE = (path, value) -> null;

  static Check between(int min, int max) {
    return (path, value) -> number(value) < min || number(value) > max
        ? path + " must be " + min + ".." + max + ", was " + value : null;
  }

  static Check atLeast(int min, String unit) {
    return (path, value) -> number(value) < min ? path + " must be at least " + min + " " + unit + ", was " + value : null;
  }

  /** @param subject the keys named in the message: a pair of limits is reported once, together */
  static Check positive(String subject) {
    return (path, value) -> number(value) < 1 ? subject + " must be positive" : null;
  }

  static Check oneOf(String... choices) {
    List<String> allowed = List.of(choices);
    String listed = String.join(", ", allowed.subList(0, allowed.size() - 1)) + " or " + allowed.get(allowed.size() - 1);
    return (path, value) -> allowed.contains(value) ? null : path + " must be " + listed + ", was " + value;
  }

  static Check durationWithin(Duration min, Duration max, String example) {
    return (path, value) -> value == null || ((Duration) value).compareTo(min) < 0 || ((Duration) value).compareTo(max) > 0
        ? path + " must be a duration from " + min + " to " + max + ", such as " + example : null;
  }

  static Check nonNegativeDuration(String example) {
    return (path, value) -> value == null || ((Duration) value).isNegative()
        ? path + " must be a non-negative ISO-8601 duration such as " + example : null;
  }

  /** Blank (off), or a retention period of at least a day. */
  static Check optionalPeriod() {
    return (path, value) -> value == null || ((Duration) value).compareTo(Duration.ofDays(1)) >= 0 ? null
        : path + " must be an ISO-8601 duration of at least P1D, such as P365D, or blank (kept until erased)";
  }

  // A YAML null binds to 0 in the record's int field, so it is checked as 0 here too.
  private static int number(Object value) {
    return value == null ? 0 : (Integer) value;
  }
}
