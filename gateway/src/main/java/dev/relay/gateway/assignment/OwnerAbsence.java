package dev.relay.gateway.assignment;

import dev.relay.gateway.domain.AppliedRouting;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.outbound.CustomerNotices;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.inbox.AgentInbox;
import dev.relay.gateway.inbox.EventData;
import dev.relay.gateway.assignment.OwnerRouter.Assignment;
import dev.relay.gateway.domain.Job;
import dev.relay.gateway.schedule.JobHandler;
import dev.relay.gateway.schedule.Scheduler;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.texts.TextKey;
import dev.relay.routing.OwnerPolicy;
import dev.relay.routing.OwnerPolicy.Away;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner policy of the routing decision, when the dedicated agent is away or at capacity:
 * {@code wait} (the conversation waits for them), or wait up to {@code waitFor} and then
 * {@code cover} (a teammate answers, ownership stays) or {@code reassign} (a teammate becomes the
 * owner). The wait is a durable job, so it survives restarts and fires once across replicas.
 * The customer is told by name who will answer, and when.
 */
public final class OwnerAbsence implements JobHandler {

  private static final Logger LOG = LoggerFactory.getLogger(OwnerAbsence.class);
  private static final OwnerPolicy WAIT = new OwnerPolicy(Away.WAIT, Duration.ZERO);

  private final Store store;
  private final OwnerRouter owners;
  private final Scheduler scheduler;
  private final AgentInbox inbox;
  private final CustomerNotices notices;
  private final Clock clock;

  public OwnerAbsence(Store store, OwnerRouter owners, Scheduler scheduler, AgentInbox inbox,
                      CustomerNotices notices, Clock clock) {
    this.store = store;
    this.owners = owners;
    this.scheduler = scheduler;
    this.inbox = inbox;
    this.notices = notices;
    this.clock = clock;
  }

  /** After routing: tell a new conversation's customer who answers; start the policy if the owner is away. */
  public Future<Void> check(Customer customer, Conversation conversation, Assignment assignment, boolean isNew) {
    if (assignment.agent().isEmpty()) {
      if (isNew) {
        notices.whoAnswers(customer, conversation, Optional.empty());
      }
      return Future.succeededFuture();
    }
    Agent agent = assignment.agent().get();
    if (customer.announceOwner() && agent.id().equals(customer.ownerId())) {
      notices.tell(customer, conversation, TextKey.NOTICE_NEW_OWNER, Map.of("agent", agent.name()), agent.name());
      return store.customers().update(customer.id(), Customer::ownerAnnounced).mapEmpty();
    }
    return owners.available(agent).compose(available -> {
      if (available || !agent.id().equals(customer.ownerId())) {
        if (isNew) {
          notices.whoAnswers(customer, conversation, assignment.agent());
        }
        return Future.succeededFuture();
      }
      OwnerPolicy policy = policyOf(conversation);
      if (policy.whenAway() == Away.WAIT) {
        if (isNew) {
          notices.tell(customer, conversation, TextKey.NOTICE_OWNER_AWAY_WAIT, Map.of("agent", agent.name()), agent.name());
        }
        return Future.succeededFuture();
      }
      if (isNew) {
        if (policy.waitFor().isZero()) {
          notices.tell(customer, conversation, TextKey.NOTICE_OWNER_AWAY_TEAMMATE, Map.of("agent", agent.name()), agent.name());
        } else {
          notices.tell(customer, conversation, TextKey.NOTICE_OWNER_AWAY_WITHIN,
              Map.of("agent", agent.name(), "minutes", Math.max(1, policy.waitFor().toMinutes())), agent.name());
        }
      }
      OwnerWait wait = new OwnerWait(conversation.id());
      return scheduler.schedule(OwnerWait.JOB, wait.key(), clock.instant().plus(policy.waitFor()), wait.toMap()).mapEmpty();
    });
  }

  /** The wait is over: if the owner is still away, a fitting teammate covers or takes over. */
  @Override
  public Future<Void> run(Job job) {
    String conversationId = OwnerWait.fromMap(job.payload()).conversationId();
    return store.conversations().get(conversationId).compose(found -> {
      if (found.isEmpty() || !found.get().isOpen()) {
        return Future.succeededFuture();
      }
      Conversation conversation = found.get();
      return store.customers().get(conversation.customerId()).compose(customer -> {
        if (customer.isEmpty() || !customer.get().ownerId().equals(conversation.agentId())) {
          return Future.succeededFuture();
        }
        return store.agents().get(customer.get().ownerId()).compose(owner -> owners.available(owner.orElseThrow())
            .compose(back -> back ? Future.succeededFuture() : handOver(customer.get(), conversation, owner.get())));
      });
    });
  }

  private Future<Void> handOver(Customer customer, Conversation conversation, Agent owner) {
    AppliedRouting routing = conversation.routing();
    return teammate(routing, owner).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(RelayException.unavailable("no teammate of " + owner.name() + " is available yet"));
      }
      Agent teammate = found.get();
      boolean reassign = policyOf(conversation).whenAway() == Away.REASSIGN;
      Future<Customer> owned = reassign
          ? store.customers().update(customer.id(), c -> c.withOwner(teammate.id()))
              .compose(c -> store.audit().append("relay", "customer.reassigned", c.id(),
                  Map.of("from", owner.id(), "to", teammate.id(), "reason", "owner away"), clock.instant()).map(c))
          : Future.succeededFuture(customer);
      return owned
          .compose(c -> store.conversations().update(conversation.id(), conv -> conv.assignedTo(teammate.id(), clock.instant())))
          .compose(assigned -> inbox.publish(teammate.id(), AgentInbox.CONVERSATION_ASSIGNED,
              EventData.assigned(assigned, customer)).map(assigned))
          .map(assigned -> {
            LOG.atInfo().addKeyValue("conversation", conversation.id()).addKeyValue("owner", owner.id())
                .addKeyValue("teammate", teammate.id()).addKeyValue("policy", reassign ? "reassign" : "cover")
                .log("owner away: conversation handed over");
            if (reassign) {
              notices.tell(customer, assigned, TextKey.NOTICE_NEW_OWNER, Map.of("agent", teammate.name()), teammate.name());
            } else {
              notices.tell(customer, assigned, TextKey.NOTICE_OWNER_AWAY_COVER,
                  Map.of("owner", owner.name(), "teammate", teammate.name()), teammate.name());
            }
            return null;
          });
    });
  }

  /** A teammate from the owner's team first, then anyone who fits the routing decision. */
  private Future<Optional<Agent>> teammate(AppliedRouting routing, Agent owner) {
    AppliedRouting sameTeam = routing == null || owner.team() == null ? null : new AppliedRouting(owner.team(),
        routing.skills(), routing.languages(), routing.priority(), routing.owner(), routing.firstResponseDue(),
        routing.followUp(), routing.rulesVersion(), routing.matchedRules());
    Future<Optional<Agent>> first = sameTeam == null
        ? Future.succeededFuture(Optional.empty()) : owners.pick(sameTeam, owner.id());
    return first.compose(found -> found.isPresent() ? Future.succeededFuture(found) : owners.pick(routing, owner.id()));
  }

  private static OwnerPolicy policyOf(Conversation conversation) {
    return conversation.routing() == null || conversation.routing().owner() == null ? WAIT : conversation.routing().owner();
  }
}
