package dev.relay.gateway.customers;

import dev.relay.gateway.assignment.OwnerBack;
import dev.relay.gateway.assignment.WaitingAssigner;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.inbox.HandsChanged;
import dev.relay.gateway.outbound.CustomerNotices;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.texts.TextKey;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a customer a new dedicated agent (an admin's or a supervisor's decision): the open
 * conversation moves with them, nobody waits for the old owner any more (no owner wait, no
 * hand-back), it is audited, the new agent, the one who had the conversation and the supervisors
 * are told, and the customer hears the new name at once or on their next contact.
 */
public final class Reassignment {

  private static final Logger LOG = LoggerFactory.getLogger(Reassignment.class);

  private final Store store;
  private final HandsChanged handsChanged;
  private final OwnerBack ownerBack;
  private final WaitingAssigner waiting;
  private final CustomerNotices notices;
  private final Clock clock;

  public Reassignment(Store store, HandsChanged handsChanged, OwnerBack ownerBack, WaitingAssigner waiting,
                      CustomerNotices notices, Clock clock) {
    this.store = store;
    this.handsChanged = handsChanged;
    this.ownerBack = ownerBack;
    this.waiting = waiting;
    this.notices = notices;
    this.clock = clock;
  }

  /** When the customer learns the new name: with a notice now, or when they next write. */
  public enum Tell { NOW, NEXT_CONTACT }

  /**
   * 404: no such customer; 422: no such agent; 409: the agent was deactivated. Giving a customer to
   * their owner changes nothing.
   */
  public Future<Customer> reassign(String customerId, String agentId, String actor, String reason, Tell tell) {
    return store.customers().get(customerId).compose(customer -> {
      if (customer.isEmpty()) {
        return Future.failedFuture(RelayException.notFound("customer " + customerId));
      }
      return store.agents().get(agentId).compose(agent -> {
        if (agent.isEmpty()) {
          return Future.failedFuture(RelayException.invalid(List.of("agentId: no agent " + agentId)));
        }
        if (!agent.get().active()) {
          return Future.failedFuture(RelayException.conflict("target_deactivated",
              agent.get().name() + " was deactivated and cannot take customers"));
        }
        String previous = customer.get().ownerId();
        if (agentId.equals(previous)) {
          return Future.succeededFuture(customer.get());
        }
        return store.customers().update(customerId, c -> c.reassignedTo(agentId))
            .compose(updated -> store.audit().append(actor, "customer.reassigned", customerId,
                Map.of("from", previous == null ? "" : previous, "to", agentId, "reason", reason), clock.instant())
                .map(updated))
            .compose(updated -> moveOpenConversation(updated, agent.get(), reason, actor, tell))
            // The previous owner has one conversation fewer: someone waiting may get them now.
            .compose(updated -> waiting.slotFreed().map(updated))
            .onSuccess(updated -> LOG.atInfo().addKeyValue("customer", customerId).addKeyValue("from", previous)
                .addKeyValue("to", agentId).addKeyValue("actor", actor).log("customer reassigned"));
      });
    });
  }

  private Future<Customer> moveOpenConversation(Customer customer, Agent agent, String reason, String actor, Tell tell) {
    return store.conversations().openOf(customer.id()).compose(open -> {
      if (open.isEmpty()) {
        return tell == Tell.NOW ? announced(customer, null, agent) : Future.succeededFuture(customer);
      }
      String from = open.get().agentId();
      String by = actor.startsWith("agent:") ? actor.substring("agent:".length()) : null;
      return ownerBack.settled(open.get().id())
          .compose(v -> store.conversations().update(open.get().id(), c -> c.assignedTo(agent.id(), clock.instant())))
          .compose(moved -> handsChanged.tell(moved, customer, from, reason, by)
              .compose(v -> tell == Tell.NOW ? announced(customer, moved, agent) : Future.succeededFuture(customer)));
    });
  }

  /** The customer is told the new name now, on their conversation's channel (or their last one). */
  private Future<Customer> announced(Customer customer, Conversation open, Agent agent) {
    Future<Conversation> where = open != null ? Future.succeededFuture(open)
        : store.conversations().ofCustomer(customer.id()).map(all -> all.stream().max(Comparator.comparing(Conversation::updatedAt)).orElse(null));
    return where.compose(conversation -> {
      if (conversation == null) {
        return Future.succeededFuture(customer);
      }
      notices.tell(customer, conversation, TextKey.NOTICE_NEW_OWNER, Map.of("agent", agent.name()), agent.name());
      return store.customers().update(customer.id(), Customer::ownerAnnounced);
    });
  }
}
