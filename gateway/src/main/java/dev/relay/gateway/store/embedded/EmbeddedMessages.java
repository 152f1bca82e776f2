package dev.relay.gateway.store.embedded;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.store.MessageStore;
import dev.relay.gateway.store.rules.MessageIndex;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

final class EmbeddedMessages implements MessageStore {

  private final EmbeddedStore store;

  EmbeddedMessages(EmbeddedStore store) {
    this.store = store;
  }

  private MVMap<String, String> byExternalId() {
    return store.map("messages-by-external-id");
  }

  private MVMap<String, String> byCustomer() {
    return store.map("messages-by-customer");
  }

  private MVMap<String, String> byConversation() {
    return store.map("messages-by-conversation");
  }

  private MVMap<String, String> records() {
    return store.map("messages");
  }

  /** Message id → epoch millis from which it is handed out to be routed again. */
  private MVMap<String, Long> unrouted() {
    return store.longMap("messages-unrouted");
  }

  @Override
  public Future<Appended> append(Message message) {
    String json = Json.encode(message);
    return store.write(() -> add(message, json));
  }

  @Override
  public Future<Appended> appendUnrouted(Message message, Instant retryAt) {
    // Encoded here, on the caller's thread: the writer only indexes and puts it.
    String json = Json.encode(message);
    return store.write(() -> {
      Appended appended = add(message, json);
      if (!appended.duplicate()) {
        unrouted().put(message.id(), retryAt.toEpochMilli());
      }
      return appended;
    });
  }

  private Appended add(Message message, String json) {
    String earlier = externalKey(message).map(key -> byExternalId().putIfAbsent(key, message.id())).orElse(null);
    if (earlier != null) {
      return new Appended(Json.decode(records().get(earlier), Message.class), true);
    }
    long seq = store.nextSequence("messages");
    records().put(message.id(), json);
    byConversation().put(EmbeddedStore.seqKey(message.conversationId(), seq), message.id());
    byCustomer().put(EmbeddedStore.seqKey(message.customerId(), seq), message.id());
    return new Appended(message, false);
  }

  @Override
  public Future<Void> routed(String messageId) {
    return store.write(() -> {
      routedInWrite(messageId);
      return null;
    });
  }

  /** The note cleared, for a write that changes other records with it. */
  void routedInWrite(String messageId) {
    unrouted().remove(messageId);
  }

  @Override
  public Future<List<String>> claimUnrouted(Instant now, int max, Instant until) {
    // Asked every tick, usually with nothing due: looked up on a reader; only what is due is written, checked again.
    return store.read(() -> due(now, max)).compose(seen -> seen.isEmpty() ? Future.succeededFuture(List.<String>of())
        : store.write(() -> {
          List<String> due = due(now, max);
          due.forEach(id -> unrouted().put(id, until.toEpochMilli()));
          return due;
        }));
  }

  private List<String> due(Instant now, int max) {
    return unrouted().entrySet().stream().filter(e -> e.getValue() <= now.toEpochMilli())
        .sorted(Map.Entry.comparingByValue()).limit(max).map(Map.Entry::getKey).toList();
  }

  @Override
  public Future<Optional<Message>> get(String id) {
    return store.read(() -> EmbeddedStore.decode(records().get(id), Message.class));
  }

  @Override
  public Future<List<Message>> ofConversation(String conversationId) {
    return store.read(() -> load(EmbeddedStore.scan(byConversation(), conversationId)));
  }

  @Override
  public Future<List<Message>> ofCustomer(String customerId) {
    return store.read(() -> load(EmbeddedStore.scan(byCustomer(), customerId)));
  }

  @Override
  public Future<Tail> tailOfCustomer(String customerId, String before, int limit) {
    return store.read(() -> tail(byCustomer(), customerId, Tail.position(before), limit));
  }

  @Override
  public Future<Tail> tailOfConversation(String conversationId, String before, int limit) {
    return store.read(() -> tail(byConversation(), conversationId, Tail.position(before), limit));
  }

  /** The index read backwards from just before {@code position}: one entry more than asked says whether older ones remain. */
  private Tail tail(MVMap<String, String> index, String prefix, long position, int limit) {
    Cursor<String, String> cursor = index.cursor(EmbeddedStore.seqKey(prefix, position - 1), prefix + EmbeddedStore.SEP, true);
    List<String> keys = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    while (cursor.hasNext() && keys.size() <= limit) {
      keys.add(cursor.next());
      ids.add(cursor.getValue());
    }
    String older = null;
    if (keys.size() > limit) {
      ids.remove(limit);
      older = keys.get(limit - 1).substring(prefix.length() + EmbeddedStore.SEP.length());
    }
    Collections.reverse(ids);
    return new Tail(load(ids), older == null ? null : Long.toString(Long.parseLong(older)));
  }

  @Override
  public Future<Message> update(String id, UnaryOperator<Message> change) {
    return store.write(() -> {
      Message next = EmbeddedStore.change(records(), id, Message.class, "message", change);
      externalKey(next).ifPresent(key -> byExternalId().putIfAbsent(key, id));
      return next;
    });
  }

  private List<Message> load(List<String> ids) {
    return ids.stream().map(id -> Json.decode(records().get(id), Message.class)).toList();
  }

  private static Optional<String> externalKey(Message message) {
    return MessageIndex.external(message).map(parts -> String.join(EmbeddedStore.SEP, parts));
  }

  @Override
  public Future<Boolean> delete(String id) {
    return store.write(() -> {
      String json = records().remove(id);
      unrouted().remove(id);
      if (json == null) {
        return false;
      }
      Message gone = Json.decode(json, Message.class);
      EmbeddedStore.removeValue(byConversation(), gone.conversationId(), id);
      EmbeddedStore.removeValue(byCustomer(), gone.customerId(), id);
      externalKey(gone).ifPresent(key -> byExternalId().remove(key, id));
      return true;
    });
  }
}
