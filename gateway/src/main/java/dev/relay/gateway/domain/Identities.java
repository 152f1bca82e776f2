package dev.relay.gateway.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Normalises the addresses people type, so the same person is recognised however they wrote it:
 * e-mail addresses lower-cased and trimmed. Phone numbers are read by {@link PhoneNumbers}.
 */
public final class Identities {

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  // Deliberately plain: a mailbox, one @, a dotted domain. Delivery is the real test.
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");

  private Identities() {
  }

  public static Optional<String> email(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String email = raw.strip().toLowerCase(Locale.ROOT);
    return email.length() <= 254 && EMAIL.matcher(email).matches() ? Optional.of(email) : Optional.empty();
  }

  /**
   * The time zone of an E.164 number's place, when the number pins one down (a country or area with
   * a single zone); empty when it spans several zones or is unknown.
   */
  public static Optional<String> timezone(String e164) {
    try {
      var number = PHONES.parse(e164, "ZZ");
      var zones = com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper.getInstance().getTimeZonesForNumber(number);
      return zones.size() == 1 && !zones.get(0).equals(com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper
          .getUnknownTimeZone()) ? Optional.of(zones.get(0)) : Optional.empty();
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }
}
