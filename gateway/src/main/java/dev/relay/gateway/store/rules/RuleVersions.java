package dev.relay.gateway.store.rules;

import dev.relay.gateway.domain.RuleVersion;
import java.time.Instant;

/** Saving routing rules: the next version follows the current one, unless the editor saw an older one. */
public final class RuleVersions {

  private RuleVersions() {
  }

  /**
   * The version to save after {@code current} (0: none yet); with {@code expected >= 0} a stale
   * editor (expected is not current) gets a {@code version_conflict} instead.
   */
  public static RuleVersion next(long current, long expected, String source, String author, String note, Instant at) {
    if (expected >= 0 && expected != current) {
      throw Conflicts.staleRules(expected, current);
    }
    return new RuleVersion(current + 1, source, author, at, note);
  }
}
