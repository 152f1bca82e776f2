package dev.relay.gateway.store.redis;

import static dev.relay.gateway.support.Await.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.domain.Ids;
import dev.relay.gateway.domain.Job;
import dev.relay.gateway.ops.GatewayMetrics;
import dev.relay.gateway.schedule.Scheduler;
import dev.relay.gateway.support.Eventually;
import dev.relay.gateway.support.MutableClock;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a replica that skips shards with nothing due ({@link DueTimes}) still does on time, on any
 * topology: the same checks for the standalone and the Cluster store tests.
 */
final class DueWork {

  private DueWork() {
  }

  /**
   * Replica A's scheduler has looked at every shard and found nothing; replica B schedules a job
   * due in 10 s. A hears it announced and its scheduler runs it at its due time, not at the next
   * full sweep (a minute on).
   */
  static void anotherReplicasJobRunsAtItsDueTime(Vertx vertx, RedisOptions options, MutableClock clock,
                                                      RedisStore a) {
    RedisSignals listening = result(RedisSignals.start(vertx, options, a));
    RedisStore b = result(RedisStore.open(vertx, options, clock, new RedisDurability(0, Duration.ofSeconds(1))));
    try {
      List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
      Scheduler scheduler = new Scheduler(vertx, a.jobs(), clock, GatewayMetrics.NOOP, Duration.ofMinutes(2)).handle("follow-up", job -> {
        ran.add(job.id());
        return io.vertx.core.Future.succeededFuture();
      });
      Instant now = clock.instant();
      assertEquals(0, result(scheduler.runDue()), "nothing due yet");
      Job job = result(b.jobs().schedule(Job.pending(Ids.near("job", "follow-up:cnv_due"), "follow-up", "follow-up:cnv_due",
          now.plusSeconds(10), Map.of())));
      Eventually.get(() -> result(a.jobs().countDue(now.plusSeconds(10))) == 1 ? true : null,
          "replica A hears of the job on its shard");

      clock.advance(Duration.ofSeconds(9));
      assertEquals(0, result(scheduler.runDue()), "not before its time");
      clock.advance(Duration.ofSeconds(1));
      assertEquals(1, result(scheduler.runDue()), "run at its due time, 50 s before the full sweep");
      assertEquals(List.of(job.id()), ran);
    } finally {
      listening.close();
      result(b.close());
    }
  }

  /**
   * A member Redis got without its announcement (only a lost announcement, or a key written by
   * hand, does that) is found by the full sweep: skipped until then, never left for good.
   */
  static void anUnannouncedMemberIsFoundByTheFullSweep(Vertx vertx, RedisOptions options, MutableClock clock, RedisStore a) {
    RedisSignals listening = result(RedisSignals.start(vertx, options, a));
    try {
      Instant now = clock.instant();
      assertTrue(result(a.messages().claimUnrouted(now, 100, now.plusSeconds(60))).isEmpty(), "every shard looked at");
      String id = Ids.near("msg", "cus_unheard");
      result(a.send(Command.ZADD, Shards.in(Shards.tag(id), "messages", "unrouted"), now.toEpochMilli(), id));

      clock.advance(Duration.ofSeconds(1));
      assertTrue(result(a.messages().claimUnrouted(clock.instant(), 100, clock.instant().plusSeconds(60))).isEmpty(),
          "its shard is known to have nothing due: not looked at");
      clock.advance(RedisSweeps.DEFAULT.fullSweep());
      assertEquals(List.of(id), result(a.messages().claimUnrouted(clock.instant(), 100, clock.instant().plusSeconds(60))),
          "the full sweep looks at every shard");
    } finally {
      listening.close();
    }
  }
}
