package dev.relay.gateway.domain;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One saved version of a locale's text overrides (key → ICU message): what admins changed from the
 * shipped wording. Versions only grow, per locale; restoring an old one saves it anew.
 */
public record TextVersion(String locale, long version, Map<String, String> texts, String author, Instant savedAt,
                          String note) {

  public TextVersion {
    // Sorted, so a version reads the same in both stores and in every answer.
    texts = texts == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(texts));
  }
}
