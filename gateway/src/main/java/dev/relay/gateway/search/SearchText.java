package dev.relay.gateway.search;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Text as search compares it: without accents, case or extra spaces, so "ete" finds "été" and
 * "francois" finds "François"; typographic apostrophes are plain ones (Outlook writes "l’été").
 */
final class SearchText {

  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private SearchText() {
  }

  static String fold(String text) {
    if (text == null) {
      return "";
    }
    String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
    String plain = MARKS.matcher(decomposed).replaceAll("").replace('’', '\'').replace('œ', 'o').replace('Œ', 'O');
    return SPACES.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
  }

  static List<String> words(String folded) {
    return Arrays.stream(folded.split(" ")).filter(w -> !w.isEmpty()).toList();
  }

  /** The digits of a phone number as typed: "(514) 555-0199" → "5145550199". */
  static String digits(String text) {
    return text.replaceAll("[^0-9]", "");
  }

  /** Whether the query is a phone number as people write it: digits, spaces, + ( ) . - only, at least six digits. */
  static boolean looksLikePhone(String query) {
    return query.matches("[0-9+().\\-\\s\\u00a0]+") && digits(query).length() >= 6;
  }

  /**
   * Where {@code folded} (a message's text, folded) holds {@code query}: about 80 characters around
   * the first hit, from the original text; null when it does not.
   */
  static String snippet(String original, String query) {
    String folded = fold(original);
    int at = folded.indexOf(query);
    if (at < 0) {
      return null;
    }
    // Folding can shorten the text (spaces collapsed): the snippet is cut from the folded positions, approximately.
    String flat = SPACES.matcher(original).replaceAll(" ").strip();
    int from = Math.max(0, Math.min(flat.length(), at) - 30);
    int to = Math.min(flat.length(), at + query.length() + 50);
    return (from > 0 ? "…" : "") + flat.substring(from, to) + (to < flat.length() ? "…" : "");
  }
}
