package dev.relay.connector.spi;

/** A reply that names one of ours, so the gateway can put it in that conversation. */
public sealed interface RepliesTo {

  /** Sent to a conversation's own address ({@code support+<id>@}): the conversation's id. */
  record Conversation(String id) implements RepliesTo {
  }

  /** Answers a message we sent (our Message-ID in its thread): that stored message's id. */
  record OurMessage(String id) implements RepliesTo {
  }
}
