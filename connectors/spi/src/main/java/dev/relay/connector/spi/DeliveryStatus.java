package dev.relay.connector.spi;

/** Where an outbound message is on its way to the customer. */
public enum DeliveryStatus {
  /** Accepted by Relay, not yet handed to the channel (or waiting for the customer to reconnect). */
  QUEUED,
  /**
   * Handed to the channel, which may or may not have taken it (a timeout after the request left,
   * an answer that could not be read): not sent again, so never twice; the receipt's error tells
   * the agent, and a later report from the channel settles it.
   */
  UNKNOWN,
  /** Handed to the channel. */
  SENT,
  /** The channel confirmed the customer received it. */
  DELIVERED,
  /** The channel gave up: the receipt's error says why. */
  FAILED;

  /** Later states win over earlier ones: a late "sent" report never undoes "delivered". */
  public boolean isAfter(DeliveryStatus other) {
    return ordinal() > other.ordinal();
  }
}
