package dev.relay.gateway.store.embedded;

import dev.relay.gateway.Json;
import dev.relay.gateway.RelayException;
import dev.relay.gateway.conversation.Conversation;
import dev.relay.gateway.store.ConversationStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.h2.mvstore.MVMap;

final class EmbeddedConversations implements ConversationStore {

  private final EmbeddedStore store;
  private final MVMap<String, String> records;
  private final MVMap<String, String> openByCustomer;
  private final MVMap<String, String> byCustomer;
  /** agent id + SEP + conversation id, for each open conversation with an agent: the agents' load. */
  private final MVMap<String, String> openByAgent;

  EmbeddedConversations(EmbeddedStore store) {
    this.store = store;
    this.records = store.map("conversations");
    this.openByCustomer = store.map("conversation-open-by-customer");
    this.byCustomer = store.map("conversations-by-customer");
    this.openByAgent = store.map("conversation-open-by-agent");
    if (openByAgent.isEmpty() && !openByCustomer.isEmpty()) {
      // A store from before this index: build it once.
      openByCustomer.values().forEach(id -> index(null, Json.decode(records.get(id), Conversation.class)));
    }
  }

  /** Keeps the load index in step with a conversation going from {@code before} (null: new) to {@code after}. */
  private void index(Conversation before, Conversation after) {
    if (before != null && before.isOpen() && before.agentId() != null) {
      openByAgent.remove(before.agentId() + EmbeddedStore.SEP + before.id());
    }
    if (after.isOpen() && after.agentId() != null) {
      openByAgent.put(after.agentId() + EmbeddedStore.SEP + after.id(), "");
    }
  }

  @Override
  public Future<Opened> openFor(String customerId, Conversation draft) {
    return store.write(() -> {
      String open = openByCustomer.get(customerId);
      if (open != null) {
        return new Opened(Json.decode(records.get(open), Conversation.class), false);
      }
      records.put(draft.id(), Json.encode(draft));
      openByCustomer.put(customerId, draft.id());
      index(null, draft);
      byCustomer.put(EmbeddedStore.seqKey(customerId, store.nextSequence("conversations")), draft.id());
      return new Opened(draft, true);
    });
  }

  @Override
  public Future<Optional<Conversation>> get(String id) {
    return store.read(() -> EmbeddedStore.decode(records.get(id), Conversation.class));
  }

  @Override
  public Future<Optional<Conversation>> openOf(String customerId) {
    return store.read(() -> Optional.ofNullable(openByCustomer.get(customerId))
        .flatMap(id -> EmbeddedStore.decode(records.get(id), Conversation.class)));
  }

  @Override
  public Future<List<Conversation>> list(String agentId, Conversation.Status status, boolean unassignedOnly) {
    return store.read(() -> records.values().stream()
        .map(json -> Json.decode(json, Conversation.class))
        .filter(c -> agentId == null || agentId.equals(c.agentId()))
        .filter(c -> status == null || status == c.status())
        .filter(c -> !unassignedOnly || c.agentId() == null)
        .sorted(Comparator.comparing(Conversation::updatedAt).reversed().thenComparing(Conversation::id))
        .toList());
  }

  @Override
  public Future<List<Conversation>> ofCustomer(String customerId) {
    return store.read(() -> {
      List<Conversation> newestFirst = new ArrayList<>(EmbeddedStore.scan(byCustomer, customerId).stream()
          .map(id -> Json.decode(records.get(id), Conversation.class)).toList());
      Collections.reverse(newestFirst);
      return newestFirst;
    });
  }

  @Override
  public Future<Map<String, Integer>> openLoad() {
    return store.read(() -> {
      Map<String, Integer> load = new HashMap<>();
      for (String key : openByAgent.keySet()) {
        load.merge(key.substring(0, key.indexOf(EmbeddedStore.SEP)), 1, Integer::sum);
      }
      return load;
    });
  }

  @Override
  public Future<Integer> openCount(String agentId) {
    return store.read(() -> {
      int count = 0;
      var cursor = openByAgent.cursor(agentId + EmbeddedStore.SEP, agentId + "\u0001", false);
      while (cursor.hasNext()) {
        cursor.next();
        count++;
      }
      return count;
    });
  }

  @Override
  public Future<Conversation> update(String id, UnaryOperator<Conversation> change) {
    return store.write(() -> {
      Conversation before = EmbeddedStore.decode(records.get(id), Conversation.class).orElse(null);
      Conversation next = EmbeddedStore.change(records, id, Conversation.class, "conversation", change);
      String customer = next.customerId();
      if (next.isOpen()) {
        String open = openByCustomer.putIfAbsent(customer, id);
        if (open != null && !open.equals(id)) {
          throw RelayException.conflict("conversation_open",
              "the customer has another open conversation: " + open);
        }
      } else {
        openByCustomer.remove(customer, id);
      }
      index(before, next);
      return next;
    });
  }
}
