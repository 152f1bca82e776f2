package dev.relay.gateway.store.rules;

import dev.relay.gateway.domain.Message;
import java.util.List;
import java.util.Optional;

/** A message is stored once per (direction, channel, the channel's own id); the parts of that key. */
public final class MessageIndex {

  private MessageIndex() {
  }

  /** The parts of the de-duplication key, in order; empty when the channel gave no id. */
  public static Optional<List<String>> external(Message message) {
    return Optional.ofNullable(message.externalId())
        .map(id -> List.of(message.direction().name(), message.channel(), id));
  }
}
