package dev.relay.gateway.quality;

import dev.relay.gateway.domain.RelayException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The days a report covers, {@code from} and {@code to} both included (UTC dates, YYYY-MM-DD): by
 * default the last 28 days up to today; at most {@link #LONGEST} days.
 */
record ReportPeriod(LocalDate from, LocalDate to) {

  static final int LONGEST = 366;
  static final int DEFAULT_DAYS = 28;

  static ReportPeriod parse(String from, String to, Clock clock) {
    List<String> problems = new ArrayList<>();
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    LocalDate end = date("to", to, today, problems);
    LocalDate start = date("from", from, end == null ? today.minusDays(DEFAULT_DAYS - 1) : end.minusDays(DEFAULT_DAYS - 1),
        problems);
    if (start != null && end != null) {
      if (end.isBefore(start)) {
        problems.add("to: must not be before from");
      } else if (ChronoUnit.DAYS.between(start, end) + 1 > LONGEST) {
        problems.add("from, to: a report covers at most " + LONGEST + " days");
      }
    }
    if (!problems.isEmpty()) {
      throw RelayException.invalid(problems);
    }
    return new ReportPeriod(start, end);
  }

  private static LocalDate date(String name, String value, LocalDate fallback, List<String> problems) {
    if (value == null) {
      return fallback;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      problems.add(name + ": a date as YYYY-MM-DD, e.g. 2026-03-02");
      return null;
    }
  }

  Instant start() {
    return from.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The first instant after the period. */
  Instant end() {
    return to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  boolean contains(Instant at) {
    return at != null && !at.isBefore(start()) && at.isBefore(end());
  }
}
