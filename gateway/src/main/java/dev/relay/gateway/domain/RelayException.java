package dev.relay.gateway.domain;

import java.util.List;

/**
 * A failure with a stable code that callers may rely on. The HTTP layer turns it into
 * {@code {"error":{"code","message","details"}}} with its status, in one place.
 */
public final class RelayException extends RuntimeException {

  private final int status;
  private final String code;
  private final List<String> details;

  public RelayException(int status, String code, String message, List<String> details) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = List.copyOf(details);
  }

  public static RelayException badRequest(String code, String message) {
    return new RelayException(400, code, message, List.of());
  }

  public static RelayException unauthorized(String message) {
    return new RelayException(401, "unauthorized", message, List.of());
  }

  public static RelayException forbidden(String message) {
    return new RelayException(403, "forbidden", message, List.of());
  }

  public static RelayException notFound(String what) {
    return new RelayException(404, "not_found", what + " not found", List.of());
  }

  public static RelayException conflict(String code, String message) {
    return new RelayException(409, code, message, List.of());
  }

  public static RelayException invalid(List<String> details) {
    return new RelayException(422, "invalid", "the request breaks " + details.size()
        + (details.size() == 1 ? " rule" : " rules"), details);
  }

  public static RelayException rateLimited(String message) {
    return new RelayException(429, "rate_limited", message, List.of());
  }

  public static RelayException unavailable(String message) {
    return new RelayException(503, "unavailable", message, List.of());
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<String> details() {
    return details;
  }
}
