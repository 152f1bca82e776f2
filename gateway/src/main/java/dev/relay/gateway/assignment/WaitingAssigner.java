package dev.relay.gateway.assignment;

import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.outbound.CustomerNotices;
import dev.relay.gateway.presence.Outlook;
import dev.relay.gateway.callback.Callbacks;
import dev.relay.gateway.domain.StoredFacts;
import dev.relay.connector.spi.Intent;
import dev.relay.gateway.inbox.AgentInbox;
import dev.relay.gateway.inbox.EventData;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conversations that arrived while nobody fitting had room get their first owner, oldest first, as
 * soon as someone has: an agent becomes reachable, resolves a conversation, loses a customer to a
 * transfer, or has their capacity raised. Each customer is told who will answer. Nobody waits
 * behind a free agent.
 */
public final class WaitingAssigner {

  private static final Logger LOG = LoggerFactory.getLogger(WaitingAssigner.class);

  private final Store store;
  private final OwnerRouter owners;
  private final AgentInbox inbox;
  private final CustomerNotices notices;
  private final Callbacks calls;

  public WaitingAssigner(Store store, OwnerRouter owners, AgentInbox inbox, CustomerNotices notices, Callbacks calls) {
    this.store = store;
    this.owners = owners;
    this.inbox = inbox;
    this.notices = notices;
    this.calls = calls;
  }

  /**
   * Someone may have room now: hands the waiting conversations over. Never fails its caller (what
   * freed the slot is done already); a failure is logged and the next freed slot tries again.
   */
  public Future<Void> slotFreed() {
    return assignWaiting().recover(err -> {
      LOG.atWarn().setCause(err).log("waiting conversations not assigned");
      return Future.succeededFuture();
    });
  }

  public Future<Void> assignWaiting() {
    return store.conversations().list(null, Conversation.Status.OPEN, true).compose(waiting -> {
      List<Conversation> oldestFirst = waiting.stream().sorted(Comparator.comparing(Conversation::openedAt)).toList();
      Future<Void> chain = Future.succeededFuture();
      for (Conversation conversation : oldestFirst) {
        chain = chain.compose(v -> assignOne(conversation));
      }
      return chain;
    });
  }

  private Future<Void> assignOne(Conversation conversation) {
    return store.customers().get(conversation.customerId()).compose(customer -> {
      if (customer.isEmpty()) {
        return Future.succeededFuture();
      }
      return owners.assign(customer.get(), conversation).compose(assignment -> {
        if (!assignment.newlyAssigned() || assignment.agent().isEmpty()) {
          return Future.<Void>succeededFuture();
        }
        String agentId = assignment.agent().get().id();
        LOG.atInfo().addKeyValue("conversation", conversation.id()).addKeyValue("agent", agentId)
            .log("waiting conversation assigned");
        notices.whoAnswers(customer.get(), conversation, Outlook.here(assignment.agent().get().name()));
        Conversation assigned = conversation.assignedTo(agentId, conversation.updatedAt());
        return inbox.publish(agentId, AgentInbox.CONVERSATION_ASSIGNED, EventData.assigned(assigned, customer.get()))
            .compose(event -> callbackWaiting(assignment.agent().get(), assigned, customer.get()));
      });
    });
  }

  /** The customer asked to be called while nobody was there: their new agent takes the request. */
  private Future<Void> callbackWaiting(dev.relay.gateway.domain.Agent agent, Conversation conversation,
                                       dev.relay.gateway.domain.Customer customer) {
    return store.messages().ofConversation(conversation.id()).compose(messages -> {
      for (int i = messages.size() - 1; i >= 0; i--) {
        if (StoredFacts.facts(messages.get(i).attributes()).intent() instanceof Intent.CallbackRequest) {
          return calls.customerAsked(agent, conversation, customer, messages.get(i));
        }
      }
      return Future.<Void>succeededFuture();
    });
  }
}
