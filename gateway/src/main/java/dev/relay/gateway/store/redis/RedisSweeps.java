package dev.relay.gateway.store.redis;

import java.time.Duration;

/**
 * The store's own timings (configuration keys {@code store.redisOutbox*}, {@code store.redisFullSweep}).
 *
 * @param outboxGrace how old an outbox note must be before a sweeper resumes it (a writer may still be at it)
 * @param outboxSweep how often the outbox is looked at (only the shards with a note due, but see fullSweep)
 * @param fullSweep   how often every shard's due set is looked at even when none is known to be due
 */
public record RedisSweeps(Duration outboxGrace, Duration outboxSweep, Duration fullSweep) {

  public static final RedisSweeps DEFAULT = new RedisSweeps(Duration.ofSeconds(30), Duration.ofSeconds(5),
      Duration.ofMinutes(1));
}
