package dev.relay.gateway.store;

import dev.relay.gateway.domain.RuleVersion;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** The versioned routing rules. */
public interface RuleStore {

  Future<Optional<RuleVersion>> current();

  /**
   * Saves {@code source} as the next version. With {@code expectedVersion >= 0}, fails with a
   * {@code version_conflict} unless the current version is that one (0 when none was saved yet), so
   * two admins cannot overwrite each other's edits.
   */
  Future<RuleVersion> save(String source, String author, String note, long expectedVersion);

  Future<Optional<RuleVersion>> version(long version);

  /** All versions, newest first. */
  Future<List<RuleVersion>> versions();
}
