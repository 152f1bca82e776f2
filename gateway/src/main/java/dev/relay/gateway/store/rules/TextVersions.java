package dev.relay.gateway.store.rules;

import dev.relay.gateway.domain.TextVersion;
import java.time.Instant;
import java.util.Map;

/** Saving a locale's text overrides: the next version follows the current one, unless the editor saw an older one. */
public final class TextVersions {

  private TextVersions() {
  }

  /**
   * The version to save after {@code current} (0: none yet); with {@code expected >= 0} a stale
   * editor (expected is not current) gets a {@code version_conflict} instead.
   */
  public static TextVersion next(String locale, long current, long expected, Map<String, String> texts, String author,
                                 String note, Instant at) {
    if (expected >= 0 && expected != current) {
      throw Conflicts.staleTexts(locale, expected, current);
    }
    return new TextVersion(locale, current + 1, texts, author, at, note);
  }
}
