package dev.relay.connector.spi;

import io.vertx.core.Future;

/**
 * A channel family (chat, email, SMS and voice). A connector turns channel events into
 * {@link InboundMessage}s and {@link OutboundMessage}s into channel events; it knows nothing
 * of conversations, owners or routing.
 */
public interface Connector {

  /** The channel name stored on every message it carries, e.g. {@code chat}. */
  String channel();

  /** The address kind this channel reaches customers by, e.g. {@link Address#CHAT}. */
  String addressKind();

  /** Mounts endpoints, opens connections. Fails loudly if the connector is configured but cannot start. */
  Future<Void> start(ConnectorContext context);

  /** Stops taking input and releases connections. */
  Future<Void> stop();

  /**
   * Delivers a message. The future fails only for a bug; a channel failure is a receipt
   * with {@link DeliveryStatus#FAILED} and a reason an agent can read.
   */
  Future<DeliveryReceipt> send(OutboundMessage message);

  ConnectorHealth health();

  /**
   * True when the channel threads replies on the customer's earlier messages (e-mail's In-Reply-To
   * and subject): the gateway then looks them up and passes them in {@link OutboundMessage}.
   */
  default boolean threadsReplies() {
    return false;
  }

  /**
   * Whether a reply to {@code to} can carry files ({@link OutboundMessage#attachments}), and how big
   * each may be: empty when it cannot (the gateway then refuses the reply with the reason, nothing is
   * sent). E-mail and web chat carry them; SMS as MMS where the provider delivers MMS.
   */
  default java.util.Optional<FileLimit> carriesFiles(Address to) {
    return java.util.Optional.empty();
  }

  /**
   * @param maxBytes    the largest file, in bytes
   * @param needsLink   true when the channel hands over a link (chat, MMS), not the bytes
   */
  record FileLimit(long maxBytes, boolean needsLink) {
  }

  /** What an agent is doing that a live channel can show the customer; never stored. */
  enum AgentActivity { TYPING, SEEN }

  /**
   * The agent is writing to {@code to} ({@code TYPING}), or has read what they sent ({@code SEEN}):
   * channels that can show it (web chat) do; others ignore it.
   */
  default void agentActivity(Address to, String agentName, AgentActivity activity) {
  }

  /**
   * Relay erased a customer: delete what the provider keeps under these provider ids (the
   * {@code externalId}s of their messages and calls on this channel) where its API allows, and say
   * what stays there and how to delete it. The future fails only for a bug; a provider that refuses
   * is reported in {@link ProviderCopies#remaining}.
   */
  default Future<ProviderCopies> forget(java.util.List<String> providerIds) {
    return Future.succeededFuture(ProviderCopies.none(channel()));
  }

  /** The calls this channel can place (voice), if any. */
  default java.util.Optional<Calls> calls() {
    return java.util.Optional.empty();
  }
}
