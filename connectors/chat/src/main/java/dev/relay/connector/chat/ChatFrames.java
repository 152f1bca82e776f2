package dev.relay.connector.chat;

import dev.relay.connector.chat.ChatVisitors.AgentCard;
import dev.relay.connector.chat.ChatVisitors.HistoryEntry;
import dev.relay.connector.chat.ChatVisitors.VisitorState;
import dev.relay.connector.spi.OutboundAttachment;
import dev.relay.connector.spi.OutboundMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The server's frames of the chat protocol (docs/chat-protocol.md), in one place. */
final class ChatFrames {

  private ChatFrames() {
  }

  static JsonObject welcome(String visitorToken, VisitorState state) {
    JsonArray history = new JsonArray();
    state.history().forEach(entry -> history.add(entry(entry)));
    return new JsonObject()
        .put("type", "welcome")
        .put("visitorToken", visitorToken)
        .put("conversationId", state.conversationId())
        .put("agent", agent(state.agent()))
        .put("availability", availability(state.availability()))
        .put("history", history)
        .put("earlier", conversations(state.earlier()))
        .put("earlierBefore", state.earlier().before());
  }

  /** A page of older chats, asked for with an {@code earlier} frame. */
  static JsonObject earlier(ChatVisitors.EarlierPage page) {
    return new JsonObject().put("type", "earlier").put("conversations", conversations(page)).put("before", page.before());
  }

  private static JsonArray conversations(ChatVisitors.EarlierPage page) {
    JsonArray earlier = new JsonArray();
    for (ChatVisitors.EarlierConversation conversation : page.conversations()) {
      JsonArray messages = new JsonArray();
      conversation.messages().forEach(entry -> messages.add(entry(entry)));
      earlier.add(new JsonObject().put("conversationId", conversation.conversationId()).put("messages", messages));
    }
    return earlier;
  }

  private static JsonObject entry(HistoryEntry entry) {
    JsonObject json = new JsonObject()
        .put("messageId", entry.messageId())
        .put("text", entry.text())
        .put("author", new JsonObject().put("kind", entry.from()).put("name", entry.authorName()))
        .put("at", entry.at().toString());
    return entry.files().isEmpty() ? json : json.put("attachments", files(entry.files()));
  }

  /** Files as data, for a widget that shows them itself (a thumbnail, a named chip); the text still names them. */
  static JsonArray files(List<OutboundAttachment> files) {
    return new JsonArray(files.stream().map(f -> new JsonObject().put("filename", f.filename())
        .put("contentType", f.contentType()).put("size", f.size()).put("url", f.link())).toList());
  }

  /** What the site's admins chose for the widget's look, in {@code /chat/texts}. */
  static JsonObject brand(ChatVisitors.WidgetBrand brand) {
    return new JsonObject().put("name", brand.name()).put("colour", brand.colour()).put("greeting", brand.greeting())
        .put("position", brand.position()).put("askName", brand.askName()).put("logo", brand.logoUrl());
  }

  /** The visitor's own message, stored, shown in their other tabs. */
  static JsonObject echo(String clientId, String messageId, String text, java.time.Instant at,
                         List<OutboundAttachment> sent) {
    JsonObject frame = new JsonObject().put("type", "echo").put("clientId", clientId).put("messageId", messageId)
        .put("text", text).put("at", at.toString());
    return sent.isEmpty() ? frame : frame.put("attachments", files(sent));
  }

  /** {@code typing} (the widget shows it for a few seconds) or {@code seen} (the agent read what was sent). */
  static JsonObject agentActivity(String activity, String agentName) {
    return new JsonObject().put("type", activity).put("agent", new JsonObject().put("name", agentName));
  }

  static JsonObject callbackSlots(ChatVisitors.CallbackOffer offer) {
    JsonArray slots = new JsonArray();
    offer.slots().forEach(slot -> slots.add(slot.toString()));
    return new JsonObject()
        .put("type", "callback.slots")
        .put("enabled", offer.enabled())
        .put("now", offer.now())
        .put("agent", offer.agentName())
        .put("timezone", offer.timezone())
        .put("slots", slots);
  }

  static JsonObject ack(String clientId, String messageId, String conversationId, boolean duplicate) {
    return new JsonObject()
        .put("type", "ack")
        .put("clientId", clientId)
        .put("messageId", messageId)
        .put("conversationId", conversationId)
        .put("duplicate", duplicate);
  }

  static JsonObject outbound(OutboundMessage message) {
    if (message.kind() != OutboundMessage.Kind.REPLY) {
      JsonObject notice = new JsonObject()
          .put("type", "notice")
          .put("text", message.text())
          .put("agent", message.agentName() == null ? null : new JsonObject().put("name", message.agentName()))
          .put("at", message.at().toString());
      // The widget offers the scores as buttons; the text still says how to answer by writing.
      return message.kind() == OutboundMessage.Kind.SURVEY
          ? notice.put("survey", new JsonObject().put("min", 1).put("max", 5)) : notice;
    }
    JsonObject frame = new JsonObject()
        .put("type", "message")
        .put("messageId", message.messageId())
        .put("conversationId", message.conversationId())
        .put("text", message.attachments().isEmpty() ? message.text() : ChatConnector.withLinks(message.text(), message.attachments()))
        .put("author", new JsonObject().put("kind", "agent").put("name", message.agentName()))
        .put("at", message.at().toString());
    if (!message.attachments().isEmpty()) {
      // Also as data, for a widget that shows files itself; the text carries the links for one that does not.
      frame.put("attachments", files(message.attachments()));
    }
    return frame;
  }

  /** The visitor is forgotten: the widget drops its token and pending messages. */
  static JsonObject forgotten() {
    return new JsonObject().put("type", "forgotten");
  }

  /**
   * @param text       what the visitor is shown instead of the widget's text for the code, in their language; or null
   * @param retryAfter seconds until a rate-limited message may be sent again, or null
   */
  static JsonObject error(String code, String message, String clientId, String text, Long retryAfter) {
    JsonObject frame = new JsonObject().put("type", "error").put("code", code).put("message", message);
    if (retryAfter != null) {
      frame.put("retryAfter", retryAfter);
    }
    if (clientId != null) {
      frame.put("clientId", clientId);
    }
    if (text != null) {
      frame.put("text", text);
    }
    return frame;
  }

  private static JsonObject availability(ChatVisitors.Availability availability) {
    if (availability == null) {
      return null;
    }
    JsonObject json = new JsonObject().put("state", availability.state()).put("at", availability.at().toString());
    if (availability.back() != null) {
      json.put("back", availability.back().toString());
    }
    if (availability.minutes() != null) {
      json.put("minutes", availability.minutes());
    }
    return json;
  }

  private static JsonObject agent(AgentCard agent) {
    return agent == null ? null : new JsonObject().put("name", agent.name()).put("available", agent.available());
  }
}
