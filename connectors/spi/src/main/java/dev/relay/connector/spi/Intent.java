package dev.relay.connector.spi;

import java.time.Instant;

/**
 * What the customer asked for in so many words ("STOP", "call me", the widget's callback button), as
 * opposed to a message for an agent to read. The gateway acts on it; the text is still stored.
 */
public sealed interface Intent {

  /**
   * @param phone the number the customer typed, or null to call the number they wrote from
   * @param at    when they want to be called, or null for as soon as possible
   */
  record CallbackRequest(String phone, Instant at) implements Intent {
  }

  /** No more messages on this channel (SMS STOP and its synonyms). */
  record OptOut() implements Intent {
  }

  /** Messages on this channel are welcome again (SMS START). */
  record OptIn() implements Intent {
  }

  /** The customer asked what this number is (SMS HELP). */
  record Help() implements Intent {
  }
}
