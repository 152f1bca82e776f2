package dev.relay.gateway.store.redis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What this replica knows of one per-shard sorted set of things due ({@code jobs:due},
 * {@code messages:unrouted}, {@code pending}): for each shard a time before which none of its
 * members is due — the earliest score the last look found, lowered by every announcement of an
 * earlier member since ({@link DueTimes}). A poll looks only at the shards due by then, so an idle
 * gateway does not ask 64 shards every tick. The promise holds only while every announcement is
 * heard: while {@code complete} is false every shard is due, as is every shard once per full sweep.
 */
final class DueShards {

  /** Not known: due at once. */
  static final long UNKNOWN = Long.MIN_VALUE;
  /** Nothing in the set. */
  static final long NONE = Long.MAX_VALUE;

  private final String[] parts;
  private final String suffix;
  private final long[] earliest = new long[Shards.COUNT];
  /** Bumped whenever a shard's time is lowered, so a look answered meanwhile cannot raise it over that. */
  private final long[] changes = new long[Shards.COUNT];
  private long sweptAt = UNKNOWN;

  /** @param parts the set's key after its tag ({@code "jobs", "due"}) */
  DueShards(String... parts) {
    this.parts = parts;
    this.suffix = String.join(":", parts);
    Arrays.fill(earliest, UNKNOWN);
  }

  String key(int shard) {
    return Shards.in(Shards.TAGS.get(shard), parts);
  }

  /** Whether this is the set a key ends with after its tag ({@code jobs:due}). */
  boolean named(String keySuffix) {
    return suffix.equals(keySuffix);
  }

  /** The shards to look at for what is due at {@code now}, each with its change count at this moment. */
  record Look(List<Integer> shards, long[] changes) {
  }

  /**
   * The shards that may have members due at {@code now}: all of them when the knowledge is not
   * {@code complete} or when a full sweep ({@code fullSweepMs} since the last) is due, which this starts.
   */
  synchronized Look look(long now, boolean complete, long fullSweepMs) {
    boolean all = !complete || sweptAt == UNKNOWN || now - sweptAt >= fullSweepMs || now < sweptAt;
    if (all) {
      sweptAt = now;
    }
    List<Integer> due = new ArrayList<>();
    for (int shard = 0; shard < Shards.COUNT; shard++) {
      if (all || earliest[shard] <= now) {
        due.add(shard);
      }
    }
    return new Look(due, changes.clone());
  }

  /** The shards whose members may be due by {@code by} (a count reads no others), without starting a sweep. */
  synchronized List<Integer> mayHave(long by, boolean complete) {
    List<Integer> due = new ArrayList<>();
    for (int shard = 0; shard < Shards.COUNT; shard++) {
      if (!complete || earliest[shard] <= by) {
        due.add(shard);
      }
    }
    return due;
  }

  /** A look at {@code shard} found its earliest member at {@code found} ({@link #NONE}: empty). */
  synchronized void learned(int shard, Look look, long found) {
    earliest[shard] = changes[shard] == look.changes()[shard] ? found : Math.min(earliest[shard], found);
  }

  /** A member due at {@code at} was added on {@code shard}. */
  synchronized void lowered(int shard, long at) {
    earliest[shard] = Math.min(earliest[shard], at);
    changes[shard]++;
  }

  /** Everything may have changed unheard (the subscription was down): every shard is due. */
  synchronized void forget() {
    Arrays.fill(earliest, UNKNOWN);
    for (int shard = 0; shard < Shards.COUNT; shard++) {
      changes[shard]++;
    }
  }
}
