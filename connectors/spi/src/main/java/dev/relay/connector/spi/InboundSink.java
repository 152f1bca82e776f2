package dev.relay.connector.spi;

import io.vertx.core.Future;

/**
 * The gateway side of a connector: where connectors hand what they receive.
 * Both futures complete only once the fact is durably stored, so a connector acknowledges
 * to its channel (HTTP 200, IMAP \Seen, chat ack) only after they succeed.
 */
public interface InboundSink {

  Future<InboundReceipt> message(InboundMessage message);

  /** A delivery report that arrived after {@link Connector#send} returned. */
  Future<Void> status(DeliveryReceipt receipt);

  /** How a call placed through {@link Calls} ended. */
  Future<Void> callOutcome(Calls.CallOutcome outcome);

  /** The provider finished recording a call placed through {@link Calls} (its metadata; the audio stays there). */
  Future<Void> callRecorded(Calls.CallRecording recording);

  /** The customer at {@code from} is writing (web chat): their agent sees it live; nothing is stored. */
  default void typing(Address from) {
  }
}
