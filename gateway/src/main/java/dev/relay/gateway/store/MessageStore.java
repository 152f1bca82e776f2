package dev.relay.gateway.store;

import dev.relay.gateway.domain.Message;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

public interface MessageStore {

  /**
   * Appends to the conversation and the customer's timeline. A message whose (channel,
   * externalId) was stored before is not stored again: the earlier one is returned, marked duplicate.
   */
  Future<Appended> append(Message message);

  /**
   * {@link #append}, and in the same write a note that the message still has to be routed (its
   * agent told, its owner assigned): until {@link #routed} clears it, {@link #claimUnrouted}
   * hands it out from {@code retryAt} on. A crash or a failure between storing and routing loses
   * nothing. A duplicate adds no note.
   */
  Future<Appended> appendUnrouted(Message message, Instant retryAt);

  /** The message was routed: its note is gone. */
  Future<Void> routed(String messageId);

  /**
   * Up to {@code max} ids of messages whose note is due at {@code now}, each held until {@code until}
   * (claimed atomically, so one caller routes each; a note not cleared comes back then).
   */
  Future<List<String>> claimUnrouted(Instant now, int max, Instant until);

  record Appended(Message message, boolean duplicate) {
  }

  Future<Optional<Message>> get(String id);

  /** A conversation's messages, oldest first. */
  Future<List<Message>> ofConversation(String conversationId);

  /** A customer's whole timeline across conversations and channels, oldest first. */
  Future<List<Message>> ofCustomer(String customerId);

  /**
   * The end of a customer's timeline: up to {@code limit} of their newest messages older than
   * {@code before} (null: the newest), oldest first. Costs the same however long the timeline is.
   */
  Future<Tail> tailOfCustomer(String customerId, String before, int limit);

  /** {@link #tailOfCustomer}, for one conversation's messages. */
  Future<Tail> tailOfConversation(String conversationId, String before, int limit);

  /**
   * @param messages oldest first
   * @param before   where the next, older, tail starts (an opaque position), or null when nothing is older
   */
  record Tail(List<Message> messages, String before) {
    public Tail {
      messages = List.copyOf(messages);
    }

    /**
     * The position a {@code before} names: null is past the newest. Anything but a position a tail
     * gave is refused, so a caller passing on a client's cursor reads nothing it should not.
     */
    public static long position(String before) {
      if (before == null) {
        return Long.MAX_VALUE;
      }
      try {
        long position = Long.parseLong(before);
        if (position > 0) {
          return position;
        }
      } catch (NumberFormatException e) {
        // refused below
      }
      throw new IllegalArgumentException("not a position in a timeline: " + before);
    }
  }

  Future<Message> update(String id, UnaryOperator<Message> change);

  /**
   * Removes the message from both timelines and frees its channel id (a re-delivery would be stored
   * as new); its attachments' bytes are the attachment store's. False when unknown.
   */
  Future<Boolean> delete(String id);
}
