package dev.relay.gateway.store.rules;

import dev.relay.gateway.domain.Conversation;

/**
 * Which index entries a conversation change touches: the customer's one open conversation (held
 * while open, a conflict when another one holds it; released when resolved) and the agents' load
 * (an entry per open conversation with an agent).
 *
 * @param open         whether the conversation holds its customer's open slot after the change
 * @param agentLeft    the agent whose load entry goes, or null
 * @param agentJoined  the agent whose load entry comes, or null
 */
public record ConversationIndex(boolean open, String agentLeft, String agentJoined) {

  /** The entries for a conversation going from {@code before} (null: new) to {@code after}. */
  public static ConversationIndex of(Conversation before, Conversation after) {
    return new ConversationIndex(after.isOpen(), loadOf(before), loadOf(after));
  }

  private static String loadOf(Conversation conversation) {
    return conversation != null && conversation.isOpen() ? conversation.agentId() : null;
  }
}
