package dev.relay.gateway.language;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which language a customer wrote in, told offline by Lingua from the models of the languages Relay
 * writes (English and French, in the jar: nothing is downloaded). A text with too few letters to tell
 * ("ok", "4", a phone number, a link) is unknown, never guessed (decision 0014).
 */
public final class TextLanguage {

  /** The first lines say it; a long e-mail costs no more than its start. */
  private static final int MAX_CHARS = 500;
  /** "ok", "no", "4/5" say nothing of a language; "Merci", "Hello" do. */
  private static final int MIN_LETTERS = 4;
  /** Links and addresses are not written in a language. */
  private static final Pattern NOT_WORDS = Pattern.compile("\\S+@\\S+|\\b(?:https?://|www\\.)\\S+");

  private static volatile LanguageDetector models;

  private final Vertx vertx;
  private final LanguageDetector detector;

  private TextLanguage(Vertx vertx, LanguageDetector detector) {
    this.vertx = vertx;
    this.detector = detector;
  }

  /**
   * The detector, its models loaded on a worker thread once per process (some 3 s and 70 MB of
   * heap: every gateway in the process shares them).
   */
  public static Future<TextLanguage> load(Vertx vertx) {
    return vertx.executeBlocking(TextLanguage::models).map(detector -> new TextLanguage(vertx, detector));
  }

  private static LanguageDetector models() {
    LanguageDetector loaded = models;
    if (loaded == null) {
      synchronized (TextLanguage.class) {
        loaded = models;
        if (loaded == null) {
          loaded = LanguageDetectorBuilder.fromLanguages(Language.ENGLISH, Language.FRENCH)
              .withPreloadedLanguageModels().build();
          models = loaded;
        }
      }
    }
    return loaded;
  }

  /** {@link #of}, on a worker thread: a message's few milliseconds of n-gram sums stay off the event loop. */
  public Future<Optional<String>> in(String text) {
    return vertx.executeBlocking(() -> of(text), false);
  }

  /** The language of {@code text} as an ISO 639-1 code ("fr", "en"), or empty when it cannot be told. */
  public Optional<String> of(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String words = NOT_WORDS.matcher(text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text).replaceAll(" ");
    if (words.codePoints().filter(Character::isLetter).count() < MIN_LETTERS) {
      return Optional.empty();
    }
    Language language = detector.detectLanguageOf(words);
    return language == Language.UNKNOWN ? Optional.empty()
        : Optional.of(language.getIsoCode639_1().name().toLowerCase(Locale.ROOT));
  }
}
