package dev.relay.gateway.store.embedded;

import java.util.HashMap;
import java.util.Map;
import org.h2.mvstore.MVMap;

/**
 * Every map of the store as the last commit left it: what reads see, on any thread, while the writer
 * goes on. MVStore never changes a page in place (a write makes new pages up to a new root), so a map
 * copied with the root it had right after a commit is a consistent, immutable view of that commit.
 * It is replaced after each commit, before the writes in it are acknowledged: a read that starts after
 * a write's future completed sees that write.
 */
final class Committed {

  private final Map<String, MVMap<?, ?>> maps;
  /** What a read gets for a map no commit has made yet. */
  private final MVMap<?, ?> empty;

  private Committed(Map<String, MVMap<?, ?>> maps, MVMap<?, ?> empty) {
    this.maps = maps;
    this.empty = empty;
  }

  /** On the writer, right after a commit: {@code live} holds every map opened so far. */
  static Committed of(Map<String, MVMap<?, ?>> live, Committed before, MVMap<?, ?> empty) {
    Map<String, MVMap<?, ?>> frozen = new HashMap<>(live.size() * 2);
    live.forEach((name, map) -> {
      MVMap<?, ?> was = before == null ? null : before.maps.get(name);
      // A map untouched since the last commit keeps its view.
      frozen.put(name, was != null && was.getRoot() == map.getRoot() ? was : new Frozen<>(map));
    });
    return new Committed(frozen, new Frozen<>(empty));
  }

  @SuppressWarnings("unchecked")
  <K, V> MVMap<K, V> map(String name) {
    return (MVMap<K, V>) maps.getOrDefault(name, empty);
  }

  /** A map fixed at the root its source had when copied; it refuses writes. */
  private static final class Frozen<K, V> extends MVMap<K, V> {

    Frozen(MVMap<K, V> source) {
      super(source);
    }

    @Override
    public V operate(K key, V value, DecisionMaker<? super V> decisionMaker) {
      throw new UnsupportedOperationException("a committed view is read-only; write inside EmbeddedStore.write");
    }
  }
}
