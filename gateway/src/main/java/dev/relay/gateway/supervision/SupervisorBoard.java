package dev.relay.gateway.supervision;

import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.domain.Presence;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a supervisor sees at a glance: who is online and how loaded against their capacity, which
 * customers wait for an answer and since when (longest first), and which first-response targets
 * are at risk or missed. Computed from the store when asked, so every replica shows the same.
 */
public final class SupervisorBoard {

  /** A first answer due within this is at risk. */
  static final Duration AT_RISK = Duration.ofMinutes(15);

  private final Store store;
  private final Clock clock;

  public SupervisorBoard(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public enum Target { NONE, ON_TIME, AT_RISK, MISSED }

  public record AgentRow(String id, String name, String team, Presence presence, int load, int capacity) {
  }

  /**
   * A customer waiting for an answer.
   *
   * @param since    when they wrote the message still unanswered (or the conversation opened)
   * @param agentId  who should answer; null while nobody has been assigned
   */
  public record Waiting(String conversationId, String customerId, String customerName, String agentId, String agentName,
                        String channel, int priority, Instant since, long waitingSeconds, Instant firstResponseDue,
                        Target target) {
  }

  /** How many of the waiting customers' first answers are on time, at risk, missed. */
  public record Targets(long onTime, long atRisk, long missed) {
    static Targets of(List<Waiting> waiting) {
      Map<Target, Long> counts = waiting.stream().collect(Collectors.groupingBy(Waiting::target, Collectors.counting()));
      return new Targets(counts.getOrDefault(Target.ON_TIME, 0L), counts.getOrDefault(Target.AT_RISK, 0L),
          counts.getOrDefault(Target.MISSED, 0L));
    }
  }

  public record Board(Instant at, List<AgentRow> agents, List<Waiting> waiting, Targets targets) {
  }

  public Future<Board> board() {
    Instant now = clock.instant();
    return store.agents().list().compose(agents -> store.conversations().openLoad().compose(load ->
        store.conversations().list(null, Conversation.Status.OPEN, false).compose(open -> {
          Map<String, Agent> byId = agents.stream().collect(Collectors.toMap(Agent::id, Function.identity()));
          List<Future<Optional<Waiting>>> rows = open.stream().map(c -> waiting(c, byId, now)).toList();
          return Future.all(rows).map(done -> {
            List<Waiting> waiting = rows.stream().flatMap(r -> r.result().stream())
                .sorted(Comparator.comparing(Waiting::since)).toList();
            List<AgentRow> people = agents.stream().filter(Agent::active)
                .map(a -> new AgentRow(a.id(), a.name(), a.team(), a.presence(), load.getOrDefault(a.id(), 0), a.capacity()))
                .toList();
            return new Board(now, people, waiting, Targets.of(waiting));
          });
        })));
  }

  /** The conversation's row if the customer waits: nobody answered their last message yet. */
  private Future<Optional<Waiting>> waiting(Conversation conversation, Map<String, Agent> agents, Instant now) {
    return store.messages().ofConversation(conversation.id()).compose(messages -> {
      Optional<Instant> since = unansweredSince(messages);
      if (since.isEmpty() && conversation.agentId() != null) {
        return Future.succeededFuture(Optional.<Waiting>empty());
      }
      Instant from = since.orElse(conversation.openedAt());
      boolean answered = messages.stream().anyMatch(m -> m.direction() == Message.Direction.OUTBOUND);
      Instant due = conversation.routing() == null || answered ? null : conversation.routing().firstResponseDue();
      Agent agent = conversation.agentId() == null ? null : agents.get(conversation.agentId());
      return store.customers().get(conversation.customerId()).map(customer -> Optional.of(new Waiting(
          conversation.id(), conversation.customerId(), customer.map(Customer::displayName).orElse(null),
          conversation.agentId(), agent == null ? null : agent.name(), conversation.channel(),
          conversation.routing() == null ? 0 : conversation.routing().priority(),
          from, Duration.between(from, now).toSeconds(), due, target(due, now))));
    });
  }

  /** When the customer wrote the first of their messages after the last answer; empty when answered. */
  static Optional<Instant> unansweredSince(List<Message> messages) {
    Instant since = null;
    for (Message m : messages) {
      if (m.isNote()) {
        continue; // a colleague's note answers nobody, and the customer did not write it
      }
      if (m.direction() == Message.Direction.OUTBOUND) {
        since = null;
      } else if (since == null) {
        since = m.at();
      }
    }
    return Optional.ofNullable(since);
  }

  static Target target(Instant due, Instant now) {
    if (due == null) {
      return Target.NONE;
    }
    if (!now.isBefore(due)) {
      return Target.MISSED;
    }
    return Duration.between(now, due).compareTo(AT_RISK) <= 0 ? Target.AT_RISK : Target.ON_TIME;
  }
}
