package dev.relay.connector.spi;

/**
 * A connector's own view of its health, shown on {@code /health/ready}.
 *
 * @param state  UP, DOWN (configured but failing: readiness fails) or DISABLED (not configured)
 * @param detail a sentence for the operator, never a secret
 */
public record ConnectorHealth(State state, String detail) {
  public enum State { UP, DOWN, DISABLED }

  public static ConnectorHealth up(String detail) {
    return new ConnectorHealth(State.UP, detail);
  }

  public static ConnectorHealth down(String detail) {
    return new ConnectorHealth(State.DOWN, detail);
  }

  public static ConnectorHealth disabled(String detail) {
    return new ConnectorHealth(State.DISABLED, detail);
  }
}
