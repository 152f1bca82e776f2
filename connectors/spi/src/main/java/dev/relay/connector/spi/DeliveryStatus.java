package dev.relay.connector.spi;

/** Where an outbound message is on its way to the customer. */
public enum DeliveryStatus {
  /** Accepted by Relay, not yet handed to the channel (or waiting for the customer to reconnect). */
  QUEUED,
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
