package dev.relay.connector.spi;

import java.util.List;

/**
 * What a channel's provider keeps of a customer's messages once Relay has erased its own copies:
 * for a data-protection officer answering an erasure request.
 *
 * @param channel   the connector's channel
 * @param deleted   provider records Relay deleted through the provider's API (e.g. Twilio message and call sids)
 * @param remaining what the provider still keeps and how to delete it there, or null when nothing is left
 */
public record ProviderCopies(String channel, List<String> deleted, String remaining) {

  public ProviderCopies {
    deleted = List.copyOf(deleted);
  }

  /** The channel keeps nothing Relay did not hold itself (the web chat). */
  public static ProviderCopies none(String channel) {
    return new ProviderCopies(channel, List.of(), null);
  }
}
