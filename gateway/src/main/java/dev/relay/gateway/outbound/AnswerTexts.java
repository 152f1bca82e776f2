package dev.relay.gateway.outbound;

import dev.relay.gateway.presence.Outlook;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The words that tell a customer who answers and when, from an {@link Outlook}. Nothing here
 * promises more than the outlook holds: no time without an opening time or enough measurements.
 * Each text fits one GSM-7 SMS segment with a name of up to 40 characters.
 */
final class AnswerTexts {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter WEEKDAY = DateTimeFormatter.ofPattern("EEEE", Locale.ENGLISH);
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.ENGLISH);

  private AnswerTexts() {
  }

  /**
   * @param customerZone the customer's own zone, or null: then the time is given in the agent's
   *                     zone and says which ("Paris time")
   */
  static String of(Outlook outlook, ZoneId customerZone, Instant now) {
    String who = outlook.agentName();
    return switch (outlook.state()) {
      case HERE -> who != null ? who + " will answer you."
          : "Thanks, we have your message. Someone from our team will answer you here.";
      case BUSY -> (who != null ? who + " is with other customers" : "Thanks, we have your message. Our team is with other customers")
          + (outlook.expectedWait() != null ? "; about " + minutes(outlook.expectedWait()) + "."
          : who != null ? " and will answer you as soon as they can." : "; the first of us free will answer you here.");
      case AWAY -> who != null ? who + " is away from their desk right now and will answer you when back."
          : "Thanks, we have your message. Nobody is at their desk right now; the first of us back will answer you here.";
      case CLOSED -> outlook.back() == null
          ? (who != null ? who + " is away and will answer you when back." : "Thanks, we have your message. We are closed; we will answer you when back.")
          : (who != null ? who + " is back " : "Thanks, we have your message. We are back ")
              + when(outlook.back(), customerZone != null ? customerZone : outlook.zone(), customerZone != null, now)
              + (who != null ? " and will write back to you then." : " and will answer you then.");
    };
  }

  /** "tomorrow at 09:00 (your time)", "on Monday at 09:00 (Paris time)", "on Monday 4 May at 09:00 (your time)". */
  static String when(Instant at, ZoneId zone, boolean customersOwn, Instant now) {
    ZonedDateTime local = at.atZone(zone);
    LocalDate today = now.atZone(zone).toLocalDate();
    long days = ChronoUnit.DAYS.between(today, local.toLocalDate());
    String day = days == 0 ? "today" : days == 1 ? "tomorrow"
        : days < 7 ? "on " + WEEKDAY.format(local) : "on " + DATE.format(local);
    return day + " at " + TIME.format(local) + " (" + (customersOwn ? "your" : city(zone)) + " time)";
  }

  private static String city(ZoneId zone) {
    String id = zone.getId();
    return id.contains("/") ? id.substring(id.lastIndexOf('/') + 1).replace('_', ' ') : id;
  }

  private static String minutes(Duration wait) {
    long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
    return minutes == 1 ? "a minute" : minutes + " minutes";
  }
}
