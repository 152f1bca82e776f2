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
import dev.relay.gateway.presence.Outlook;
import dev.relay.gateway.presence.Outlooks;
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
  private final Outlooks outlooks;
  private final OwnerBack ownerBack;
  private final Clock clock;

  public OwnerAbsence(Store store, OwnerRouter owners, Scheduler scheduler, AgentInbox inbox,
                      CustomerNotices notices, Outlooks outlooks, OwnerBack ownerBack, Clock clock) {
    this.outlooks = outlooks;
    this.ownerBack = ownerBack;
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
      return isNew ? outlooks.ofTeam().onSuccess(team -> notices.whoAnswers(customer, conversation, team)).mapEmpty()
          : Future.succeededFuture();
    }
    Agent agent = assignment.agent().get();
    if (customer.announceOwner() && agent.id().equals(customer.ownerId())) {
      notices.tell(customer, conversation, TextKey.NOTICE_NEW_OWNER, Map.of("agent", agent.name()), agent.name());
      // Named, but not there now: the customer also learns when they will answer.
      return store.customers().update(customer.id(), Customer::ownerAnnounced)
          .compose(announced -> owners.available(agent))
          .compose(available -> available ? Future.<Void>succeededFuture() : outlooks.of(agent, true)
              .onSuccess(outlook -> notices.whoAnswers(customer, conversation, outlook)).<Void>mapEmpty());
    }
    return owners.available(agent).compose(available -> {
      if (available || !agent.id().equals(customer.ownerId())) {
        if (isNew) {
          notices.whoAnswers(customer, conversation, Outlook.here(agent.name()));
        }
        return Future.succeededFuture();
      }
      OwnerPolicy policy = policyOf(conversation);
      if (policy.whenAway() == Away.WAIT) {
        return isNew ? outlooks.of(agent, true).onSuccess(outlook -> notices.whoAnswers(customer, conversation, outlook))
            .mapEmpty() : Future.succeededFuture();
      }
      Future<Void> told = isNew ? tellWhoCovers(customer, conversation, agent, policy) : Future.succeededFuture();
      OwnerWait wait = new OwnerWait(conversation.id());
      return told.compose(v -> scheduler.schedule(OwnerWait.JOB, wait.key(), clock.instant().plus(policy.waitFor()),
          wait.toMap())).mapEmpty();
    });
  }

  /**
   * The owner is away or busy and a teammate may answer: the customer hears which, and a teammate
   * is promised only when one is there now; otherwise they learn when the owner is back.
   */
  private Future<Void> tellWhoCovers(Customer customer, Conversation conversation, Agent owner, OwnerPolicy policy) {
    return outlooks.of(owner, true).compose(outlook -> teammate(conversation.routing(), owner).map(cover -> {
      if (cover.isEmpty()) {
        notices.whoAnswers(customer, conversation, outlook);
        return null;
      }
      boolean busy = outlook.state() == Outlook.State.BUSY;
      if (policy.waitFor().isZero()) {
        notices.tell(customer, conversation, busy ? TextKey.NOTICE_OWNER_BUSY_TEAMMATE : TextKey.NOTICE_OWNER_AWAY_TEAMMATE,
            Map.of("agent", owner.name()), owner.name());
      } else {
        notices.tell(customer, conversation, busy ? TextKey.NOTICE_OWNER_BUSY_WITHIN : TextKey.NOTICE_OWNER_AWAY_WITHIN,
            Map.of("agent", owner.name(), "minutes", Math.max(1, policy.waitFor().toMinutes())), owner.name());
      }
      return null;
    }));
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
    boolean reassign = policyOf(conversation).whenAway() == Away.REASSIGN;
    return giveToTeammate(customer, conversation, owner, reassign, "owner away", TextKey.NOTICE_OWNER_AWAY_COVER)
        .compose(teammate -> teammate.isPresent() ? Future.succeededFuture()
            : Future.failedFuture(RelayException.unavailable("no teammate of " + owner.name() + " is available yet")));
  }

  /**
   * A fitting teammate answers the conversation now: they cover (the owner stays the owner, and gets
   * it back when they return; the customer reads {@code coverText}) or, with {@code reassign},
   * become the customer's owner (audited; the customer is told the new name). Empty when no
   * teammate is there, or the one found answers it already.
   */
  public Future<Optional<Agent>> giveToTeammate(Customer customer, Conversation conversation, Agent owner,
                                                boolean reassign, String reason, TextKey coverText) {
    return teammate(conversation.routing(), owner).compose(found -> {
      if (found.isEmpty() || found.get().id().equals(conversation.agentId())) {
        return Future.succeededFuture(Optional.<Agent>empty());
      }
      Agent teammate = found.get();
      Future<Customer> owned = reassign
          ? store.customers().update(customer.id(), c -> c.withOwner(teammate.id()))
              .compose(c -> store.audit().append("relay", "customer.reassigned", c.id(),
                  Map.of("from", owner.id(), "to", teammate.id(), "reason", reason), clock.instant()).map(c))
          : Future.succeededFuture(customer);
      return owned
          .compose(c -> store.conversations().update(conversation.id(), conv -> conv.assignedTo(teammate.id(), clock.instant())))
          .compose(assigned -> (reassign ? ownerBack.forget(assigned.id()) : ownerBack.covered(assigned, owner.id()))
              .compose(v -> inbox.publish(teammate.id(), AgentInbox.CONVERSATION_ASSIGNED,
                  EventData.assigned(assigned, customer))).map(assigned))
          .map(assigned -> {
            LOG.atInfo().addKeyValue("conversation", conversation.id()).addKeyValue("owner", owner.id())
                .addKeyValue("teammate", teammate.id()).addKeyValue("policy", reassign ? "reassign" : "cover")
                .addKeyValue("reason", reason).log("conversation handed to a teammate");
            if (reassign) {
              notices.tell(customer, assigned, TextKey.NOTICE_NEW_OWNER, Map.of("agent", teammate.name()), teammate.name());
            } else {
              notices.tell(customer, assigned, coverText, Map.of("owner", owner.name(), "teammate", teammate.name()),
                  teammate.name());
            }
            return Optional.of(teammate);
          });
    });
  }

  /** A teammate from the owner's team first, then anyone who fits the routing decision. */
  private Future<Optional<Agent>> teammate(AppliedRouting routing, Agent owner) {
    AppliedRouting sameTeam = routing == null || owner.team() == null ? null : routing.withTeam(owner.team());
    Future<Optional<Agent>> first = sameTeam == null
        ? Future.succeededFuture(Optional.empty()) : owners.pick(sameTeam, owner.id());
    return first.compose(found -> found.isPresent() ? Future.succeededFuture(found) : owners.pick(routing, owner.id()));
  }

  private static OwnerPolicy policyOf(Conversation conversation) {
    return conversation.routing() == null || conversation.routing().owner() == null ? WAIT : conversation.routing().owner();
  }
}
