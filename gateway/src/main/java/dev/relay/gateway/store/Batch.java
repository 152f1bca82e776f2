package dev.relay.gateway.store;

import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Job;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Changes to many records that {@link Store#apply} makes together or not at all: if any change
 * fails (its function throws, a record is gone, an index conflicts), every record stays as it was
 * and no audit entry is written. A hand-over moves a thousand customers this way.
 *
 * @param customers     customer id → its change
 * @param conversations conversation id → its change
 * @param jobs          job id → its change
 * @param audit         entries written with the changes
 */
public record Batch(Map<String, UnaryOperator<Customer>> customers,
                    Map<String, UnaryOperator<Conversation>> conversations,
                    Map<String, UnaryOperator<Job>> jobs,
                    List<Audit> audit) {

  public Batch {
    customers = Map.copyOf(customers);
    conversations = Map.copyOf(conversations);
    jobs = Map.copyOf(jobs);
    audit = List.copyOf(audit);
  }

  /** An audit entry to write with the batch; the store numbers it. */
  public record Audit(String actor, String action, String target, Map<String, Object> details, Instant at) {
  }
}
