package dev.relay.gateway.store.redis;

import static dev.relay.gateway.support.Await.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.store.StoreContract;
import dev.relay.gateway.store.StoreMetrics;
import dev.relay.gateway.support.MutableClock;
import dev.relay.gateway.support.Eventually;
import dev.relay.gateway.support.RedisServer;
import dev.relay.gateway.support.TcpProxy;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisOptions;
import java.time.Instant;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two replicas' signals through a real redis-server; the sender's link to it goes through a proxy that can stall. */
class RedisSignalsTest {

  private static final String ADDRESS = "relay.test.wake";

  @TempDir
  Path dir;
  RedisServer redis;
  TcpProxy link;
  Vertx here;
  Vertx there;
  final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
  RedisStore hereStore;
  RedisStore thereStore;
  RedisSignals sender;
  RedisSignals receiver;
  final AtomicInteger dropped = new AtomicInteger();
  final Queue<String> heard = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void start() {
    redis = RedisServer.start(dir);
    link = TcpProxy.to(redis.port());
    here = Vertx.vertx();
    there = Vertx.vertx();
    StoreMetrics counting = new StoreMetrics() {
      @Override public void writerQueue(IntSupplier waiting) { }
      @Override public void committed(int writes, long nanos) { }
      @Override public void signalDropped() {
        dropped.incrementAndGet();
      }
    };
    RedisOptions viaLink = RedisStoreTest.clientOptions(link.redisUrl(), "standalone");
    RedisOptions direct = RedisStoreTest.clientOptions(redis.url(), "standalone");
    hereStore = result(RedisStore.open(here, direct, clock));
    thereStore = result(RedisStore.open(there, direct, clock));
    sender = result(RedisSignals.start(here, viaLink, hereStore, counting));
    receiver = result(RedisSignals.start(there, direct, thereStore, StoreMetrics.NOOP));
    there.eventBus().<String>localConsumer(ADDRESS, m -> heard.add(m.body()));
  }

  @AfterEach
  void stop() {
    link.unfreeze();
    sender.close();
    receiver.close();
    result(hereStore.close());
    result(thereStore.close());
    result(here.close());
    result(there.close());
    link.close();
    redis.close();
  }

  @Test
  void signalsGivenTogetherReachTheOtherReplicaInOrderAndWaitWhileRedisDoesNotAnswer() {
    sender.publish(ADDRESS, "1");
    sender.publish(ADDRESS, "2|with a bar");
    sender.publish("relay.test.other", "elsewhere");
    sender.publish(ADDRESS, "3");
    Eventually.get(() -> heard.size() >= 3 ? heard : null, "the first three");
    assertEquals(List.of("1", "2|with a bar", "3"), List.copyOf(heard));

    link.freeze();
    sender.publish(ADDRESS, "4");
    sender.publish(ADDRESS, "5");
    link.unfreeze();
    Eventually.get(() -> heard.size() >= 5 ? heard : null, "those given while Redis did not answer");
    assertEquals(List.of("1", "2|with a bar", "3", "4", "5"), List.copyOf(heard));
    assertEquals(0, dropped.get());
  }

  /** The clock stands still: only the announcement can make the other replica drop the agent it keeps. */
  @Test
  void anAgentChangedOnOneReplicaIsReadAnewOnTheOther() {
    result(hereStore.agents().create(StoreContract.agent("agt_1", "kristin@acme.test"), "hash-1"));
    assertEquals("Agent agt_1", result(thereStore.agents().get("agt_1")).orElseThrow().name(), "read, and kept");
    result(hereStore.agents().update("agt_1", a -> a.withProfile("Kristin L.", a.email(), a.phone(), a.team(), a.skills(),
        a.languages(), a.capacity(), a.role())));
    Eventually.get(() -> "Kristin L.".equals(result(thereStore.agents().get("agt_1")).orElseThrow().name()) ? true : null,
        "the other replica reads the changed agent");
  }

  @Test
  void whileRedisDoesNotAnswerTheNewestWaitAndTheOldestAreDroppedAndCounted() {
    link.freeze();
    int given = 2 * RedisSignals.QUEUED_AT_MOST;
    for (int i = 1; i <= given; i++) {
      sender.publish(ADDRESS, Integer.toString(i));
    }
    link.unfreeze();
    Eventually.get(() -> heard.contains(Integer.toString(given)) ? heard : null, "the newest signal");
    assertTrue(dropped.get() > 0, "some were dropped, and counted");
    assertTrue(heard.size() + dropped.get() >= given, "every signal was either sent or counted: " + heard.size() + " sent, "
        + dropped.get() + " dropped");
  }
}
