package dev.relay.gateway.outbound;

import dev.relay.gateway.domain.Message;
import dev.relay.gateway.store.MessageStore;
import dev.relay.connector.spi.Connector;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;

/**
 * What a threading channel (e-mail) needs to make what we send part of the customer's thread: the
 * subject, and the id (plus earlier references) of the customer's last message on that channel.
 */
final class ThreadHints {

  private ThreadHints() {
  }

  /** Nothing for channels that do not thread (the conversation's messages are not even read). */
  static Future<Map<String, String>> of(MessageStore messages, String conversationId, Connector connector) {
    if (!connector.threadsReplies()) {
      return Future.succeededFuture(Map.of());
    }
    String channel = connector.channel();
    return messages.ofConversation(conversationId).map(all -> {
      for (int i = all.size() - 1; i >= 0; i--) {
        Message m = all.get(i);
        if (m.direction() == Message.Direction.INBOUND && m.channel().equals(channel) && m.externalId() != null) {
          Map<String, String> thread = new HashMap<>();
          thread.put("inReplyTo", m.externalId());
          thread.put("references", (m.attributes().getOrDefault("references", "") + " " + m.externalId()).strip());
          if (m.attributes().containsKey("subject")) {
            thread.put("subject", m.attributes().get("subject"));
          }
          return thread;
        }
      }
      return Map.<String, String>of();
    });
  }
}
