package dev.relay.gateway.followup;

import dev.relay.gateway.calls.AgentCalls;
import dev.relay.gateway.calls.CallJob;
import dev.relay.gateway.calls.CallPurpose;
import dev.relay.gateway.calls.CallWindows;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.schedule.Scheduler;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.texts.TextKey;
import dev.relay.routing.FollowUpPolicy;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check-in after a resolution: when a conversation is resolved, a durable job is scheduled for
 * the routing decision's follow-up (a week later by default), at the first moment when the agent
 * works and the customer's window is open ({@link CallWindows}). With {@code by: team}, a teammate
 * who works earlier covers for an owner on leave. The customer writing again first cancels it.
 * When it fires, the agent calls ({@link AgentCalls}), or writes with {@code channel: last}.
 */
public final class FollowUps implements CallPurpose {

  public static final String JOB = "follow-up";
  private static final Logger LOG = LoggerFactory.getLogger(FollowUps.class);

  private final Store store;
  private final Scheduler scheduler;
  private final CallWindows windows;
  private final boolean recorded;

  public FollowUps(Store store, Scheduler scheduler, CallWindows windows, boolean recorded) {
    this.recorded = recorded;
    this.store = store;
    this.scheduler = scheduler;
    this.windows = windows;
  }

  /** Plans the follow-up of a conversation just resolved; a previous pending one is replaced. */
  public Future<Void> afterResolution(Conversation resolved, Customer customer) {
    FollowUpPolicy policy = resolved.routing() == null ? null : resolved.routing().followUp();
    if (policy == null || policy.after() == null || policy.after().isZero() || customer.ownerId() == null) {
      return Future.succeededFuture();
    }
    Instant earliest = resolved.resolvedAt().plus(policy.after());
    return store.agents().list().compose(agents -> {
      Optional<Agent> owner = agents.stream().filter(a -> a.id().equals(customer.ownerId())).findFirst();
      if (owner.isEmpty()) {
        return Future.<Void>succeededFuture();
      }
      // The owner calls at their first slot; with by: team, a teammate who can call sooner covers.
      Agent caller = owner.get();
      Instant due = windows.place(earliest, caller, customer, policy).orElse(earliest);
      if (policy.by() == FollowUpPolicy.By.TEAM && caller.team() != null) {
        for (Agent mate : agents) {
          if (!mate.id().equals(caller.id()) && caller.team().equals(mate.team()) && mate.phone() != null) {
            Optional<Instant> theirs = windows.place(earliest, mate, customer, policy);
            if (theirs.isPresent() && theirs.get().isBefore(due)) {
              caller = mate;
              due = theirs.get();
            }
          }
        }
      }
      CallJob job = new CallJob(resolved.id(), customer.id(), caller.id(), caller != owner.get(), 1, null,
          policy.channel());
      Instant at = due;
      String key = AgentCalls.key(JOB, customer.id());
      return scheduler.cancel(key)
          .compose(v -> scheduler.schedule(JOB, key, at, job.toMap()))
          .onSuccess(planned -> LOG.atInfo().addKeyValue("customer", customer.id()).addKeyValue("due", at)
              .addKeyValue("agent", job.agentId()).log("follow-up scheduled"))
          .mapEmpty();
    });
  }

  /** The customer wrote again: the check-in is no longer needed. */
  public Future<Boolean> customerWrote(String customerId) {
    return scheduler.cancel(AgentCalls.key(JOB, customerId));
  }

  @Override
  public String kind() {
    return JOB;
  }

  /** A covered follow-up is placed by the teammate, any other by whoever owns the customer now. */
  @Override
  public boolean named(CallJob job) {
    return job.fixedCaller();
  }

  @Override
  public String label(Agent caller) {
    return "Follow-up call by " + caller.name();
  }

  @Override
  public String script(String who) {
    return "Follow-up call with " + who + ", a week after we resolved their question. Connecting you now.";
  }

  @Override
  public boolean recorded() {
    return recorded;
  }

  @Override
  public TextKey message(boolean afterCalls) {
    return afterCalls ? TextKey.FOLLOW_UP_MISSED : TextKey.FOLLOW_UP_CHECK_IN;
  }
}
