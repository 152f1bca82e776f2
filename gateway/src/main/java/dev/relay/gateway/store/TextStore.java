package dev.relay.gateway.store;

import dev.relay.gateway.domain.TextVersion;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** The versioned text overrides, one history per locale (a BCP 47 tag such as {@code fr-CA}). */
public interface TextStore {

  Future<Optional<TextVersion>> current(String locale);

  /**
   * Saves {@code texts} as {@code locale}'s next version. With {@code expectedVersion >= 0}, fails with
   * a {@code version_conflict} unless the current version is that one (0 when none was saved yet).
   */
  Future<TextVersion> save(String locale, java.util.Map<String, String> texts, String author, String note,
                           long expectedVersion);

  Future<Optional<TextVersion>> version(String locale, long version);

  /** All versions of {@code locale}, newest first. */
  Future<List<TextVersion>> versions(String locale);
}
