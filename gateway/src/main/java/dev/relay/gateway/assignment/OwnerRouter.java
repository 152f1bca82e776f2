package dev.relay.gateway.assignment;

import dev.relay.gateway.domain.AppliedRouting;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Decides who answers a conversation. A customer who has an owner always goes to the owner, online
 * or not (what happens while the owner is away is the routing decision's owner policy). A customer
 * without one gets the least-loaded online agent with room who fits the decision (team, skills,
 * languages); that agent becomes the owner for good.
 */
public final class OwnerRouter {

  private final Store store;
  private final Clock clock;

  public OwnerRouter(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * @param agent         who answers, or empty when nobody fitting is available to become the first owner
   * @param newlyAssigned true when this call gave the conversation its agent
   */
  public record Assignment(Optional<Agent> agent, boolean newlyAssigned) {
    static final Assignment WAITING = new Assignment(Optional.empty(), false);
  }

  public Future<Assignment> assign(Customer customer, Conversation conversation) {
    if (conversation.agentId() != null) {
      return store.agents().get(conversation.agentId()).map(agent -> new Assignment(agent, false));
    }
    Future<Optional<String>> owner = customer.ownerId() != null
        ? Future.succeededFuture(Optional.of(customer.ownerId()))
        : pick(conversation.routing(), null).compose(candidate -> candidate.isEmpty()
            ? Future.succeededFuture(Optional.<String>empty())
            : store.customers().update(customer.id(), c -> c.ownerId() == null ? c.withOwner(candidate.get().id()) : c)
                .map(c -> Optional.of(c.ownerId())));
    return owner.compose(agentId -> agentId.isEmpty()
        ? Future.succeededFuture(Assignment.WAITING)
        : assignOnce(conversation.id(), agentId.get()));
  }

  /**
   * Gives the conversation its agent unless a concurrent message did first: only the call whose
   * change was written reports {@code newlyAssigned}, so one assignment event and one "… will
   * answer you" go out however many first messages race. (The change may run more than once
   * when the store retries it; the last run is the one written.)
   */
  private Future<Assignment> assignOnce(String conversationId, String agentId) {
    AtomicBoolean assignedHere = new AtomicBoolean();
    return store.conversations()
        .update(conversationId, c -> {
          assignedHere.set(c.agentId() == null);
          return c.agentId() == null ? c.assignedTo(agentId, clock.instant()) : c;
        })
        .compose(assigned -> store.agents().get(assigned.agentId()))
        .map(agent -> new Assignment(agent, assignedHere.get()));
  }

  /** The least-loaded online agent with room who fits {@code routing}, oldest agent first on a tie. */
  public Future<Optional<Agent>> pick(AppliedRouting routing, String excludeAgentId) {
    return store.agents().list().compose(agents -> store.conversations().openLoad()
        .map(load -> agents.stream()
            .filter(a -> !a.id().equals(excludeAgentId))
            .filter(Agent::online)
            .filter(a -> load.getOrDefault(a.id(), 0) < a.capacity())
            .filter(a -> fits(a, routing))
            .min(byLoad(load))));
  }

  /** Online, and not over capacity (the conversation at hand already counts in the load). */
  public Future<Boolean> available(Agent agent) {
    return !agent.online() ? Future.succeededFuture(false)
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
