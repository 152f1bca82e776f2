package dev.relay.gateway.outbound;

import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.presence.Outlook;
import dev.relay.gateway.texts.TextKey;
import dev.relay.gateway.texts.Texts;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which catalogue text tells a customer who answers and when, and its arguments, from an
 * {@link Outlook}. Nothing promises more than the outlook holds: no time without an opening time,
 * no estimate without enough measurements. The shipped texts fit one GSM-7 SMS segment in English
 * and French with a name of up to 40 characters.
 */
final class AnswerTexts {

  record Text(TextKey key, Map<String, Object> arguments) {
  }

  private AnswerTexts() {
  }

  static Text of(Outlook outlook, Customer customer, String channel, Locale locale, Instant now) {
    String agent = outlook.agentName();
    boolean named = agent != null;
    return switch (outlook.state()) {
      case HERE -> named ? with(TextKey.NOTICE_AGENT_ANSWERS, agent) : new Text(TextKey.NOTICE_TEAM_HERE, Map.of());
      case AWAY -> named ? with(TextKey.NOTICE_OWNER_AWAY_WAIT, agent) : new Text(TextKey.NOTICE_TEAM_AWAY, Map.of());
      case BUSY -> outlook.expectedWait() == null
          ? (named ? with(TextKey.NOTICE_AGENT_BUSY, agent) : new Text(TextKey.NOTICE_TEAM_BUSY, Map.of()))
          : busyFor(named ? TextKey.NOTICE_AGENT_BUSY_ABOUT : TextKey.NOTICE_TEAM_BUSY_ABOUT, agent,
              outlook.expectedMinutes());
      case CLOSED -> outlook.back() == null
          ? (named ? with(TextKey.NOTICE_OWNER_AWAY_WAIT, agent) : new Text(TextKey.NOTICE_TEAM_AWAY, Map.of()))
          : back(named ? TextKey.NOTICE_AGENT_BACK : TextKey.NOTICE_TEAM_BACK, agent, outlook, customer, channel,
              locale, now);
    };
  }

  private static Text with(TextKey key, String agent) {
    return new Text(key, Map.of("agent", agent));
  }

  private static Text busyFor(TextKey key, String agent, int minutes) {
    Map<String, Object> arguments = new HashMap<>(Map.of("minutes", minutes));
    if (agent != null) {
      arguments.put("agent", agent);
    }
    return new Text(key, arguments);
  }

  /**
   * {@code day}: today, tomorrow, week (within six days: the weekday is enough) or other (the date
   * too); {@code own}: yes when the time is in the customer's own zone, else no (the text names the
   * city); {@code channel}: where the answer will come.
   */
  private static Text back(TextKey key, String agent, Outlook outlook, Customer customer, String channel,
                           Locale locale, Instant now) {
    ZoneId own = zoneOf(customer);
    ZoneId zone = own != null ? own : outlook.zone();
    ZonedDateTime at = outlook.back().atZone(zone);
    long days = ChronoUnit.DAYS.between(LocalDate.ofInstant(now, zone), at.toLocalDate());
    Map<String, Object> arguments = new HashMap<>(Texts.moment(at, locale));
    arguments.put("day", days == 0 ? "today" : days == 1 ? "tomorrow" : days < 7 ? "week" : "other");
    arguments.put("own", own != null ? "yes" : "no");
    arguments.put("channel", channel);
    if (agent != null) {
      arguments.put("agent", agent);
    }
    return new Text(key, arguments);
  }

  private static ZoneId zoneOf(Customer customer) {
    try {
      return customer.timezone() == null ? null : ZoneId.of(customer.timezone());
    } catch (DateTimeException e) {
      return null;
    }
  }
}
