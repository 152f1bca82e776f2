package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.RedisServer;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An idle gateway on a real redis-server leaves Redis alone: its ticks look only at the shards
 * known to have something due, and every shard once a full sweep (a minute). Counted on the
 * server itself ({@code INFO commandstats}, commands run inside scripts included).
 */
@ExtendWith(VertxExtension.class)
class IdleRedisTest {

  /** Ticks of a minute, one second apart: one full sweep of the jobs and the unrouted messages falls in them. */
  private static final int TICKS = 60;
  /**
   * That one sweep: 2 sets × 64 shards × 3 commands (EVALSHA, and in it ZRANGEBYSCORE and ZRANGE), plus
   * headroom for the few commands a fresh gateway's own jobs may take. Before, each tick took 384
   * (23,040 for these ticks): 128 claims with their ZRANGEBYSCORE, and 128 ZCOUNTs for the jobs metric.
   */
  private static final long MOST = 2 * 64 * 3 + 60;

  @TempDir
  Path dir;
  RedisServer redis;
  TestGateway gateway;

  @BeforeEach
  void start(Vertx vertx) {
    redis = RedisServer.start(dir.resolve("redis"));
    // The real timers wait longer than the test: only the ticks it runs count.
    gateway = TestGateway.start(vertx, dir.resolve("gateway"), Map.of("RELAY_STORE", "redis", "RELAY_REDIS_URL", redis.url(),
        "RELAY_JOBS_TICK", "PT10M", "RELAY_REDIS_OUTBOX_SWEEP", "PT10M"));
  }

  @AfterEach
  void stop() {
    gateway.close();
    redis.close();
  }

  @Test
  void anIdleGatewaysTicksMakeAFewRedisCommandsAMinute() {
    gateway.runDueJobs();
    redis.cli("CONFIG", "RESETSTAT");
    for (int tick = 0; tick < TICKS; tick++) {
      gateway.clock.advance(Duration.ofSeconds(1));
      gateway.runDueJobs();
    }
    String stats = redis.cli("INFO", "commandstats");
    long commands = 0;
    Matcher calls = Pattern.compile("cmdstat_(\\S+):calls=(\\d+)").matcher(stats);
    while (calls.find()) {
      commands += "config|resetstat".equals(calls.group(1)) ? 0 : Long.parseLong(calls.group(2));
    }
    org.slf4j.LoggerFactory.getLogger(IdleRedisTest.class).atInfo().addKeyValue("ticks", TICKS)
        .addKeyValue("commands", commands).log(stats.replace("\r\n", " "));
    assertTrue(commands <= MOST, TICKS + " idle ticks took " + commands + " Redis commands (at most " + MOST + "): " + stats);
  }
}
