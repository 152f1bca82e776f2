package dev.relay.gateway;

import static dev.relay.gateway.support.ChatHistorySeed.CHATS;
import static dev.relay.gateway.support.ChatHistorySeed.MESSAGES;
import static dev.relay.gateway.support.ChatHistorySeed.PER_CHAT;
import static dev.relay.gateway.support.ChatHistorySeed.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.relay.gateway.support.ChatHistorySeed;
import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.GatewayTestCase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A visitor who has chatted for years: the welcome shows the recent part, and the rest is a page at a time away. */
class LongChatHistoryTest extends GatewayTestCase {

  static final String FIRST = "Bonjour, ma commande n° 1 n’est pas arrivée.";

  @Test
  void aVisitorWith500MessagesIsWelcomedWithTheRecentOnesInOrderAndPagesBackToTheFirst() {
    String token;
    try (ChatVisitor first = gateway.newVisitor()) {
      first.say(FIRST);
      token = first.token();
    }
    String seeded = token;
    gateway.restartAfter(store -> ChatHistorySeed.seed(store, seeded));

    try (ChatVisitor back = gateway.visitor(token)) {
      JsonObject welcome = back.welcome();
      List<String> history = texts(welcome.getJsonArray("history"));
      int open = MESSAGES - (CHATS - 1) * PER_CHAT;
      assertEquals(open, history.size(), "the open chat, as it was");
      assertEquals(text(MESSAGES - open + 1), history.get(0));
      assertEquals(text(MESSAGES), history.get(history.size() - 1), "oldest first, the last one at the bottom");

      Map<String, List<String>> earlier = new LinkedHashMap<>();
      join(earlier, welcome.getJsonArray("earlier"));
      assertEquals(text(MESSAGES - open), last(earlier.values().iterator().next()), "the chat before this one comes first");
      String before = welcome.getString("earlierBefore");
      int pages = 0;
      while (before != null) {
        back.socket.send(new JsonObject().put("type", "earlier").put("before", before));
        JsonObject page = back.socket.next("earlier");
        join(earlier, page.getJsonArray("conversations"));
        before = page.getString("before");
        pages++;
      }
      assertEquals(4, pages, "400 older messages come 100 at a time");
      assertEquals(CHATS - 1, earlier.size(), "every chat that is over, once, its pages joined");
      List<List<String>> oldestFirst = new ArrayList<>(earlier.values());
      Collections.reverse(oldestFirst);
      List<String> all = new ArrayList<>();
      oldestFirst.forEach(all::addAll);
      all.addAll(history);
      assertEquals(FIRST, all.get(0), "back to the very first message");
      assertEquals(IntStream.rangeClosed(2, MESSAGES).mapToObj(ChatHistorySeed::text).toList(), all.subList(1, all.size()),
          "every message once, in the order they were written");
    }
  }

  @Test
  void aPositionNoPageGaveIsRefusedAndTheChatGoesOn() {
    try (ChatVisitor visitor = gateway.newVisitor()) {
      visitor.socket.send(new JsonObject().put("type", "earlier").put("before", "cus_123"));
      JsonObject error = visitor.socket.next("error");
      assertEquals("bad_frame", error.getString("code"));
      visitor.say("Toujours là ?");
    }
  }

  private static List<String> texts(JsonArray messages) {
    return messages.stream().map(JsonObject.class::cast).map(m -> m.getString("text")).toList();
  }

  /** As the widget does: a chat cut by a page gets its older part put before what it shows. */
  private static void join(Map<String, List<String>> shown, JsonArray conversations) {
    for (Object item : conversations) {
      JsonObject conversation = (JsonObject) item;
      List<String> older = new ArrayList<>(texts(conversation.getJsonArray("messages")));
      List<String> known = shown.get(conversation.getString("conversationId"));
      if (known != null) {
        older.addAll(known);
      }
      shown.put(conversation.getString("conversationId"), older);
    }
  }

  private static String last(List<String> texts) {
    assertNotNull(texts);
    return texts.get(texts.size() - 1);
  }
}
