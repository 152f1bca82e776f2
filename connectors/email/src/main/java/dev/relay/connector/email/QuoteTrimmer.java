package dev.relay.connector.email;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds where the new text of a reply ends: at the first header a mail client writes above the
 * history it quotes, a block of "&gt;" lines, or the signature marker. Each client writes its own header,
 * in the user's language; the markers below are what Outlook, Gmail, Apple Mail and Thunderbird write
 * in French and English (the language issue adds more by adding a pattern here).
 */
final class QuoteTrimmer {

  /** French typography puts a (often non-breaking) space before the colon: "De :", "a écrit :". */
  private static final String COLON = "[ \\t\\u00a0\\u202f]*:";

  /**
   * One line, or two: Gmail wraps a long attribution ("Le lun. 3 mars 2025 à 10:12, Marie Dupont &lt;\nmarie@…&gt; a écrit :").
   * The attribution must end its line, so a sentence that merely contains "wrote:" is not cut.
   */
  private static final List<Pattern> ATTRIBUTIONS = List.of(
      // Gmail, Apple Mail, Thunderbird in French: "Le lun. 3 mars 2025 à 10:12, Marie <m@x> a écrit :",
      // "Le 3 mars 2025 à 10:12, Marie Dupont <m@x> a écrit :", "Le 03/03/2025 à 10:12, Marie a écrit :"
      Pattern.compile("(?m)^Le [^\\n]{1,200}(?:\\n[^\\n]{1,200})?\\sa [ée]crit" + COLON + "\\s*$"),
      // Gmail, Apple Mail, Thunderbird in English: "On Mon, Mar 3, 2025 at 10:12 AM Marie <m@x> wrote:"
      Pattern.compile("(?m)^On [^\\n]{1,200}(?:\\n[^\\n]{1,200})?\\swrote" + COLON + "\\s*$"),
      Pattern.compile("(?m)^Am [^\\n]{1,200}(?:\\n[^\\n]{1,200})?\\sschrieb[^\\n]{0,100}" + COLON + "\\s*$"),
      // Outlook's separator lines
      Pattern.compile("(?m)^[ \\t]*-{2,}[ \\t]*(?:Original Message|Message d'origine|Message d’origine|Forwarded message"
          + "|Message transféré|Courriel original)[ \\t]*-{2,}[ \\t]*$"),
      // Outlook's header block: "De : …" then, within a few lines, "Envoyé :", "Date :", "À :" or "Objet :"
      Pattern.compile("(?m)^[*]?(?:De|From)" + COLON + "[^\\n]*\\n(?:[^\\n]*\\n){0,3}[*]?(?:Envoyé|Sent|Date|À|A|To|Objet|Subject)"
          + COLON));
  private static final Pattern SIGNATURE = Pattern.compile("(?m)^-- ?$");
  /** What is left above a cut quote: "&gt;" lines, blank lines, Outlook's rule of underscores. */
  private static final Pattern TRAILER = Pattern.compile(">.*|\\s*|\\s*_{5,}\\s*");

  private QuoteTrimmer() {
  }

  /** The new text only; the whole text when trimming would leave nothing. */
  static String trimmed(String full) {
    String text = full;
    int cut = text.length();
    for (Pattern attribution : ATTRIBUTIONS) {
      Matcher m = attribution.matcher(text);
      if (m.find() && m.start() > 0 && m.start() < cut) {
        cut = m.start();
      }
    }
    text = text.substring(0, cut);
    Matcher signature = SIGNATURE.matcher(text);
    if (signature.find() && signature.start() > 0) {
      text = text.substring(0, signature.start());
    }
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    while (!lines.isEmpty() && TRAILER.matcher(lines.get(lines.size() - 1)).matches()) {
      lines.remove(lines.size() - 1);
    }
    String result = String.join("\n", lines).strip();
    return result.isEmpty() ? full : result;
  }
}
