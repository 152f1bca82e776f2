package dev.relay.gateway.outbound;

import dev.relay.gateway.domain.Message;
import dev.relay.gateway.domain.StoredFacts;
import dev.relay.gateway.store.MessageStore;
import dev.relay.connector.spi.Connector;
import dev.relay.connector.spi.ThreadRef;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * What a threading channel (e-mail) needs to make what we send part of the customer's thread: the
 * subject, and the id (plus earlier references) of the customer's last message on that channel.
 */
final class ThreadHints {

  private ThreadHints() {
  }

  /** Nothing for channels that do not thread (the conversation's messages are not even read). */
  static Future<ThreadRef> of(MessageStore messages, String conversationId, Connector connector) {
    if (!connector.threadsReplies()) {
      return Future.succeededFuture(ThreadRef.NONE);
    }
    String channel = connector.channel();
    return messages.ofConversation(conversationId).map(all -> {
      for (int i = all.size() - 1; i >= 0; i--) {
        Message m = all.get(i);
        if (m.direction() == Message.Direction.INBOUND && m.channel().equals(channel) && m.externalId() != null) {
          return answering(m);
        }
      }
      return ThreadRef.NONE;
    });
  }

  /** The thread of a reply to this inbound message: its subject, In-Reply-To it, References up to it. */
  static ThreadRef answering(Message answered) {
    if (answered == null || answered.externalId() == null) {
      return ThreadRef.NONE;
    }
    ThreadRef theirs = StoredFacts.facts(answered.attributes()).thread();
    List<String> references = new ArrayList<>(theirs.references());
    references.add(answered.externalId());
    return new ThreadRef(theirs.subject(), answered.externalId(), references);
  }
}
