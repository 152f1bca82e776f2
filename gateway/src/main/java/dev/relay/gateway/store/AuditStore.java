package dev.relay.gateway.store;

import dev.relay.gateway.domain.AuditEntry;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;

public interface AuditStore {

  Future<AuditEntry> append(String actor, String action, String target, Map<String, Object> details, Instant at);

  /** The newest entries first, at most {@code limit}. */
  Future<List<AuditEntry>> recent(int limit);

  /** Every entry whose target is {@code target}, oldest first. */
  Future<List<AuditEntry>> about(String target);

  /**
   * Empties the details of every entry about {@code target} (they may hold the person's addresses),
   * keeping who did what and when; answers how many entries it changed.
   */
  Future<Integer> redact(String target);
}
