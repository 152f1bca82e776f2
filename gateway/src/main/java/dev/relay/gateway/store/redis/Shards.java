package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.Ids;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.CRC32;

/**
 * The 64 hash tags data is spread over ({@code {relay:0}} … {@code {relay:63}}), so a Redis
 * Cluster spreads it over its masters: everything of a customer sits under the tag of the
 * customer's {@link Ids#home}, everything of an agent under the agent's, each job under its key's.
 * A script only ever touches keys of one tag (one slot). The count is fixed: changing it moves
 * every key. The few keys that do not grow with the data stay under {@code {relay}:}.
 */
public final class Shards {

  static final int COUNT = 64;
  static final List<String> TAGS = IntStream.range(0, COUNT).mapToObj(n -> "{relay:" + n + "}").toList();

  private Shards() {
  }

  /** The tag of {@code anchor}: a customer or agent id, an id made near one, a job key, an address. */
  public static String tag(String anchor) {
    CRC32 crc = new CRC32();
    crc.update(Ids.home(anchor).getBytes(StandardCharsets.UTF_8));
    return TAGS.get((int) (crc.getValue() % COUNT));
  }

  /** {@code <tag of anchor>:<parts joined by ':'>}. */
  static String key(String anchor, String... parts) {
    return in(tag(anchor), parts);
  }

  /** {@code <tag>:<parts joined by ':'>}. */
  static String in(String tag, String... parts) {
    return tag + ":" + String.join(":", parts);
  }

  /** The tag a key was made with (the slot it is in). */
  static String of(String key) {
    return key.substring(0, key.indexOf('}') + 1);
  }
}
