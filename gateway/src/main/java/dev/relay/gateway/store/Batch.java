package dev.relay.gateway.store;

import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Job;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Changes to many records that {@link Store#apply} makes together or not at all: if any change
 * fails (its function throws, a record is gone, an index conflicts), every record stays as it was
 * and no audit entry is written. A hand-over moves a thousand customers this way; a routed message
 * touches its conversation, puts its events in the agent's inbox and clears its routing note in one.
 *
 * @param customers     customer id → its change
 * @param conversations conversation id → its change
 * @param jobs          job id → its change
 * @param audit         entries written with the changes
 * @param events        agent events appended with the changes, in this order
 * @param routed        messages whose routing note the batch clears ({@link MessageStore#routed})
 */
public record Batch(Map<String, UnaryOperator<Customer>> customers,
                    Map<String, UnaryOperator<Conversation>> conversations,
                    Map<String, UnaryOperator<Job>> jobs,
                    List<Audit> audit,
                    List<Event> events,
                    Set<String> routed) {

  public Batch {
    customers = Map.copyOf(customers);
    conversations = Map.copyOf(conversations);
    jobs = Map.copyOf(jobs);
    audit = List.copyOf(audit);
    events = List.copyOf(events);
    routed = Set.copyOf(routed);
  }

  /** Records and audit entries only. */
  public Batch(Map<String, UnaryOperator<Customer>> customers, Map<String, UnaryOperator<Conversation>> conversations,
               Map<String, UnaryOperator<Job>> jobs, List<Audit> audit) {
    this(customers, conversations, jobs, audit, List.of(), Set.of());
  }

  /** An audit entry to write with the batch; the store numbers it. */
  public record Audit(String actor, String action, String target, Map<String, Object> details, Instant at) {
  }

  /** An event for an agent's inbox ({@link InboxStore#append}); the store numbers it. */
  public record Event(String agentId, String type, Map<String, Object> data, Instant at) {
  }

  /** What the batch wrote that its caller passes on: the events as appended, in the batch's order. */
  public record Applied(List<InboxStore.Appended> events) {
  }
}
