package dev.relay.gateway.store.redis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What this replica last read or wrote under a record's key: a guess for a conditional write's
 * "expected", never an answer to a read. The write script compares it with what is stored, so a
 * guess made stale by another replica (or never right) costs a second read, not a lost update.
 */
final class RecentRecords {

  private static final int KEPT = 10_000;
  /** The kinds of record a {@link dev.relay.gateway.store.Batch} writes: nothing else is kept (messages can be large). */
  private static final java.util.Set<String> KINDS = java.util.Set.of("conversation", "customer", "job");
  private final Map<String, String> values = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > KEPT;
    }
  });

  /** {@code json} null or empty: the record is gone, nothing to guess. */
  void saw(String key, String json) {
    String rest = key.substring(key.indexOf('}') + 2);
    int colon = rest.indexOf(':');
    if (colon < 0 || !KINDS.contains(rest.substring(0, colon))) {
      return;
    }
    if (json == null || json.isEmpty()) {
      values.remove(key);
    } else {
      values.put(key, json);
    }
  }

  void forget(String key) {
    values.remove(key);
  }

  /** The last JSON seen under {@code key}, or null. */
  String guess(String key) {
    return values.get(key);
  }
}
