package dev.relay.gateway.store;

import dev.relay.gateway.domain.Message;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

public interface MessageStore {

  /**
   * Appends to the conversation and the customer's timeline. A message whose (channel,
   * externalId) was stored before is not stored again: the earlier one is returned, marked duplicate.
   */
  Future<Appended> append(Message message);

  record Appended(Message message, boolean duplicate) {
  }

  Future<Optional<Message>> get(String id);

  /** A conversation's messages, oldest first. */
  Future<List<Message>> ofConversation(String conversationId);

  /** A customer's whole timeline across conversations and channels, oldest first. */
  Future<List<Message>> ofCustomer(String customerId);

  Future<Message> update(String id, UnaryOperator<Message> change);

  /**
   * Removes the message from both timelines and frees its channel id (a re-delivery would be stored
   * as new); its attachments' bytes are the attachment store's. False when unknown.
   */
  Future<Boolean> delete(String id);
}
