package dev.relay.gateway.support;

import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.DeliveryStatus;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Years of chats for a visitor who wrote once already (their first message is number 1):
 * {@link #MESSAGES} messages, the visitor and Kristin in turn, in chats of {@link #PER_CHAT} a day
 * apart (the last, open, one shorter), each resolved but the last. A chat's length divides no page
 * of the welcome's, so pages cut chats. Written straight to the store ({@link TestGateway#restartAfter}):
 * through the channels it would take minutes and the rate limits.
 */
public final class ChatHistorySeed {

  public static final int MESSAGES = 500;
  public static final int PER_CHAT = 60;
  /** The last one open, with {@code MESSAGES % PER_CHAT} messages. */
  public static final int CHATS = (MESSAGES + PER_CHAT - 1) / PER_CHAT;

  private ChatHistorySeed() {
  }

  /** Message {@code n} of the history as written (the first is the visitor's own). */
  public static String text(int n) {
    return n % 2 == 1 ? "Message n° " + n + " : ma commande n’est toujours pas arrivée à Lyon."
        : "Réponse n° " + n + " : le colis est parti de l’entrepôt ce matin.";
  }

  /** @param visitorToken the token a welcome gave the visitor, after their first message */
  public static Future<?> seed(Store store, String visitorToken) {
    String visitorId = visitorToken.substring(0, visitorToken.indexOf('.'));
    return store.customers().byIdentity(new Address(Address.CHAT, visitorId)).map(Optional::orElseThrow)
        .compose(customer -> store.conversations().openOf(customer.id()).map(Optional::orElseThrow))
        .compose(first -> store.messages().tailOfConversation(first.id(), null, 1).compose(tail -> {
          Instant began = tail.messages().get(0).at();
          Future<?> chain = fill(store, first, began, 2, PER_CHAT);
          for (int chat = 1; chat < CHATS; chat++) {
            int from = chat * PER_CHAT + 1;
            Instant at = began.plus(Duration.ofDays(chat));
            chain = chain.compose(v -> store.conversations()
                .openFor(first.customerId(), Conversation.open("cnv_seed" + from, first.customerId(), null, "chat", at, null))
                .compose(opened -> fill(store, opened.conversation(), at, from, Math.min(MESSAGES, from + PER_CHAT - 1))));
          }
          return chain;
        }));
  }

  /** Messages {@code from}..{@code to}; the chat is resolved after them unless it is the last. */
  private static Future<?> fill(Store store, Conversation chat, Instant start, int from, int to) {
    Future<?> chain = Future.succeededFuture();
    for (int n = from; n <= to; n++) {
      boolean visitor = n % 2 == 1;
      Message message = new Message("msg_seed" + n, chat.id(), chat.customerId(),
          visitor ? Message.Direction.INBOUND : Message.Direction.OUTBOUND, "chat", text(n),
          visitor ? new Message.Author("customer", chat.customerId(), "Ann")
              : new Message.Author("agent", "agt_kristin", "Kristin"),
          start.plusSeconds(n), visitor ? null : DeliveryStatus.DELIVERED, null, null, Map.of(), List.of());
      chain = chain.compose(v -> store.messages().append(message));
    }
    return to == MESSAGES ? chain
        : chain.compose(v -> store.conversations().update(chat.id(), c -> c.resolved(start.plus(Duration.ofHours(1)))));
  }
}
