package dev.relay.connector.twilio;

import dev.relay.connector.spi.Intent;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a text asks for in so many words, in English and French: the carriers' keywords (Twilio's
 * STOP/START/HELP family for long codes, and the French ARRET/AIDE Canadian carriers require beside
 * them), and a request to be called ("call me back", "Rappelez-moi", "pouvez-vous m'appeler",
 * "Vous pouvez me rappeler au 06 98 76 54 32 ?"). Anything longer is a message for the agent.
 */
final class SmsKeywords {

  // Twilio's opt-out keywords for long codes (Twilio itself answers them; we honour them), and ARRET.
  private static final Set<String> STOP = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "ARRET");
  private static final Set<String> START = Set.of("START", "YES", "UNSTOP");
  private static final Set<String> HELP = Set.of("HELP", "INFO", "AIDE");
  /** Keywords in French: Twilio does not answer them, so the gateway does, in French. */
  private static final Set<String> FRENCH = Set.of("ARRET", "AIDE");

  private static final String ASK = "(?:(?:PLEASE|SVP|STP|S'IL VOUS PLAIT|S'IL TE PLAIT|BONJOUR|HELLO|HI) *,? *)?(?:"
      + "(?:(?:CAN|COULD|WOULD) (?:YOU|SOMEONE) (?:PLEASE )?)?CALL ME(?: BACK)?"
      + "|(?:R?APPELEZ|R?APPELLE) MOI"
      + "|(?:(?:EST CE QUE )?(?:VOUS POUVEZ|TU PEUX)|POUVEZ VOUS|POURRIEZ VOUS|PEUX TU|POURRAIS TU) (?:ME RAPPELER|M'APPELER))";
  private static final String HOUR = "(?:AT|A|VERS|AROUND) (?:[0-9]{1,2}(?:[H:][0-9]{0,2})?(?: ?[AP]M)?|NOON|MIDI"
      + "|ONE|TWO|THREE|FOUR|FIVE|SIX|SEVEN|EIGHT|NINE|TEN|ELEVEN|TWELVE)";
  private static final String WHEN = "PLEASE|SVP|STP|S'IL VOUS PLAIT|S'IL TE PLAIT|MERCI|THANKS|THANK YOU|ASAP"
      + "|AS SOON AS POSSIBLE|DES QUE POSSIBLE|TODAY|TOMORROW|TONIGHT|(?:(?:THIS|IN THE) )?(?:MORNING|AFTERNOON|EVENING)"
      + "|AUJOURD'HUI|DEMAIN|CE MATIN|CE SOIR|CET APRES MIDI|MATIN|APRES MIDI|SOIR|DANS LA JOURNEE|" + HOUR;
  /** A number to call on: "au 06 98 76 54 32", "sur le +33 6…", "on (514) 555-0199", "at 514 555 0199". */
  private static final String NUMBER = "(?:AU|SUR LE|AU NUMERO|ON|AT) (?<phone>\\+?\\(?[0-9][0-9 ().]{5,22}[0-9])";
  private static final Pattern CALL_ME = Pattern.compile(ASK + "(?:[ ,]+(?:" + NUMBER + "|" + WHEN + "))*[ ?.!]*");

  private SmsKeywords() {
  }

  /** The request a text makes, or null when it is a message like any other. */
  static Intent intent(String body) {
    String said = plain(body);
    if (STOP.contains(said)) {
      return new Intent.OptOut();
    } else if (START.contains(said)) {
      return new Intent.OptIn();
    } else if (HELP.contains(said)) {
      return new Intent.Help();
    }
    Matcher call = CALL_ME.matcher(said);
    return call.matches() ? new Intent.CallbackRequest(call.group("phone"), null) : null;
  }

  /** "fr" when the text is a French carrier keyword (its answer is due in French), else null. */
  static String keywordLanguage(String body) {
    return FRENCH.contains(plain(body)) ? "fr" : null;
  }

  /**
   * Upper case without accents, apostrophes straight, hyphens and no-break spaces (French typing puts
   * one before "?") as spaces: "Rappelez-moi" and "RAPPELEZ MOI" alike.
   */
  private static String plain(String body) {
    return Normalizer.normalize(body.strip(), Normalizer.Form.NFD).replaceAll("\\p{M}", "")
        .replace('\u2019', '\'').replace('-', ' ').replace('\u00A0', ' ').replace('\u202F', ' ')
        .replaceAll("\\s+", " ").strip().toUpperCase(Locale.ROOT);
  }
}
