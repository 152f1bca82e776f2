package dev.relay.gateway.targets;

import dev.relay.gateway.assignment.OwnerAbsence;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Job;
import dev.relay.gateway.inbox.AgentInbox;
import dev.relay.gateway.inbox.EventData;
import dev.relay.gateway.inbox.Supervisors;
import dev.relay.gateway.ops.GatewayMetrics;
import dev.relay.gateway.ops.TeamLabel;
import dev.relay.gateway.schedule.JobHandler;
import dev.relay.gateway.schedule.Scheduler;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.targets.TargetCheck.Stage;
import dev.relay.gateway.texts.TextKey;
import dev.relay.routing.EscalationPolicy;
import dev.relay.routing.EscalationPolicy.WhenMissed;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the routing rule's first-response target act. A conversation opened with a target gets one
 * durable check: {@code escalation.warnBefore} the due time, if nobody has answered, the answering
 * agent is nudged and supervisors see it at risk; at the due time, if still unanswered, supervisors
 * are told it was missed, the rule's {@code whenMissed} applies (notify only, a teammate covers, or
 * a teammate becomes the owner) and the miss is audited. Counted per team.
 */
public final class FirstResponseTargets implements JobHandler {

  private static final Logger LOG = LoggerFactory.getLogger(FirstResponseTargets.class);

  /** Messages read at a time when looking back for an answer. */
  private static final int PAGE = 20;

  private final Store store;
  private final Scheduler scheduler;
  private final OwnerAbsence absence;
  private final AgentInbox inbox;
  private final Supervisors supervisors;
  private final GatewayMetrics metrics;
  private final Clock clock;

  public FirstResponseTargets(Store store, Scheduler scheduler, OwnerAbsence absence, AgentInbox inbox,
                              Supervisors supervisors, GatewayMetrics metrics, Clock clock) {
    this.store = store;
    this.scheduler = scheduler;
    this.absence = absence;
    this.inbox = inbox;
    this.supervisors = supervisors;
    this.metrics = metrics;
    this.clock = clock;
    scheduler.handle(TargetCheck.JOB, this);
  }

  /** A conversation was opened: its target, if it has one, gets its check (once, however often this is called). */
  public Future<Void> plan(Conversation conversation) {
    if (conversation.routing() == null || conversation.routing().firstResponseDue() == null) {
      return Future.succeededFuture();
    }
    Instant due = conversation.routing().firstResponseDue();
    Instant warn = due.minus(conversation.routing().escalation().warnBefore());
    TargetCheck check = new TargetCheck(conversation.id(), warn.isBefore(due) ? Stage.AT_RISK : Stage.MISSED);
    return scheduler.schedule(TargetCheck.JOB, TargetCheck.key(conversation.id()),
        check.stage() == Stage.AT_RISK ? warn : due, check.toMap()).mapEmpty();
  }

  @Override
  public Future<Void> run(Job job) {
    TargetCheck check = TargetCheck.fromMap(job.payload());
    return store.conversations().get(check.conversationId()).compose(found -> {
      if (found.isEmpty() || !found.get().isOpen() || found.get().routing() == null) {
        return Future.succeededFuture();
      }
      Conversation conversation = found.get();
      return Future.all(answered(conversation.id(), null), store.customers().get(conversation.customerId()),
          store.agents().list()).compose(all -> {
            List<Agent> agents = all.resultAt(2);
            Optional<Customer> customer = all.resultAt(1);
            Agent answering = agents.stream().filter(a -> a.id().equals(conversation.agentId())).findFirst().orElse(null);
            String team = TeamLabel.of(answering != null ? answering.team() : conversation.routing().team(), agents);
            if (customer.isEmpty()) {
              return Future.succeededFuture();
            }
            if (FirstResponse.due(conversation.routing(), (boolean) all.resultAt(0)) == null) {
              metrics.firstResponseTarget(team, "met");
              return Future.succeededFuture();
            }
            if (check.stage() == Stage.AT_RISK) {
              return atRisk(conversation, customer.get(), team);
            }
            return missed(conversation, customer.get(), answering, agents, team);
          });
    });
  }

  /**
   * Whether an agent answered, read back from the newest message a page at a time: it stops at the
   * latest reply, so a long answered conversation costs a page, not all of it.
   */
  private Future<Boolean> answered(String conversationId, String before) {
    return store.messages().tailOfConversation(conversationId, before, PAGE).compose(tail -> {
      boolean found = FirstResponse.answers(tail.messages());
      return found || tail.before() == null ? Future.succeededFuture(found) : answered(conversationId, tail.before());
    });
  }

  /** The agent who answers is nudged, supervisors see it; the check comes back at the due time. */
  private Future<Void> atRisk(Conversation conversation, Customer customer, String team) {
    metrics.firstResponseTarget(team, "at_risk");
    return tell(conversation, AgentInbox.TARGET_AT_RISK, EventData.target(conversation, customer, "none yet"))
        .compose(v -> JobHandler.continueAt(conversation.routing().firstResponseDue(),
            new TargetCheck(conversation.id(), Stage.MISSED).toMap()));
  }

  /** The agent who answers it (if anyone does), then the supervisors but them. */
  private Future<Void> tell(Conversation conversation, String type, Map<String, Object> data) {
    Future<?> agent = conversation.agentId() == null ? Future.succeededFuture()
        : inbox.publish(conversation.agentId(), type, data);
    return agent.compose(v -> supervisors.tell(type, data, conversation.agentId()));
  }

  private Future<Void> missed(Conversation conversation, Customer customer, Agent answering, List<Agent> agents,
                              String team) {
    metrics.firstResponseTarget(team, "missed");
    EscalationPolicy escalation = conversation.routing().escalation();
    Agent owner = agents.stream().filter(a -> a.id().equals(customer.ownerId())).findFirst().orElse(answering);
    return escalate(conversation, customer, owner, escalation.whenMissed()).compose(outcome -> {
      Map<String, Object> data = EventData.target(conversation, customer, outcome);
      Map<String, Object> audit = Map.of("due", conversation.routing().firstResponseDue().toString(),
          "agent", conversation.agentId() == null ? "" : conversation.agentId(),
          "escalation", escalation.whenMissed().name().toLowerCase(Locale.ROOT), "outcome", outcome);
      LOG.atInfo().addKeyValue("conversation", conversation.id()).addKeyValue("escalation", escalation.whenMissed())
          .addKeyValue("outcome", outcome).log("first-response target missed");
      return store.audit().append("relay", "target.missed", conversation.id(), audit, clock.instant())
          .compose(v -> tell(conversation, AgentInbox.TARGET_MISSED, data));
    });
  }

  /** What the rule says when the target is missed; the outcome as the audit and events say it. */
  private Future<String> escalate(Conversation conversation, Customer customer, Agent owner, WhenMissed whenMissed) {
    if (whenMissed == WhenMissed.NOTIFY) {
      return Future.succeededFuture("notified");
    }
    if (owner == null) {
      return Future.succeededFuture("nobody to cover yet");
    }
    boolean reassign = whenMissed == WhenMissed.REASSIGN;
    return absence.giveToTeammate(customer, conversation, owner, reassign, "first response missed",
            TextKey.NOTICE_TEAMMATE_ANSWERS)
        .map(teammate -> teammate.map(t -> (reassign ? "reassigned to " : "covered by ") + t.id())
            .orElse("no teammate available"));
  }
}
