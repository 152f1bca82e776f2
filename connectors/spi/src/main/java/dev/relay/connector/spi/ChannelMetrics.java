package dev.relay.connector.spi;

/**
 * What a connector counts. The gateway passes a Micrometer-backed implementation; tests and
 * tools pass {@link #NOOP}, so connectors never null-check their metrics.
 */
public interface ChannelMetrics {

  ChannelMetrics NOOP = new ChannelMetrics() {
    @Override public void received() { }
    @Override public void unreplyableSender() { }
    @Override public void rejected(RejectReason reason) { }
    @Override public void sent(DeliveryStatus status) { }
    @Override public void connections(int delta) { }
    @Override public void providerDelete(boolean done) { }
    @Override public void providerFetch(boolean done) { }
  };

  /** An inbound message was handed to the gateway. */
  void received();

  /** An inbound message came from a sender that cannot be answered on its channel (an SMS short code...). */
  void unreplyableSender();

  /** Inbound input was refused (malformed, too large, unauthenticated...). */
  void rejected(RejectReason reason);

  /** An outbound message left with this status. */
  void sent(DeliveryStatus status);

  /** Live connections (WebSockets, IMAP sessions) opened (+1) or closed (-1). */
  void connections(int delta);

  /** A record deleted at the provider for an erasure or retention ({@code done}), or one it refused. */
  void providerDelete(boolean done);

  /** A recording fetched from the provider to be played through Relay ({@code done}), or one it did not give. */
  void providerFetch(boolean done);
}
