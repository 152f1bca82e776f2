package dev.relay.gateway.http;

import dev.relay.gateway.RelayException;
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
  private final List<String> problems = new ArrayList<>();

  public Fields(JsonObject body, Set<String> allowed) {
    this.body = body;
    for (String name : body.fieldNames()) {
      if (!allowed.contains(name)) {
        problems.add(name + ": unknown field (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
      }
    }
  }

  public String requiredString(String name, int maxLength) {
    if (body.getValue(name) == null) {
      problems.add(name + ": required");
      return null;
    }
    return optionalString(name, maxLength);
  }

  public String optionalString(String name, int maxLength) {
    Object value = body.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s) || s.isBlank()) {
      problems.add(name + ": must be a non-blank string");
      return null;
    }
    if (s.length() > maxLength) {
      problems.add(name + ": at most " + maxLength + " characters");
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
    problems.add(name + ": must be one of " + String.join(", ", names));
    return null;
  }

  public List<String> optionalStrings(String name, int maxItems, int maxLength) {
    Object value = body.getValue(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array) || array.size() > maxItems) {
      problems.add(name + ": must be a list of at most " + maxItems + " strings");
      return List.of();
    }
    List<String> items = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String s) || s.isBlank() || s.length() > maxLength) {
        problems.add(name + ": every item must be a non-blank string of at most " + maxLength + " characters");
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
      problems.add(name + ": must be a whole number from " + min + " to " + max);
      return fallback;
    }
    return ((Number) value).intValue();
  }

  /** Adds a problem found by the caller's own rule. */
  public void problem(String detail) {
    problems.add(detail);
  }

  public void check() {
    if (!problems.isEmpty()) {
      throw RelayException.invalid(problems);
    }
  }
}
