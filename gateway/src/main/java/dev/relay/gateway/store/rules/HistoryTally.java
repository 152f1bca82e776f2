package dev.relay.gateway.store.rules;

import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.store.ConversationStore.History;
import java.util.List;
import java.util.Objects;

/**
 * A customer's {@link History} as both stores keep it, changed in the same write as the
 * conversation that changes it, so routing a message reads it instead of every past conversation.
 * It also names the conversation its score comes from: when that one loses its score, or an older
 * conversation gets one, the tally is dropped and counted again on the next read ({@link #of}), as
 * it is for a customer stored before tallies were kept. A conversation deleted (erasure,
 * retention) drops it too: rare, and it leaves nothing behind once the last one is gone.
 *
 * @param resolved how many of the customer's conversations are resolved
 * @param scoredIn the newest conversation with a survey score, or null
 * @param score    that conversation's score, or null
 */
public record HistoryTally(int resolved, String scoredIn, Integer score) {

  /** Counted from every conversation of the customer, newest first (what routing used to do per message). */
  public static HistoryTally of(List<Conversation> newestFirst) {
    int resolved = (int) newestFirst.stream().filter(c -> !c.isOpen()).count();
    return newestFirst.stream().filter(c -> scoreOf(c) != null).findFirst()
        .map(c -> new HistoryTally(resolved, c.id(), scoreOf(c)))
        .orElse(new HistoryTally(resolved, null, null));
  }

  public History history() {
    return new History(resolved, score);
  }

  /**
   * The tally after {@code change} to conversation {@code id}; null when it has to be counted again.
   * {@code newest}: whether that conversation is its customer's newest.
   */
  public HistoryTally after(Change change, String id, boolean newest) {
    int count = resolved + change.resolvedDelta();
    if (change.scored() != null) {
      return id.equals(scoredIn) || newest || scoredIn == null ? new HistoryTally(count, id, change.scored()) : null;
    }
    return change.unscored() && id.equals(scoredIn) ? null : new HistoryTally(count, scoredIn, score);
  }

  /**
   * What a conversation's change does to its customer's tally.
   *
   * @param resolvedDelta how the count of resolved conversations moves (resolved +1, reopened -1)
   * @param scored        its new survey score, or null when the score did not change to a value
   * @param unscored      whether it lost the score it had
   */
  public record Change(int resolvedDelta, Integer scored, boolean unscored) {

    /** For a conversation going from {@code before} (null: new) to {@code after}. */
    public static Change of(Conversation before, Conversation after) {
      Integer was = before == null ? null : scoreOf(before);
      Integer now = scoreOf(after);
      boolean moved = !Objects.equals(was, now);
      return new Change(resolvedOf(after) - resolvedOf(before), moved ? now : null, moved && now == null);
    }

    /** Nothing the tally keeps changed: the store writes nothing for it. */
    public boolean none() {
      return resolvedDelta == 0 && scored == null && !unscored;
    }

    private static int resolvedOf(Conversation c) {
      return c != null && !c.isOpen() ? 1 : 0;
    }
  }

  private static Integer scoreOf(Conversation c) {
    return c.satisfaction() == null ? null : c.satisfaction().score();
  }
}
