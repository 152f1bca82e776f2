package dev.relay.gateway.agents;

import dev.relay.gateway.assignment.OwnerWait;
import dev.relay.gateway.calls.AgentCalls;
import dev.relay.gateway.calls.CallJob;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Ids;
import dev.relay.gateway.domain.Job;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.inbox.AgentInbox;
import dev.relay.gateway.inbox.EventData;
import dev.relay.gateway.store.Batch;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.store.rules.JobIndex;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives everything an agent holds to another agent, or spreads it over a team (least loaded first):
 * every customer they own (who hears the new name on their next contact), the open conversations
 * they answer, and their pending follow-ups and callbacks. It is one {@link Batch}: if anything
 * changed meanwhile (a customer given to someone else), nothing moves and the admin may try again.
 * Every customer moved has its audit entry, written with the move.
 */
public final class HandOver {

  private static final Logger LOG = LoggerFactory.getLogger(HandOver.class);
  /** Events told to the new agents at once, at most: a thousand customers must not flood the store's queue. */
  private static final int EVENTS_AT_ONCE = 50;

  private final Store store;
  private final AgentCalls calls;
  private final AgentInbox inbox;
  private final Clock clock;

  public HandOver(Store store, AgentCalls calls, AgentInbox inbox, Clock clock) {
    this.store = store;
    this.calls = calls;
    this.inbox = inbox;
    this.clock = clock;
  }

  /** Where to: one agent, or a team (exactly one of them). */
  public record Target(String agentId, String team) {
  }

  /** What moved, and to whom (agent id → how many customers). */
  public record Result(String handover, int customers, int conversations, int calls, Map<String, Integer> to) {

    /** The agent who took the most (a transfer's one receiver). */
    public String receiver() {
      return to.entrySet().stream().filter(e -> e.getValue() > 0).max(Map.Entry.comparingByValue())
          .map(Map.Entry::getKey).orElse(null);
    }
  }

  /** What an agent holds now, read before the move. */
  private record Holdings(List<Customer> owned, List<Conversation> answering, List<Job> calls, List<Job> waits) {
  }

  public Future<Result> handOver(String fromId, Target target, String actor) {
    return store.agents().get(fromId).compose(from -> {
      if (from.isEmpty()) {
        return Future.failedFuture(RelayException.notFound("agent " + fromId));
      }
      return receivers(from.get(), target).compose(receivers -> holdings(fromId)
          .compose(held -> move(from.get(), receivers, held, actor, "handover",
              result -> new Batch.Audit(actor, "agent.handover", from.get().id(), Map.of("handover", result.handover(),
                  "to", result.to(), "customers", result.customers(), "conversations", result.conversations(),
                  "calls", result.calls()), clock.instant()))));
    });
  }

  /**
   * One customer, from the agent who holds them to a teammate or a team (its least loaded active
   * agent), as a hand-over does it: the customer gets the new dedicated agent (and hears the name on
   * their next contact), their open conversation and the agent's calls with them move too, and the
   * previous agent no longer sees them. Audited as {@code conversation.transferred} on {@code conversationId}.
   */
  public Future<Result> transfer(Customer customer, String conversationId, String fromId, Target target, String actor) {
    return store.agents().get(fromId).compose(from -> {
      if (from.isEmpty()) {
        return Future.failedFuture(RelayException.notFound("agent " + fromId));
      }
      return receivers(from.get(), target).compose(receivers -> holdingsOf(fromId, customer)
          .compose(held -> move(from.get(), receivers, held, actor, "transfer",
              result -> new Batch.Audit(actor, "conversation.transferred", conversationId, Map.of("handover",
                  result.handover(), "customer", customer.id(), "from", fromId, "to", String.valueOf(result.receiver())), clock.instant()))));
    });
  }

  /** The active agents who take over, least loaded first; a refusal says why. */
  private Future<List<Agent>> receivers(Agent from, Target target) {
    return store.agents().list().compose(agents -> store.conversations().openLoad().map(load -> {
      List<Agent> chosen;
      if (target.agentId() != null) {
        Agent to = agents.stream().filter(a -> a.id().equals(target.agentId())).findFirst()
            .orElseThrow(() -> RelayException.invalid(List.of("agentId: no agent " + target.agentId())));
        if (to.id().equals(from.id())) {
          throw RelayException.invalid(List.of("agentId: an agent cannot hand over to themselves"));
        }
        if (!to.active()) {
          throw RelayException.conflict("target_deactivated", to.name() + " was deactivated and cannot take customers");
        }
        chosen = List.of(to);
      } else {
        chosen = agents.stream()
            .filter(a -> target.team().equals(a.team()) && a.active() && !a.id().equals(from.id()))
            .sorted(Comparator.<Agent>comparingInt(a -> load.getOrDefault(a.id(), 0)).thenComparing(Agent::createdAt))
            .toList();
        if (chosen.isEmpty()) {
          throw RelayException.conflict("team_empty", "team " + target.team() + " has no other active agent to take over");
        }
      }
      return chosen;
    }));
  }

  /** What the agent holds of one customer: the customer if they own them, their open conversation, their calls. */
  private Future<Holdings> holdingsOf(String fromId, Customer customer) {
    Future<java.util.Optional<Conversation>> open = store.conversations().openOf(customer.id());
    Future<List<Job>> pending = store.jobs().list(null, Job.State.PENDING, "customerId", customer.id());
    return Future.all(open, pending).map(all -> {
      List<Conversation> answering = open.result().filter(c -> fromId.equals(c.agentId())).stream().toList();
      List<String> openIds = answering.stream().map(Conversation::id).toList();
      List<Job> jobs = pending.result();
      return new Holdings(fromId.equals(customer.ownerId()) ? List.of(customer) : List.of(), answering,
          jobs.stream().filter(j -> calls.isCall(j) && fromId.equals(j.payload().get("agentId"))).toList(),
          jobs.stream().filter(j -> OwnerWait.JOB.equals(j.kind())
              && openIds.contains(OwnerWait.fromMap(j.payload()).conversationId())).toList());
    });
  }

  private Future<Holdings> holdings(String fromId) {
    Future<List<Customer>> owned = store.customers().ownedBy(fromId);
    Future<List<Conversation>> answering = store.conversations().list(fromId, Conversation.Status.OPEN, false);
    Future<List<Job>> pending = store.jobs().list(null, Job.State.PENDING, null, null);
    return Future.all(owned, answering, pending).map(all -> {
      List<Conversation> open = answering.result();
      List<String> openIds = open.stream().map(Conversation::id).toList();
      List<Job> jobs = pending.result();
      return new Holdings(owned.result(), open,
          jobs.stream().filter(j -> calls.isCall(j) && fromId.equals(j.payload().get("agentId"))).toList(),
          jobs.stream().filter(j -> OwnerWait.JOB.equals(j.kind())
              && openIds.contains(OwnerWait.fromMap(j.payload()).conversationId())).toList());
    });
  }

  private Future<Result> move(Agent from, List<Agent> receivers, Holdings held, String actor, String reason,
                              java.util.function.Function<Result, Batch.Audit> summary) {
    String handover = Ids.next("hov");
    Instant now = clock.instant();
    // Spread: each customer to the receiver with the fewest so far; a customer's conversation and calls follow them.
    Map<String, String> newAgentOf = new LinkedHashMap<>();
    Map<String, Integer> given = new LinkedHashMap<>();
    receivers.forEach(r -> given.put(r.id(), 0));
    held.owned().forEach(c -> newAgentOf.put(c.id(), next(given)));
    held.answering().forEach(c -> newAgentOf.computeIfAbsent(c.customerId(), id -> next(given)));
    held.calls().forEach(j -> newAgentOf.computeIfAbsent(CallJob.fromMap(j.payload()).customerId(), id -> next(given)));

    Map<String, UnaryOperator<Customer>> customers = new HashMap<>();
    List<Batch.Audit> audit = new ArrayList<>();
    for (Customer customer : held.owned()) {
      String to = newAgentOf.get(customer.id());
      customers.put(customer.id(), c -> {
        if (!from.id().equals(c.ownerId())) {
          throw RelayException.conflict("owner_changed", "a customer of " + from.name()
              + " was given to someone else meanwhile; nothing was moved, try again");
        }
        return c.reassignedTo(to);
      });
      audit.add(new Batch.Audit(actor, "customer.reassigned", customer.id(),
          Map.of("from", from.id(), "to", to, "reason", reason, "handover", handover), now));
    }
    Map<String, UnaryOperator<Conversation>> conversations = new HashMap<>();
    held.answering().forEach(c -> conversations.put(c.id(), conv -> conv.isOpen() && from.id().equals(conv.agentId())
        ? conv.assignedTo(newAgentOf.get(conv.customerId()), now) : conv));
    Map<String, UnaryOperator<Job>> jobs = new HashMap<>();
    held.calls().forEach(j -> jobs.put(j.id(), job -> stillTheirs(job, from.id())
        ? withPayload(job, CallJob.fromMap(job.payload()).by(newAgentOf.get(job.payload().get("customerId"))).toMap())
        : job));
    // The new agent answers now: nobody waits for the one who left.
    held.waits().forEach(j -> jobs.put(j.id(), JobIndex::cancel));
    Result result = new Result(handover, held.owned().size(), held.answering().size(), held.calls().size(),
        Map.copyOf(given));
    audit.add(0, summary.apply(result));

    return store.apply(new Batch(customers, conversations, jobs, audit))
        .compose(v -> tellReceivers(held.answering(), newAgentOf, held.owned()))
        .map(v -> {
          LOG.atInfo().addKeyValue("agent", from.id()).addKeyValue("handover", handover)
              .addKeyValue("customers", result.customers()).addKeyValue("conversations", result.conversations())
              .addKeyValue("calls", result.calls()).addKeyValue("actor", actor).addKeyValue("reason", reason)
              .log("agent handed over");
          return result;
        });
  }

  private static String next(Map<String, Integer> given) {
    String least = given.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
    given.merge(least, 1, Integer::sum);
    return least;
  }

  private static boolean stillTheirs(Job job, String agentId) {
    return job.state() == Job.State.PENDING && agentId.equals(job.payload().get("agentId"));
  }

  private static Job withPayload(Job job, Map<String, String> payload) {
    return new Job(job.id(), job.kind(), job.key(), job.dueAt(), job.attempts(), job.state(), payload,
        job.claimedUntil(), job.lastError());
  }

  /** Each moved open conversation appears on its new agent's desk; a few at a time. */
  private Future<Void> tellReceivers(List<Conversation> moved, Map<String, String> newAgentOf, List<Customer> owned) {
    Map<String, Customer> byId = new HashMap<>();
    owned.forEach(c -> byId.put(c.id(), c));
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < moved.size(); from += EVENTS_AT_ONCE) {
      List<Conversation> slice = moved.subList(from, Math.min(moved.size(), from + EVENTS_AT_ONCE));
      chain = chain.compose(v -> Future.all(slice.stream().map(c -> tell(c, newAgentOf.get(c.customerId()),
          Optional.ofNullable(byId.get(c.customerId())))).toList()).mapEmpty());
    }
    return chain.recover(err -> {
      // The move is stored; the desks catch up when the agents reload their list.
      LOG.atWarn().setCause(err).log("hand-over: new agents not all told");
      return Future.succeededFuture();
    });
  }

  private Future<Void> tell(Conversation conversation, String agentId, Optional<Customer> known) {
    Future<Optional<Customer>> customer = known.isPresent() ? Future.succeededFuture(known)
        : store.customers().get(conversation.customerId());
    return customer.compose(c -> c.isEmpty() ? Future.<Void>succeededFuture()
        : inbox.publish(agentId, AgentInbox.CONVERSATION_ASSIGNED,
            EventData.assigned(conversation.assignedTo(agentId, clock.instant()), c.get())).mapEmpty());
  }
}
