package dev.relay.connector.twilio;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The SMS channel's settings: {@code TWILIO_ACCOUNT_SID}, {@code TWILIO_AUTH_TOKEN} (a secret, from
 * the environment only), {@code RELAY_TWILIO_NUMBER}, {@code RELAY_PUBLIC_URL} (how Twilio reaches
 * us: webhooks are signed against it) and {@code RELAY_TWILIO_API_BASE} (Twilio's own by default).
 *
 * @param signature how texts are signed; {@code {agent}} becomes the agent's name
 * @param timeout   how long a call to Twilio may take before it counts as failed (and is retried later)
 */
public record TwilioOptions(String accountSid, String authToken, String number, URI publicUrl, URI apiBase,
                            String signature, java.time.Duration timeout) {

  public static final URI TWILIO_API = URI.create("https://api.twilio.com");
  /** GSM-7 only: one character outside it (an em dash, an emoji) makes every segment hold 70, not 160. */
  public static final String DEFAULT_SIGNATURE = "- {agent}";

  public static TwilioOptions parse(String accountSid, String authToken, String number, String publicUrl,
                                    String apiBase, String signature, java.time.Duration timeout) {
    List<String> problems = new ArrayList<>();
    if (accountSid == null || !accountSid.matches("AC[0-9a-fA-F]{32}")) {
      problems.add("TWILIO_ACCOUNT_SID must be your account SID (AC followed by 32 hex digits)");
    }
    if (authToken == null || authToken.isBlank()) {
      problems.add("TWILIO_AUTH_TOKEN is required");
    }
    String e164 = ownNumber(number);
    if (e164 == null) {
      problems.add("RELAY_TWILIO_NUMBER must be your Twilio number in international form: + and the country code, "
          + "e.g. +15551234567 or +33612345678");
    }
    URI pub = url(publicUrl, "RELAY_PUBLIC_URL", problems);
    URI base = apiBase == null || apiBase.isBlank() ? TWILIO_API : url(apiBase, "RELAY_TWILIO_API_BASE", problems);
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      problems.add("the Twilio timeout must be positive");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new TwilioOptions(accountSid, authToken.strip(), e164, pub, base,
        signature == null || signature.isBlank() ? DEFAULT_SIGNATURE : signature,
        timeout == null ? java.time.Duration.ofSeconds(10) : timeout);
  }

  private static URI url(String raw, String name, List<String> problems) {
    try {
      URI uri = raw == null ? null : URI.create(raw.strip().replaceAll("/+$", ""));
      if (uri == null || uri.getHost() == null || !List.of("http", "https").contains(uri.getScheme())) {
        problems.add(name + " must be an http(s) URL, e.g. https://relay.example.com");
        return null;
      }
      return uri;
    } catch (IllegalArgumentException e) {
      problems.add(name + " is not a valid URL");
      return null;
    }
  }

  /**
   * The company's own Twilio number in E.164, or null. Twilio sold it, so it only has to be a
   * possible international number: libphonenumber's stricter "valid" refuses numbers its metadata
   * does not know yet and the 555 numbers of examples.
   */
  static String ownNumber(String raw) {
    return raw == null || !raw.strip().startsWith("+") ? null : international(raw, PhoneNumberUtil::isPossibleNumber);
  }

  /** A number in E.164, or null when it is not a valid international number. */
  static String e164(String raw) {
    return raw == null || raw.isBlank() ? null : international(raw, PhoneNumberUtil::isValidNumber);
  }

  private static String international(String raw,
      java.util.function.BiPredicate<PhoneNumberUtil, com.google.i18n.phonenumbers.Phonenumber.PhoneNumber> good) {
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    try {
      var number = util.parse(raw.strip(), "ZZ");
      return good.test(util, number) ? util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164) : null;
    } catch (NumberParseException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "TwilioOptions[accountSid=" + accountSid + ", number=" + number + ", publicUrl=" + publicUrl
        + ", apiBase=" + apiBase + ", authToken=***]";
  }
}
