package dev.relay.gateway.inbox;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.domain.Customer;
import java.util.LinkedHashMap;
import java.util.Map;

/** The payloads of agent events, shaped like the API's own resources. */
public final class EventData {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

  private EventData() {
  }

  public static Map<String, Object> assigned(Conversation conversation, Customer customer) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("conversation", Json.MAPPER.convertValue(conversation, MAP));
    Map<String, Object> who = new LinkedHashMap<>();
    who.put("id", customer.id());
    who.put("name", customer.displayName());
    data.put("customer", who);
    return data;
  }

  /** A conversation changed hands: who had it, who has it, and why ({@code supervisor}, {@code owner back}…). */
  public static Map<String, Object> reassigned(Conversation conversation, Customer customer, String from, String to,
                                               String reason) {
    Map<String, Object> data = assigned(conversation, customer);
    data.put("from", from);
    data.put("to", to);
    data.put("reason", reason);
    return data;
  }

  /** A first-response target at risk or missed: when it is due, and what the rule's escalation did. */
  public static Map<String, Object> target(Conversation conversation, Customer customer, String outcome) {
    Map<String, Object> data = assigned(conversation, customer);
    data.put("conversationId", conversation.id());
    data.put("due", String.valueOf(conversation.routing().firstResponseDue()));
    data.put("escalation", outcome);
    return data;
  }

  public static Map<String, Object> message(Message message) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("conversationId", message.conversationId());
    data.put("message", Json.MAPPER.convertValue(message, MAP));
    return data;
  }

  public static Map<String, Object> status(Message message) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("conversationId", message.conversationId());
    data.put("messageId", message.id());
    data.put("status", Json.MAPPER.convertValue(message.status(), String.class));
    data.put("error", message.error());
    for (String detail : new String[] {"segments", "delivery"}) {
      if (message.attributes().containsKey(detail)) {
        data.put(detail, message.attributes().get(detail));
      }
    }
    return data;
  }
}
