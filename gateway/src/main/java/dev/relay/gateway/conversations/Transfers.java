package dev.relay.gateway.conversations;

import dev.relay.gateway.agents.HandOver;
import dev.relay.gateway.assignment.WaitingAssigner;
import dev.relay.gateway.domain.Caller;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.store.AgentStore;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A conversation given to a teammate or a team from the desk, with a note for them. The ownership
 * rules are the hand-over's ({@link HandOver#transfer}): the customer's dedicated agent changes (they
 * hear the new name on their next contact), the open conversation and the calls promised move, the
 * previous agent no longer sees the customer. The note goes in the timeline as an internal note.
 */
public final class Transfers {

  private final ConversationService conversations;
  private final HandOver handOver;
  private final AgentStore agents;
  private final WaitingAssigner waiting;

  public Transfers(ConversationService conversations, HandOver handOver, AgentStore agents, WaitingAssigner waiting) {
    this.conversations = conversations;
    this.handOver = handOver;
    this.agents = agents;
    this.waiting = waiting;
  }

  /** What the desk shows: who took it, the note in the timeline, and what moved with the customer. */
  public record Transferred(HandOver.Result moved, ConversationService.AgentRef to, Message note) {
  }

  /** By whoever may read the conversation: its agent, a supervisor, an admin. */
  public Future<Transferred> transfer(Caller caller, String actor, Message.Author author, String id, HandOver.Target target,
                                      String note) {
    return conversations.readable(caller, id).compose(v -> {
      String fromId = v.customer().ownerId() != null ? v.customer().ownerId() : v.conversation().agentId();
      if (fromId == null) {
        return Future.failedFuture(RelayException.conflict("no_agent",
            "nobody holds this customer yet; the first reachable agent with room gets them"));
      }
      return handOver.transfer(v.customer(), id, fromId, target, actor).compose(moved -> {
        if (moved.receiver() == null) {
          return Future.failedFuture(RelayException.conflict("owner_changed",
              "the customer was given to someone else meanwhile; nothing was moved"));
        }
        return agents.get(moved.receiver()).compose(to -> {
          String toName = to.map(a -> a.name()).orElse(moved.receiver());
          Map<String, String> about = new LinkedHashMap<>();
          about.put("transfer.to", toName);
          about.put("transfer.toId", moved.receiver());
          return conversations.note(new Caller.Admin(), author, id, note == null ? "" : note, about)
              .compose(written -> waiting.slotFreed().map(written))
              .map(written -> new Transferred(moved, new ConversationService.AgentRef(moved.receiver(), toName), written));
        });
      });
    });
  }
}
