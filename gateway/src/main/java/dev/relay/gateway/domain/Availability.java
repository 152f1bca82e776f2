package dev.relay.gateway.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Times when something may happen: an agent works, a customer may be called, or both. */
@FunctionalInterface
public interface Availability {

  Availability ALWAYS = Optional::of;

  /** The first open instant at or after {@code from}; empty when there is none within a year. */
  Optional<Instant> earliestOpen(Instant from);

  default boolean isOpen(Instant at) {
    return earliestOpen(at).filter(at::equals).isPresent();
  }

  /** When the open stretch {@code at} falls in ends; empty when it does not end (or {@code at} is closed). */
  default Optional<Instant> closesAfter(Instant at) {
    return Optional.empty();
  }

  /** Open when both are: each side's next opening is tried until they meet. */
  default Availability and(Availability other) {
    return from -> {
      Optional<Instant> candidate = earliestOpen(from);
      for (int i = 0; i < 2_000 && candidate.isPresent(); i++) {
        Optional<Instant> theirs = other.earliestOpen(candidate.get());
        if (theirs.isEmpty() || theirs.equals(candidate)) {
          return theirs;
        }
        candidate = earliestOpen(theirs.get());
      }
      return Optional.empty();
    };
  }

  /**
   * Up to {@code count} times to offer a customer, each on a {@code step} boundary, at most
   * {@code perDay} per day in {@code zone}, so the offer spans several days.
   */
  default List<Instant> slots(Instant from, int count, Duration step, int perDay, ZoneId zone) {
    List<Instant> slots = new ArrayList<>();
    Instant cursor = from;
    while (slots.size() < count) {
      Optional<Instant> open = earliestOpen(cursor);
      if (open.isEmpty()) {
        break;
      }
      Instant slot = roundUp(open.get(), step);
      if (!isOpen(slot)) {
        cursor = slot;
        continue;
      }
      slots.add(slot);
      long sameDay = slots.stream()
          .filter(s -> s.atZone(zone).toLocalDate().equals(slot.atZone(zone).toLocalDate())).count();
      cursor = sameDay >= perDay
          ? slot.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant()
          : slot.plus(step);
    }
    return slots;
  }

  private static Instant roundUp(Instant t, Duration step) {
    long stepSeconds = step.getSeconds();
    long seconds = t.truncatedTo(ChronoUnit.SECONDS).getEpochSecond();
    if (t.getNano() > 0) {
      seconds++;
    }
    long rounded = Math.floorDiv(seconds + stepSeconds - 1, stepSeconds) * stepSeconds;
    return Instant.ofEpochSecond(rounded);
  }
}
