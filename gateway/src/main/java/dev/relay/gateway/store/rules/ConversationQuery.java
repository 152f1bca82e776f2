package dev.relay.gateway.store.rules;

import dev.relay.gateway.domain.Conversation;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@code ConversationStore.list} answers: conversations matching every non-null filter, most
 * recently updated first. Backends only choose which records to read.
 */
public record ConversationQuery(String agentId, Conversation.Status status, boolean unassignedOnly) {

  private static final Comparator<Conversation> ORDER =
      Comparator.comparing(Conversation::updatedAt).reversed().thenComparing(Conversation::id);

  /** Only open conversations can match: a backend with an index of them may read just those. */
  public boolean openOnly() {
    return status == Conversation.Status.OPEN;
  }

  public List<Conversation> select(Stream<Conversation> candidates) {
    return candidates
        .filter(c -> agentId == null || agentId.equals(c.agentId()))
        .filter(c -> status == null || status == c.status())
        .filter(c -> !unassignedOnly || c.agentId() == null)
        .sorted(ORDER)
        .toList();
  }
}
