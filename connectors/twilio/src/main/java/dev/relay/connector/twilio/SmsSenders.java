package dev.relay.connector.twilio;

import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.ChannelMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who sent an inbound text. A valid international number is the customer's phone; anything else
 * Twilio passes on (a short code, an alphanumeric sender ID, a number without its country code) is
 * still a sender: the text is stored under that raw identity, never refused (Twilio does not
 * retry a 4xx, so a refusal would lose it), and counted, since replies cannot reach it.
 */
final class SmsSenders {

  private static final Logger LOG = LoggerFactory.getLogger(SmsSenders.class);

  private SmsSenders() {
  }

  /** The sender's address, or null when Twilio sent none. */
  static Address of(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String e164 = TwilioOptions.e164(raw);
    return e164 != null ? new Address(Address.PHONE, e164) : new Address(Address.SMS_SENDER, raw.strip());
  }

  /** A sender we cannot text back is logged (by its kind, not its value) and counted. */
  static void noteUnreplyable(Address from, ChannelMetrics metrics) {
    if (Address.SMS_SENDER.equals(from.kind())) {
      metrics.unreplyableSender();
      LOG.atInfo().addKeyValue("sender", kind(from.value()))
          .log("text from a sender that is not an international phone number; stored, replies cannot go back by SMS");
    }
  }

  /** For a raw sender, the name the agent sees says why they cannot answer by text; a phone has none. */
  static String shownName(Address from) {
    return Address.SMS_SENDER.equals(from.kind())
        ? from.value() + " (" + kind(from.value()) + ": texts cannot be sent back)" : null;
  }

  private static String kind(String value) {
    if (value.chars().anyMatch(Character::isLetter)) {
      return "sender name";
    }
    return value.replaceAll("\\D", "").length() <= 8 ? "short code" : "number without country code";
  }
}
