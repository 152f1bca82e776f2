package dev.relay.gateway.store.embedded;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.store.ConversationStore;
import dev.relay.gateway.store.rules.Conflicts;
import dev.relay.gateway.store.rules.ConversationIndex;
import dev.relay.gateway.store.rules.ConversationQuery;
import dev.relay.gateway.store.rules.HistoryTally;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
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

  /** customer id → their {@link HistoryTally} (JSON): counted when first asked, then kept by every write. */
  private MVMap<String, String> histories() {
    return store.map("customer-history");
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
      tally(draft.id(), null, draft);
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
    // Open ones are the customers' open slots: a freed slot's search for waiting customers reads
    // those, not every conversation ever stored.
    return store.read(() -> query.select((query.openOnly() ? openByCustomer().values().stream().map(records()::get)
        : records().values().stream()).map(json -> Json.decode(json, Conversation.class))));
  }

  @Override
  public Future<Page> page(String cursor, int size) {
    return store.read(() -> {
      String from = cursor == null ? records().firstKey() : records().higherKey(cursor);
      if (from == null) {
        return new Page(List.of(), null);
      }
      List<Conversation> items = new ArrayList<>();
      Iterator<String> ids = records().keyIterator(from);
      while (items.size() < size && ids.hasNext()) {
        items.add(Json.decode(records().get(ids.next()), Conversation.class));
      }
      return new Page(items, ids.hasNext() ? items.get(items.size() - 1).id() : null);
    });
  }

  @Override
  public Future<List<Conversation>> ofCustomer(String customerId) {
    return store.read(() -> newestFirst(customerId));
  }

  private List<Conversation> newestFirst(String customerId) {
    List<Conversation> newestFirst = new ArrayList<>(EmbeddedStore.scan(byCustomer(), customerId).stream()
        .map(id -> Json.decode(records().get(id), Conversation.class)).toList());
    Collections.reverse(newestFirst);
    return newestFirst;
  }

  @Override
  public Future<Optional<Conversation>> latestOf(String customerId) {
    return store.read(() -> Optional.ofNullable(latestId(customerId))
        .flatMap(id -> EmbeddedStore.decode(records().get(id), Conversation.class)));
  }

  /** The id of the customer's conversation opened last: the greatest key under the customer's prefix. */
  private String latestId(String customerId) {
    String key = byCustomer().lowerKey(customerId + "\u0001");
    return key != null && key.startsWith(customerId + EmbeddedStore.SEP) ? byCustomer().get(key) : null;
  }

  @Override
  public Future<History> historyOf(String customerId) {
    return store.read(() -> EmbeddedStore.decode(histories().get(customerId), HistoryTally.class))
        .compose(kept -> kept.isPresent() ? Future.succeededFuture(kept.get().history())
            : store.write(() -> counted(customerId).history()));
  }

  /**
   * The kept tally, or one counted from the customer's conversations and kept (a customer stored by
   * an earlier version, or whose tally a change dropped). In a write: nothing changes them meanwhile.
   */
  private HistoryTally counted(String customerId) {
    Optional<HistoryTally> kept = EmbeddedStore.decode(histories().get(customerId), HistoryTally.class);
    if (kept.isPresent()) {
      return kept.get();
    }
    List<Conversation> all = newestFirst(customerId);
    HistoryTally counted = HistoryTally.of(all);
    if (!all.isEmpty()) {
      histories().put(customerId, Json.encode(counted));
    }
    return counted;
  }

  /** Keeps the customer's tally in step with a conversation's change; one not counted yet is left to its first read. */
  private void tally(String id, Conversation before, Conversation after) {
    HistoryTally.Change change = HistoryTally.Change.of(before, after);
    String kept = change.none() ? null : histories().get(after.customerId());
    if (kept == null) {
      return;
    }
    HistoryTally next = Json.decode(kept, HistoryTally.class).after(change, id, id.equals(latestId(after.customerId())));
    if (next == null) {
      histories().remove(after.customerId());
    } else {
      histories().put(after.customerId(), Json.encode(next));
    }
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
    tally(id, before, next);
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
      histories().remove(gone.customerId());
      return true;
    });
  }
}
