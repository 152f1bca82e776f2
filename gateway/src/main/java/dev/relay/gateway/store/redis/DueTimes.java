package dev.relay.gateway.store.redis;

import java.time.Duration;
import java.util.List;

/**
 * When the shards' due sets next have something due, as this replica knows it. {@code write.lua}
 * announces on {@link #CHANNEL} every member it adds ahead of its set's earliest (in the script
 * that adds it, so no write goes unannounced); {@link RedisSignals} hears the announcements and
 * says when its subscription starts and ends. The knowledge is complete only from a subscription's
 * start (everything is forgotten then) to its end; otherwise every shard is looked at every time,
 * as before. A full sweep every {@code fullSweep} covers an announcement Redis dropped while the
 * subscription stayed up.
 */
final class DueTimes {

  /** The announcements' channel; {@code write.lua} names it too. Each message: {@code <key> <score in ms>}. */
  static final String CHANNEL = RedisStore.key("due");

  final DueShards jobs = new DueShards("jobs", "due");
  final DueShards unrouted = new DueShards("messages", "unrouted");
  final DueShards outbox = new DueShards("pending");
  private final List<DueShards> sets = List.of(jobs, unrouted, outbox);
  private final long fullSweepMs;
  private volatile boolean complete;

  DueTimes(Duration fullSweep) {
    this.fullSweepMs = fullSweep.toMillis();
  }

  DueShards.Look look(DueShards set, long now) {
    return set.look(now, complete, fullSweepMs);
  }

  List<Integer> mayHave(DueShards set, long by) {
    return set.mayHave(by, complete);
  }

  /** Subscribed: from now on every announcement is heard; what came before is forgotten. */
  void subscribed() {
    sets.forEach(DueShards::forget);
    complete = true;
  }

  /** The subscription ended: announcements may be missed until the next one starts. */
  void unsubscribed() {
    complete = false;
  }

  /** An announcement: {@code <tag>:<set> <score>}; anything else is ignored. */
  void heard(String message) {
    int space = message.lastIndexOf(' ');
    int close = message.indexOf("}:");
    if (space < 0 || close < 0 || !message.startsWith("{relay:")) {
      return;
    }
    try {
      int shard = Integer.parseInt(message.substring("{relay:".length(), close));
      long at = (long) Double.parseDouble(message.substring(space + 1));
      String set = message.substring(close + 2, space);
      sets.stream().filter(s -> s.named(set)).findFirst().ifPresent(s -> s.lowered(shard, at));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      // not an announcement of ours
    }
  }
}
