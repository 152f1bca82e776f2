package dev.relay.gateway.calls;

import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.schedule.AgentHours;
import dev.relay.gateway.domain.Availability;
import dev.relay.gateway.domain.WorkingHours;
import dev.relay.routing.FollowUpPolicy;
import dev.relay.routing.RuleSetParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * When a call may be placed: the agent works (their hours, holidays and leave) and the customer's
 * window is open in the customer's time zone (the routing decision's follow-up window, 09:00–18:00
 * by default).
 */
public final class CallWindows {

  static final int OFFERED_SLOTS = 6;
  static final int SLOTS_PER_DAY = 3;
  static final Duration SLOT_STEP = Duration.ofMinutes(30);

  private final Supplier<AgentHours> hours;

  /** @param hours the hours in force (admins change them at run time) */
  public CallWindows(Supplier<AgentHours> hours) {
    this.hours = hours;
  }

  /** When both may talk; {@code agent} null means whoever answers for the company (its hours). */
  public Availability of(Agent agent, ZoneId customerZone, FollowUpPolicy window) {
    AgentHours now = hours.get();
    Availability works = agent == null
        ? (now.company() == null ? Availability.ALWAYS : now.company())
        : now.of(agent);
    if (window == null || window.from() == null || window.until() == null) {
      return works;
    }
    return works.and(WorkingHours.daily(customerZone, window.from(), window.until()));
  }

  /** The first moment at or after {@code due} when both may talk; empty when there is none within a year. */
  public Optional<Instant> place(Instant due, Agent agent, Customer customer, FollowUpPolicy window) {
    return of(agent, zoneOf(customer), window).earliestOpen(due);
  }

  /** Times to offer a customer who asks to be called when nobody can call now. */
  public List<Instant> offer(Instant from, Agent agent, ZoneId customerZone, FollowUpPolicy window) {
    return of(agent, customerZone, window).slots(from, OFFERED_SLOTS, SLOT_STEP, SLOTS_PER_DAY, customerZone);
  }

  public static ZoneId zoneOf(Customer customer) {
    return customer == null ? ZoneOffset.UTC : zone(customer.timezone()).orElse(ZoneOffset.UTC);
  }

  public static Optional<ZoneId> zone(String id) {
    try {
      return id == null ? Optional.empty() : Optional.of(ZoneId.of(id));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /** The window calls of this conversation keep to: its routing decision's, or the built-in one. */
  public static FollowUpPolicy windowOf(Conversation conversation) {
    return conversation == null || conversation.routing() == null || conversation.routing().followUp() == null
        ? RuleSetParser.BUILT_IN_DEFAULTS.followUp() : conversation.routing().followUp();
  }
}
