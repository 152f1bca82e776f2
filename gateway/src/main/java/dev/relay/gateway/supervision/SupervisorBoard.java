package dev.relay.gateway.supervision;

import dev.relay.gateway.callback.Callbacks;
import dev.relay.gateway.calls.CallJob;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Job;
import dev.relay.gateway.followup.FollowUps;
import dev.relay.gateway.targets.FirstResponse;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.domain.Presence;
import dev.relay.gateway.domain.Reachability;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What a supervisor sees at a glance: who is online and how loaded against their capacity, which
 * customers wait for an answer and since when (longest first), which first-response targets are at
 * risk (within the rule's {@code escalation.warnBefore}) or missed, and the callbacks and follow-ups
 * due by the end of the company's day. Computed from the store when asked, so every replica shows the same.
 */
public final class SupervisorBoard {

  private final Store store;
  private final Supplier<ZoneId> companyZone;
  private final Clock clock;

  /** @param companyZone where "today" is: the zone of the company's hours */
  public SupervisorBoard(Store store, Supplier<ZoneId> companyZone, Clock clock) {
    this.store = store;
    this.companyZone = companyZone;
    this.clock = clock;
  }

  /**
   * @param presence     what the agent chose (online, away, offline)
   * @param reachability whether they can answer now, as last computed (hours, an open desk, their choice)
   */
  public record AgentRow(String id, String name, String team, Presence presence, Reachability reachability, int load,
                         int capacity) {
  }

  /**
   * A customer waiting for an answer.
   *
   * @param since    when they wrote the message still unanswered (or the conversation opened)
   * @param agentId  who should answer; null while nobody has been assigned
   */
  public record Waiting(String conversationId, String customerId, String customerName, String agentId, String agentName,
                        String channel, int priority, Instant since, long waitingSeconds, Instant firstResponseDue,
                        FirstResponse target) {
  }

  /**
   * A call planned by the end of today (or already late): a callback promised or asked for, or the
   * check-in after a resolution.
   *
   * @param kind {@code callback} or {@code follow-up}
   */
  public record Due(String kind, String jobId, Instant dueAt, boolean late, String customerId, String customerName,
                    String agentId, String agentName) {
  }

  /** Today's calls, soonest first, and how many of each kind. */
  public record DueToday(Instant until, long callbacks, long followUps, List<Due> calls) {
  }

  /** How many of the waiting customers' first answers are on time, at risk, missed. */
  public record Targets(long onTime, long atRisk, long missed) {
    static Targets of(List<Waiting> waiting) {
      Map<FirstResponse, Long> counts = waiting.stream()
          .collect(Collectors.groupingBy(Waiting::target, Collectors.counting()));
      return new Targets(counts.getOrDefault(FirstResponse.ON_TIME, 0L), counts.getOrDefault(FirstResponse.AT_RISK, 0L),
          counts.getOrDefault(FirstResponse.MISSED, 0L));
    }
  }

  public record Board(Instant at, List<AgentRow> agents, List<Waiting> waiting, Targets targets, DueToday today) {
  }

  public Future<Board> board() {
    Instant now = clock.instant();
    return store.agents().list().compose(agents -> store.conversations().openLoad().compose(load ->
        store.conversations().list(null, Conversation.Status.OPEN, false).compose(open -> {
          Map<String, Agent> byId = agents.stream().collect(Collectors.toMap(Agent::id, Function.identity()));
          List<Future<Optional<Waiting>>> rows = open.stream().map(c -> waiting(c, byId, now)).toList();
          return Future.all(rows).compose(done -> dueToday(byId, now).map(today -> {
            List<Waiting> waiting = rows.stream().flatMap(r -> r.result().stream())
                .sorted(Comparator.comparing(Waiting::since)).toList();
            List<AgentRow> people = agents.stream().filter(Agent::active)
                .map(a -> new AgentRow(a.id(), a.name(), a.team(), a.presence(),
                    a.reachability() == null ? Reachability.AWAY : a.reachability(), load.getOrDefault(a.id(), 0),
                    a.capacity()))
                .toList();
            return new Board(now, people, waiting, Targets.of(waiting), today);
          }));
        })));
  }

  /** Pending callbacks and follow-ups due before the company's midnight. */
  private Future<DueToday> dueToday(Map<String, Agent> agents, Instant now) {
    ZoneId zone = companyZone.get();
    Instant until = LocalDate.ofInstant(now, zone).plusDays(1).atStartOfDay(zone).toInstant();
    Future<List<Job>> callbacks = store.jobs().list(Callbacks.JOB, Job.State.PENDING, null, null);
    Future<List<Job>> followUps = store.jobs().list(FollowUps.JOB, Job.State.PENDING, null, null);
    return Future.all(callbacks, followUps).compose(all -> {
      List<Job> due = java.util.stream.Stream.concat(callbacks.result().stream(), followUps.result().stream())
          .filter(j -> j.dueAt().isBefore(until)).sorted(Comparator.comparing(Job::dueAt)).toList();
      List<Future<Due>> rows = due.stream().map(job -> {
        CallJob call = CallJob.fromMap(job.payload());
        Agent agent = agents.get(call.agentId());
        return store.customers().get(call.customerId()).map(customer -> new Due(job.kind(), job.id(), job.dueAt(),
            job.dueAt().isBefore(now), call.customerId(), customer.map(Customer::displayName).orElse(null), call.agentId(),
            agent == null ? null : agent.name()));
      }).toList();
      return Future.all(rows).map(done -> {
        List<Due> calls = rows.stream().map(Future::result).toList();
        return new DueToday(until, calls.stream().filter(d -> Callbacks.JOB.equals(d.kind())).count(),
            calls.stream().filter(d -> FollowUps.JOB.equals(d.kind())).count(), calls);
      });
    });
  }

  /** The conversation's row if the customer waits: nobody answered their last message yet. */
  private Future<Optional<Waiting>> waiting(Conversation conversation, Map<String, Agent> agents, Instant now) {
    return store.messages().ofConversation(conversation.id()).compose(messages -> {
      Optional<Instant> since = unansweredSince(messages);
      if (since.isEmpty() && conversation.agentId() != null) {
        return Future.succeededFuture(Optional.<Waiting>empty());
      }
      Instant from = since.orElse(conversation.openedAt());
      Instant due = FirstResponse.due(conversation.routing(), messages);
      Agent agent = conversation.agentId() == null ? null : agents.get(conversation.agentId());
      return store.customers().get(conversation.customerId()).map(customer -> Optional.of(new Waiting(
          conversation.id(), conversation.customerId(), customer.map(Customer::displayName).orElse(null),
          conversation.agentId(), agent == null ? null : agent.name(), conversation.channel(),
          conversation.routing() == null ? 0 : conversation.routing().priority(),
          from, Duration.between(from, now).toSeconds(), due, FirstResponse.of(conversation.routing(), messages, now))));
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
}
