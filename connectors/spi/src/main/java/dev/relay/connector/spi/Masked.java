package dev.relay.connector.spi;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Personal data made safe for an operator's log: enough to recognise which address or number a
 * problem is about ({@code a***@exemple.fr}, {@code +33******32}), not enough to contact anyone.
 * For free text from outside (an SMTP server's refusal, a provider's error), {@link #text} masks
 * every address and number in it.
 */
public final class Masked {

  private static final Pattern EMAIL = Pattern.compile("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}.-]+\\.[\\p{L}]{2,}");
  /** International (+ and 8 to 15 digits, spaces allowed) or French/Québec national (06 98 76 54 32, 514 555 0199). */
  private static final Pattern PHONE = Pattern.compile(
      "\\+\\d(?:[ .-]?\\d){7,14}|\\b0\\d(?:[ .]?\\d{2}){4}\\b|\\b\\d{3}[ .-]\\d{3}[ .-]\\d{4}\\b");

  private Masked() {
  }

  public static String email(String address) {
    int at = address == null ? -1 : address.indexOf('@');
    return at < 1 ? "***" : address.charAt(0) + "***" + address.substring(at);
  }

  public static String phone(String number) {
    String digits = number == null ? "" : number.replaceAll("[^+\\d]", "");
    if (digits.length() < 6) {
      return "***";
    }
    int head = digits.startsWith("+") ? 3 : 2;
    return digits.substring(0, head) + "*".repeat(digits.length() - head - 2) + digits.substring(digits.length() - 2);
  }

  /** {@code text} with every e-mail address and phone number in it masked; null stays null. */
  public static String text(String text) {
    if (text == null) {
      return null;
    }
    String masked = replace(EMAIL.matcher(text), true);
    return replace(PHONE.matcher(masked), false);
  }

  private static String replace(Matcher found, boolean email) {
    StringBuilder out = new StringBuilder();
    while (found.find()) {
      found.appendReplacement(out, Matcher.quoteReplacement(email ? email(found.group()) : phone(found.group())));
    }
    found.appendTail(out);
    return out.toString();
  }
}
