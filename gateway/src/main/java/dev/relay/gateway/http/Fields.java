package dev.relay.gateway.http;

import dev.relay.gateway.domain.RelayException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the fields of a JSON body and collects every problem, so one 422 lists them all.
 * Call {@link #check()} before using any value.
 */
public final class Fields {

  private final JsonObject body;
  private final String prefix;
  private final List<String> problems;

  public Fields(JsonObject body, Set<String> allowed) {
    this(body, allowed, "", new ArrayList<>());
  }

  private Fields(JsonObject body, Set<String> allowed, String prefix, List<String> problems) {
    this.body = body;
    this.prefix = prefix;
    this.problems = problems;
    for (String name : body.fieldNames()) {
      if (!allowed.contains(name)) {
        problem(name + ": unknown field (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
      }
    }
  }

  /** A one-line value (a name, an address, an id): control characters such as CR, LF or NUL are refused. */
  public String requiredString(String name, int maxLength) {
    return required(name) ? optionalString(name, maxLength) : null;
  }

  /** A one-line value (a name, an address, an id): control characters such as CR, LF or NUL are refused. */
  public String optionalString(String name, int maxLength) {
    String value = optionalText(name, maxLength);
    if (value != null && value.chars().anyMatch(Character::isISOControl)) {
      problem(name + ": must be one line, without control characters");
      return null;
    }
    return value;
  }

  /** A text of several lines (a reply, a rule set): line breaks and tabs are kept, other control characters refused. */
  public String requiredText(String name, int maxLength) {
    return required(name) ? optionalText(name, maxLength) : null;
  }

  /** A text of several lines (a reply, a rule set): line breaks and tabs are kept, other control characters refused. */
  public String optionalText(String name, int maxLength) {
    String value = string(name, maxLength);
    if (value != null && value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
      problem(name + ": must not contain control characters");
      return null;
    }
    return value;
  }

  private boolean required(String name) {
    if (body.getValue(name) == null) {
      problem(name + ": required");
      return false;
    }
    return true;
  }

  private String string(String name, int maxLength) {
    Object value = body.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s) || s.isBlank()) {
      problem(name + ": must be a non-blank string");
      return null;
    }
    if (s.length() > maxLength) {
      problem(name + ": at most " + maxLength + " characters");
      return null;
    }
    return s.strip();
  }

  public <E extends Enum<E>> E requiredEnum(String name, Class<E> type) {
    String value = requiredString(name, 40);
    if (value == null) {
      return null;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value)) {
        return constant;
      }
    }
    List<String> names = java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase()).toList();
    problem(name + ": must be one of " + String.join(", ", names));
    return null;
  }

  public List<String> optionalStrings(String name, int maxItems, int maxLength) {
    Object value = body.getValue(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array) || array.size() > maxItems) {
      problem(name + ": must be a list of at most " + maxItems + " strings");
      return List.of();
    }
    List<String> items = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String s) || s.isBlank() || s.length() > maxLength || s.chars().anyMatch(Character::isISOControl)) {
        problem(name + ": every item must be a non-blank line of at most " + maxLength + " characters");
        return List.of();
      }
      String normalised = s.strip().toLowerCase();
      if (!items.contains(normalised)) {
        items.add(normalised);
      }
    }
    return List.copyOf(items);
  }

  public int optionalInt(String name, int min, int max, int fallback) {
    Object value = body.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < min
        || ((Number) value).longValue() > max) {
      problem(name + ": must be a whole number from " + min + " to " + max);
      return fallback;
    }
    return ((Number) value).intValue();
  }

  public Boolean optionalBool(String name) {
    Object value = body.getValue(name);
    if (value == null || value instanceof Boolean) {
      return (Boolean) value;
    }
    problem(name + ": must be true or false");
    return null;
  }

  public Double optionalNumber(String name, double min, double max) {
    Object value = body.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number n) || n.doubleValue() < min || n.doubleValue() > max) {
      problem(name + ": must be a number from " + min + " to " + max);
      return null;
    }
    return n.doubleValue();
  }

  public java.time.Instant optionalInstant(String name) {
    String value = optionalString(name, 40);
    if (value == null) {
      return null;
    }
    try {
      return java.time.Instant.parse(value);
    } catch (java.time.format.DateTimeParseException e) {
      problem(name + ": must be an ISO-8601 UTC time such as 2026-03-02T09:00:00Z");
      return null;
    }
  }

  /** An ISO-8601 duration such as {@code P365D}, at least {@code min}; null when absent. */
  public java.time.Duration optionalDuration(String name, java.time.Duration min) {
    String value = optionalString(name, 40);
    if (value == null) {
      return null;
    }
    try {
      java.time.Duration duration = java.time.Duration.parse(value);
      if (duration.compareTo(min) >= 0) {
        return duration;
      }
    } catch (java.time.format.DateTimeParseException e) {
      // reported below, with the same words
    }
    String least = min.toSeconds() % 86_400 == 0 ? "P" + min.toDays() + "D" : min.toString();
    problem(name + ": must be an ISO-8601 duration of at least " + least + ", such as P365D");
    return null;
  }

  /** A nested object, read with its own allowed fields; its problems are prefixed with {@code name.}. */
  public Fields optionalObject(String name, Set<String> allowed) {
    Object value = body.getValue(name);
    if (value != null && !(value instanceof JsonObject)) {
      problem(name + ": must be an object");
    }
    return new Fields(value instanceof JsonObject o ? o : new JsonObject(), allowed, name + ".", problems);
  }

  /** Adds a problem found by the caller's own rule. */
  public void problem(String detail) {
    problems.add(prefix + detail);
  }

  public void check() {
    if (!problems.isEmpty()) {
      throw RelayException.invalid(problems);
    }
  }
}
