package dev.relay.gateway.store.embedded;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.store.ConversationStore;
import dev.relay.gateway.store.rules.Conflicts;
import dev.relay.gateway.store.rules.ConversationIndex;
import dev.relay.gateway.store.rules.ConversationQuery;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.h2.mvstore.MVMap;

final class EmbeddedConversations implements ConversationStore {

  private final EmbeddedStore store;

  EmbeddedConversations(EmbeddedStore store) {
    this.store = store;
    if (openByAgent().isEmpty() && !openByCustomer().isEmpty()) {
      // A store from before this index: build it once.
      openByCustomer().values().forEach(id ->
          indexLoad(id, ConversationIndex.of(null, Json.decode(records().get(id), Conversation.class))));
    }
  }

  /** agent id + SEP + conversation id, for each open conversation with an agent: the agents' load. */
  private MVMap<String, String> openByAgent() {
    return store.map("conversation-open-by-agent");
  }

  private MVMap<String, String> byCustomer() {
    return store.map("conversations-by-customer");
  }

  private MVMap<String, String> openByCustomer() {
    return store.map("conversation-open-by-customer");
  }

  private MVMap<String, String> records() {
    return store.map("conversations");
  }

  /** Keeps the load index in step with a conversation's change. */
  private void indexLoad(String id, ConversationIndex index) {
    if (index.agentLeft() != null) {
      openByAgent().remove(index.agentLeft() + EmbeddedStore.SEP + id);
    }
    if (index.agentJoined() != null) {
      openByAgent().put(index.agentJoined() + EmbeddedStore.SEP + id, "");
    }
  }

  @Override
  public Future<Opened> openFor(String customerId, Conversation draft) {
    // Most messages join a conversation that is open: the committed view says so without a write.
    return openOf(customerId).compose(open -> open.isPresent()
        ? Future.succeededFuture(new Opened(open.get(), false)) : open(customerId, draft, Json.encode(draft)));
  }

  private Future<Opened> open(String customerId, Conversation draft, String json) {
    return store.write(() -> {
      String open = openByCustomer().get(customerId);
      if (open != null) {
        return new Opened(Json.decode(records().get(open), Conversation.class), false);
      }
      records().put(draft.id(), json);
      openByCustomer().put(customerId, draft.id());
      indexLoad(draft.id(), ConversationIndex.of(null, draft));
      byCustomer().put(EmbeddedStore.seqKey(customerId, store.nextSequence("conversations")), draft.id());
      return new Opened(draft, true);
    });
  }

  @Override
  public Future<Optional<Conversation>> get(String id) {
    return store.read(() -> EmbeddedStore.decode(records().get(id), Conversation.class));
  }

  @Override
  public Future<Optional<Conversation>> openOf(String customerId) {
    return store.read(() -> Optional.ofNullable(openByCustomer().get(customerId))
        .flatMap(id -> EmbeddedStore.decode(records().get(id), Conversation.class)));
  }

  @Override
  public Future<List<Conversation>> list(String agentId, Conversation.Status status, boolean unassignedOnly) {
    ConversationQuery query = new ConversationQuery(agentId, status, unassignedOnly);
    return store.read(() -> query.select(records().values().stream().map(json -> Json.decode(json, Conversation.class))));
  }

  @Override
  public Future<List<Conversation>> ofCustomer(String customerId) {
    return store.read(() -> {
      List<Conversation> newestFirst = new ArrayList<>(EmbeddedStore.scan(byCustomer(), customerId).stream()
          .map(id -> Json.decode(records().get(id), Conversation.class)).toList());
      Collections.reverse(newestFirst);
      return newestFirst;
    });
  }

  @Override
  public Future<Map<String, Integer>> openLoad() {
    return store.read(() -> {
      Map<String, Integer> load = new HashMap<>();
      for (String key : openByAgent().keySet()) {
        load.merge(key.substring(0, key.indexOf(EmbeddedStore.SEP)), 1, Integer::sum);
      }
      return load;
    });
  }

  @Override
  public Future<Integer> openCount(String agentId) {
    return store.read(() -> {
      int count = 0;
      var cursor = openByAgent().cursor(agentId + EmbeddedStore.SEP, agentId + "\u0001", false);
      while (cursor.hasNext()) {
        cursor.next();
        count++;
      }
      return count;
    });
  }

  @Override
  public Future<Conversation> update(String id, UnaryOperator<Conversation> change) {
    return store.write(() -> changeInWrite(id, change));
  }

  /** The update itself, for a write that changes other records with it. */
  Conversation changeInWrite(String id, UnaryOperator<Conversation> change) {
    Conversation before = EmbeddedStore.decode(records().get(id), Conversation.class).orElse(null);
    Conversation next = EmbeddedStore.change(records(), id, Conversation.class, "conversation", change);
    ConversationIndex index = ConversationIndex.of(before, next);
    if (index.open()) {
      String open = openByCustomer().putIfAbsent(next.customerId(), id);
      if (open != null && !open.equals(id)) {
        throw Conflicts.conversationOpen();
      }
    } else {
      openByCustomer().remove(next.customerId(), id);
    }
    indexLoad(id, index);
    return next;
  }

  @Override
  public Future<Boolean> delete(String id) {
    return store.write(() -> {
      String json = records().remove(id);
      if (json == null) {
        return false;
      }
      Conversation gone = Json.decode(json, Conversation.class);
      openByCustomer().remove(gone.customerId(), id);
      if (gone.agentId() != null) {
        openByAgent().remove(gone.agentId() + EmbeddedStore.SEP + id);
      }
      EmbeddedStore.removeValue(byCustomer(), gone.customerId(), id);
      return true;
    });
  }
}
