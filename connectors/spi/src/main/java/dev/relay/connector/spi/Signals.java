package dev.relay.connector.spi;

import io.vertx.core.Vertx;

/**
 * Wake-ups for every replica: "agent X has a new event", "visitor Y has a reply waiting", "the rules
 * are at version N". Each replica hears them on its local event bus address; what they announce is
 * in the store, so a missed signal delays, never loses.
 */
@FunctionalInterface
public interface Signals {

  /** Publishes {@code value} on {@code address} here and on every other replica. */
  void publish(String address, String value);

  /** One gateway: the local event bus is everyone. */
  static Signals local(Vertx vertx) {
    return (address, value) -> vertx.eventBus().publish(address, value);
  }
}
