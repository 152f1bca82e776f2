package dev.relay.gateway.survey;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a survey answer the way customers write one, in English or French: "4", "4/5", "4 sur 5",
 * "4 stars", "4 étoiles", "four", "quatre", "★★★★", "⭐⭐⭐⭐⭐", "5 étoiles, merci !". A score and at
 * most a thank-you: anything more ("Merci, mais j'ai encore un souci avec la facture", "I would
 * give 4 but…") is a message for the agent, not a rating.
 */
final class Ratings {

  private static final Map<String, Integer> WORDS = Map.ofEntries(
      Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5),
      Map.entry("un", 1), Map.entry("une", 1), Map.entry("deux", 2), Map.entry("trois", 3), Map.entry("quatre", 4),
      Map.entry("cinq", 5));
  /** What may follow a score: punctuation and a thank-you, "merci beaucoup !", "thanks a lot". */
  private static final String THANKS = "[\\s.,;:!)]*(?:(?:merci|thanks|thank you|thx|ty)(?: (?:beaucoup|bien|a lot|so much|very much))?)?[\\s.!]*";
  private static final Pattern SCORE = Pattern.compile("\\s*(?<score>[1-5]|" + String.join("|", WORDS.keySet()) + ")"
      + "\\s*(?:(?:/|sur|out of)\\s*5|\\*|stars?|etoiles?)?" + THANKS);
  /** Filled stars, the empty ones that make up five, then a thank-you: "★★★★☆". */
  private static final Pattern STARS = Pattern.compile("\\s*(?<stars>[★⭐]{1,5})☆*" + THANKS);

  private Ratings() {
  }

  /** The score 1–5 that {@code text} gives, or empty when it says anything else. */
  static Optional<Integer> score(String text) {
    if (text == null || text.length() > 80) {
      return Optional.empty();
    }
    // "étoiles", "ÉTOILES" and "etoiles" alike; U+FE0F makes ⭐ an emoji and says nothing more.
    // French typing puts a no-break space before "!" ("merci\u202f!"): a space like any other.
    String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "").replace("\uFE0F", "")
        .replace('\u00A0', ' ').replace('\u202F', ' ').toLowerCase(Locale.ROOT);
    Matcher stars = STARS.matcher(plain);
    if (stars.matches()) {
      return Optional.of(stars.group("stars").length());
    }
    Matcher score = SCORE.matcher(plain);
    if (!score.matches()) {
      return Optional.empty();
    }
    String said = score.group("score");
    return Optional.of(WORDS.containsKey(said) ? WORDS.get(said) : Integer.parseInt(said));
  }
}
