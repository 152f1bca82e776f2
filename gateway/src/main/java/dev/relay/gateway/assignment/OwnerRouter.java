package dev.relay.gateway.assignment;

import dev.relay.gateway.domain.AppliedRouting;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.presence.Presences;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Decides who answers a conversation. A customer who has an owner always goes to the owner, online
 * or not (what happens while the owner is away is the routing decision's owner policy). A customer
 * without one gets the least-loaded reachable agent with room who fits the decision (team, skills,
 * languages); that agent becomes the owner for good. Reachable is computed ({@link Presences}).
 */
public final class OwnerRouter {

  private final Store store;
  private final Presences presences;
  private final Clock clock;

  public OwnerRouter(Store store, Presences presences, Clock clock) {
    this.store = store;
    this.presences = presences;
    this.clock = clock;
  }

  /**
   * @param agent         who answers, or empty when nobody fitting is available to become the first owner
   * @param newlyAssigned true when this call gave the conversation its agent
   * @param customer      the customer as the assignment left them (a new owner, and whether to announce them)
   */
  public record Assignment(Optional<Agent> agent, boolean newlyAssigned, Customer customer) {
  }

  public Future<Assignment> assign(Customer customer, Conversation conversation) {
    Future<Optional<Agent>> answering = conversation.agentId() == null
        ? Future.succeededFuture(Optional.empty()) : store.agents().get(conversation.agentId());
    return answering.compose(agent -> {
      if (agent.isPresent() && agent.get().active()) {
        return Future.succeededFuture(new Assignment(agent, false, customer));
      }
      // Nobody answers yet, or the one who did has left: the owner (or a new one) takes it.
      String left = conversation.agentId();
      return withOwner(customer, conversation).compose(owned -> owned.agentId() == null
          ? unassigned(conversation, left).map(new Assignment(Optional.empty(), false, owned.customer()))
          : assignOnce(conversation.id(), left, owned));
    });
  }

  /**
   * Gives the conversation its agent unless a concurrent message did first: only the call whose
   * change was written reports {@code newlyAssigned}, so one assignment event and one "… will
   * answer you" go out however many first messages race. (The change may run more than once
   * when the store retries it; the last run is the one written.)
   */
  private Future<Assignment> assignOnce(String conversationId, String left, Owned owned) {
    AtomicBoolean assignedHere = new AtomicBoolean();
    return store.conversations()
        .update(conversationId, c -> {
          assignedHere.set(Objects.equals(c.agentId(), left));
          return assignedHere.get() ? c.assignedTo(owned.agentId(), clock.instant()) : c;
        })
        .compose(assigned -> store.agents().get(assigned.agentId()))
        .map(agent -> new Assignment(agent, assignedHere.get(), owned.customer()));
  }

  /** The customer as stored, and the active owner who answers them (null: nobody fitting is there now). */
  private record Owned(Customer customer, String agentId) {
  }

  /** A customer without an owner, or whose owner left, gets the best fitting agent for good. */
  private Future<Owned> withOwner(Customer customer, Conversation conversation) {
    Future<Optional<Agent>> current = customer.ownerId() == null
        ? Future.succeededFuture(Optional.empty()) : store.agents().get(customer.ownerId());
    return current.compose(owner -> {
      if (owner.isPresent() && owner.get().active()) {
        return Future.succeededFuture(new Owned(customer, customer.ownerId()));
      }
      String left = customer.ownerId();
      return pick(conversation.routing(), left).compose(candidate -> candidate.isEmpty()
          ? Future.succeededFuture(new Owned(customer, null))
          : store.customers().update(customer.id(), c -> !Objects.equals(c.ownerId(), left) ? c
                  // A first owner is introduced as the one who answers; a new one after a departure, as the new owner.
                  : left == null ? c.withOwner(candidate.get().id()) : c.reassignedTo(candidate.get().id()))
              .compose(c -> left == null || !candidate.get().id().equals(c.ownerId()) ? Future.succeededFuture(c)
                  : store.audit().append("relay", "customer.reassigned", c.id(),
                      Map.of("from", left, "to", c.ownerId(), "reason", "owner deactivated"), clock.instant()).map(c))
              .map(c -> new Owned(c, c.ownerId())));
    });
  }

  /** A conversation whose agent left and nobody can take it yet waits, as a new one does. */
  private Future<Void> unassigned(Conversation conversation, String left) {
    return left == null ? Future.succeededFuture()
        : store.conversations().update(conversation.id(), c -> Objects.equals(c.agentId(), left)
            ? c.assignedTo(null, clock.instant()) : c).mapEmpty();
  }

  /** The least-loaded reachable agent with room who fits {@code routing}, oldest agent first on a tie. */
  public Future<Optional<Agent>> pick(AppliedRouting routing, String excludeAgentId) {
    return store.agents().list().compose(agents -> store.conversations().openLoad()
        .map(load -> agents.stream()
            .filter(a -> !a.id().equals(excludeAgentId))
            .filter(a -> presences.reachable(a, clock.instant()))
            .filter(a -> load.getOrDefault(a.id(), 0) < a.capacity())
            .filter(a -> fits(a, routing))
            .min(byLoad(load))));
  }

  /** Reachable, and not over capacity (the conversation at hand already counts in the load). */
  public Future<Boolean> available(Agent agent) {
    return !presences.reachable(agent, clock.instant()) ? Future.succeededFuture(false)
        : store.conversations().openCount(agent.id()).map(open -> open <= agent.capacity());
  }

  static boolean fits(Agent agent, AppliedRouting routing) {
    if (routing == null) {
      return true;
    }
    return (routing.team() == null || routing.team().equals(agent.team()))
        && agent.skills().containsAll(routing.skills())
        && agent.languages().containsAll(routing.languages());
  }

  private static Comparator<Agent> byLoad(Map<String, Integer> load) {
    return Comparator.<Agent>comparingInt(a -> load.getOrDefault(a.id(), 0))
        .thenComparing(Agent::createdAt).thenComparing(Agent::id);
  }
}
