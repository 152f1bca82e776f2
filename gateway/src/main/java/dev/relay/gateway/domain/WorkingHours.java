package dev.relay.gateway.domain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * When an agent (or a team, or the company) works: hours per weekday and holidays, in an IANA time
 * zone. Written the same way in the YAML config, the admin API and the store:
 * <pre>{"timezone": "Europe/Oslo", "week": {"mon": ["09:00-12:00", "13:00-17:00"], ...},
 *  "holidays": ["2026-12-25", "2026-12-24..2026-12-31"]}</pre>
 * A weekday left out is a day off. Call {@link #problems(String)} before using a value from outside.
 */
public record WorkingHours(String timezone, Map<String, List<String>> week, List<String> holidays)
    implements Availability {

  public static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
      "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY,
      "sun", DayOfWeek.SUNDAY);
  private static final int MAX_RANGES = 8;
  private static final int MAX_HOLIDAYS = 400;
  /** How far ahead an opening is looked for: a year covers any leave. */
  private static final int HORIZON_DAYS = 400;

  public WorkingHours {
    week = week == null ? Map.of() : Map.copyOf(week);
    holidays = holidays == null ? List.of() : List.copyOf(holidays);
  }

  /** Everything wrong with these hours, each prefixed with {@code where}; empty when they are usable. */
  public List<String> problems(String where) {
    List<String> problems = new ArrayList<>();
    String at = where.isEmpty() ? "" : where + ".";
    try {
      ZoneId.of(timezone == null ? "" : timezone);
    } catch (DateTimeException e) {
      problems.add(at + "timezone: must be an IANA time zone such as Europe/Oslo");
    }
    week.forEach((day, ranges) -> {
      if (!DAYS.containsKey(day)) {
        problems.add(at + "week." + day + ": not a day (use mon, tue, wed, thu, fri, sat, sun)");
      } else if (ranges == null || ranges.size() > MAX_RANGES) {
        problems.add(at + "week." + day + ": must be a list of at most " + MAX_RANGES + " ranges");
      } else {
        for (String range : ranges) {
          if (parseRange(range) == null) {
            problems.add(at + "week." + day + ": \"" + range + "\" is not a range such as 09:00-17:00");
          }
        }
      }
    });
    if (holidays.size() > MAX_HOLIDAYS) {
      problems.add(at + "holidays: at most " + MAX_HOLIDAYS + " entries");
    }
    for (String holiday : holidays) {
      if (parseDates(holiday) == null) {
        problems.add(at + "holidays: \"" + holiday + "\" is not a date (2026-12-25) or range (2026-12-24..2026-12-31)");
      }
    }
    return problems;
  }

  /** The same range every day, e.g. a customer's 09:00–18:00 window for calls. */
  public static WorkingHours daily(ZoneId zone, LocalTime from, LocalTime until) {
    List<String> range = List.of(from + "-" + (until.equals(LocalTime.MIDNIGHT) ? "24:00" : until.toString()));
    Map<String, List<String>> week = new java.util.HashMap<>();
    DAYS.keySet().forEach(day -> week.put(day, range));
    return new WorkingHours(zone.getId(), week, List.of());
  }

  /** These hours with more days off (the team's and the company's holidays apply to everyone). */
  public WorkingHours plusHolidays(List<String> more) {
    List<String> all = new ArrayList<>(holidays);
    all.addAll(more);
    return new WorkingHours(timezone, week, all);
  }

  @JsonIgnore
  ZoneId zone() {
    return ZoneId.of(timezone);
  }

  @Override
  public Optional<Instant> earliestOpen(Instant from) {
    ZoneId zone = zone();
    ZonedDateTime local = from.atZone(zone);
    LocalDate day = local.toLocalDate();
    for (int i = 0; i <= HORIZON_DAYS; i++, day = day.plusDays(1)) {
      if (isHoliday(day)) {
        continue;
      }
      for (LocalTime[] range : rangesOf(day.getDayOfWeek())) {
        Instant start = day.atTime(range[0]).atZone(zone).toInstant();
        Instant end = endOf(day, range[1], zone);
        if (end.isAfter(from)) {
          return Optional.of(start.isAfter(from) ? start : from);
        }
      }
    }
    return Optional.empty();
  }

  /** Ranges that touch (17:00-24:00 then 00:00-02:00) run on: the stretch ends where the next does not start. */
  @Override
  public Optional<Instant> closesAfter(Instant at) {
    Optional<Instant> end = Optional.empty();
    Instant cursor = at;
    for (int i = 0; i < MAX_RANGES * 7 && isOpen(cursor); i++) {
      end = endOfRangeAt(cursor);
      if (end.isEmpty()) {
        break;
      }
      cursor = end.get();
    }
    return end;
  }

  private Optional<Instant> endOfRangeAt(Instant at) {
    ZoneId zone = zone();
    LocalDate day = at.atZone(zone).toLocalDate();
    Instant latest = null;
    for (LocalTime[] range : rangesOf(day.getDayOfWeek())) {
      Instant start = day.atTime(range[0]).atZone(zone).toInstant();
      Instant end = endOf(day, range[1], zone);
      if (!start.isAfter(at) && end.isAfter(at) && (latest == null || end.isAfter(latest))) {
        latest = end;
      }
    }
    return Optional.ofNullable(latest);
  }

  private static Instant endOf(LocalDate day, LocalTime end, ZoneId zone) {
    // "-24:00" is written 00:00: the end of the day.
    return end.equals(LocalTime.MIDNIGHT) ? day.plusDays(1).atStartOfDay(zone).toInstant()
        : day.atTime(end).atZone(zone).toInstant();
  }

  private List<LocalTime[]> rangesOf(DayOfWeek day) {
    List<LocalTime[]> ranges = new ArrayList<>();
    week.forEach((name, list) -> {
      if (DAYS.get(name.toLowerCase(Locale.ROOT)) == day) {
        list.stream().map(WorkingHours::parseRange).forEach(ranges::add);
      }
    });
    ranges.sort((a, b) -> a[0].compareTo(b[0]));
    return ranges;
  }

  private boolean isHoliday(LocalDate day) {
    for (String holiday : holidays) {
      LocalDate[] dates = parseDates(holiday);
      if (!day.isBefore(dates[0]) && !day.isAfter(dates[1])) {
        return true;
      }
    }
    return false;
  }

  private static LocalTime[] parseRange(String range) {
    if (range == null) {
      return null;
    }
    String[] parts = range.strip().split("\\s*-\\s*");
    try {
      if (parts.length != 2) {
        return null;
      }
      LocalTime start = LocalTime.parse(parts[0]);
      LocalTime end = parts[1].equals("24:00") ? LocalTime.MIDNIGHT : LocalTime.parse(parts[1]);
      return end.equals(LocalTime.MIDNIGHT) || end.isAfter(start) ? new LocalTime[] {start, end} : null;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static LocalDate[] parseDates(String holiday) {
    if (holiday == null) {
      return null;
    }
    String[] parts = holiday.strip().split("\\.\\.");
    try {
      LocalDate first = LocalDate.parse(parts[0].strip());
      LocalDate last = parts.length == 2 ? LocalDate.parse(parts[1].strip()) : first;
      return parts.length <= 2 && !last.isBefore(first) ? new LocalDate[] {first, last} : null;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The allowed field names of a JSON body, for the API's reader. */
  public static final Set<String> FIELDS = Set.of("timezone", "week", "holidays");
}
