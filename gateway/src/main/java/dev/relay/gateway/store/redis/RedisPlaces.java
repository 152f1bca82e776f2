package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.Ids;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a conversation, message or job lives, from its id. An id made near its anchor names its
 * tag itself; any other id (earlier versions' data, fixtures) is placed once next to its anchor
 * and a locator {@code located:<id>} (under the tag of the id's own hash) says where. Locators
 * never change, so they are kept in memory once read.
 */
final class RedisPlaces {

  private static final int REMEMBERED = 100_000;
  private final RedisStore store;
  private final Map<String, String> known;

  RedisPlaces(RedisStore store, Map<String, String> known) {
    this.store = store;
    this.known = known;
  }

  /** Where ids were found, shared by every view of one store. */
  static Map<String, String> memory() {
    return Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
        return size() > REMEMBERED;
      }
    });
  }

  Map<String, String> remembered() {
    return known;
  }

  static String locator(String id) {
    return Shards.key(id, "located", id);
  }

  /** The tag of the record {@code id}; an id never placed gets its own hash's (where nothing is found). */
  Future<String> of(String id) {
    if (Ids.hasHome(id)) {
      return Future.succeededFuture(Shards.tag(id));
    }
    String remembered = known.get(id);
    if (remembered != null) {
      return Future.succeededFuture(remembered);
    }
    return store.send(Command.GET, locator(id)).map(found -> {
      if (found == null) {
        return Shards.tag(id);
      }
      known.put(id, found.toString());
      return found.toString();
    });
  }

  /**
   * The tag for a new record {@code id} next to {@code anchorTag}: the id's own when it has a home
   * (which must be the anchor's), else the anchor's, recorded first (a record written after its
   * locator is always found; a locator whose record was never written points at nothing).
   */
  Future<String> place(String id, String anchorTag) {
    if (Ids.hasHome(id)) {
      String tag = Shards.tag(id);
      return tag.equals(anchorTag) ? Future.succeededFuture(tag)
          : Future.failedFuture(new IllegalArgumentException(id + " was not made near its customer or key"));
    }
    return store.send(Command.SET, locator(id), anchorTag, "NX", "GET").map(earlier -> {
      String tag = earlier == null ? anchorTag : earlier.toString();
      known.put(id, tag);
      return tag;
    });
  }
}
