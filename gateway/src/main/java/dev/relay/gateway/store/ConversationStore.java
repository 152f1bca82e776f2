package dev.relay.gateway.store;

import dev.relay.gateway.domain.Conversation;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** Conversations, with the invariant that a customer has at most one open conversation. */
public interface ConversationStore {

  /** The customer's open conversation, or {@code draft} stored as it, atomically. */
  Future<Opened> openFor(String customerId, Conversation draft);

  record Opened(Conversation conversation, boolean created) {
  }

  Future<Optional<Conversation>> get(String id);

  /** Open conversation of a customer, if any. */
  Future<Optional<Conversation>> openOf(String customerId);

  /**
   * Conversations matching every non-null filter, most recently updated first.
   *
   * @param agentId        the answering agent
   * @param status         open or resolved
   * @param unassignedOnly only those still waiting for a first agent
   */
  Future<List<Conversation>> list(String agentId, Conversation.Status status, boolean unassignedOnly);

  /**
   * One page of all conversations, in the store's own order, for a pass over them all that holds a
   * page at a time instead of everything (the quality report, the weekly sample): start with a null
   * cursor and go on with {@link Page#next()} until it is null. Use {@link #forEachPage}: a backend
   * may give a conversation twice in a pass (Redis' SSCAN while its set grows).
   */
  Future<Page> page(String cursor, int size);

  /** Conversations of one page, and the cursor of the next (null: this was the last). */
  record Page(List<Conversation> items, String next) {
  }

  /** Runs {@code step} on every conversation, a page of about {@code size} after the other, each once. */
  default Future<Void> forEachPage(int size, Function<List<Conversation>, Future<Void>> step) {
    return nextPage(null, size, step, new HashSet<>());
  }

  private Future<Void> nextPage(String cursor, int size, Function<List<Conversation>, Future<Void>> step,
                                Set<String> seen) {
    return page(cursor, size).compose(page -> step.apply(page.items().stream().filter(c -> seen.add(c.id())).toList())
        .compose(v -> page.next() == null ? Future.succeededFuture() : nextPage(page.next(), size, step, seen)));
  }

  /** Every conversation of a customer, newest first. */
  Future<List<Conversation>> ofCustomer(String customerId);

  /** The customer's newest conversation (opened last), if any: a lookup, not a read of them all. */
  Future<Optional<Conversation>> latestOf(String customerId);

  /**
   * What the customer's conversations add up to, as routing rules see it: kept up to date by every
   * write of their conversations, so asking costs the same however many they had.
   */
  Future<History> historyOf(String customerId);

  /**
   * @param resolved  how many of the customer's conversations are resolved
   * @param lastScore the survey score of their newest conversation that has one, or null
   */
  record History(int resolved, Integer lastScore) {
  }

  /**
   * What routing reads of a customer before a message: their {@link #historyOf history} and {@link
   * #openOf open conversation}, together (a store may read them in one step).
   */
  default Future<Situation> situationOf(String customerId) {
    return historyOf(customerId).compose(history -> openOf(customerId).map(open -> new Situation(history, open)));
  }

  record Situation(History history, Optional<Conversation> open) {
  }

  /** Open conversations per agent: their current load. */
  Future<Map<String, Integer>> openLoad();

  /** One agent's open conversations: asked on every message, so it is an index lookup, not a scan. */
  Future<Integer> openCount(String agentId);

  /** Applies {@code change} atomically; reopening while the customer has another open conversation is a conflict. */
  Future<Conversation> update(String id, UnaryOperator<Conversation> change);

  /** Removes the conversation from every list and index (its messages are the message store's); false when unknown. */
  Future<Boolean> delete(String id);
}
