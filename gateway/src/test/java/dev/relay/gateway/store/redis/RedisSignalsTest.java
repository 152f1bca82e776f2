package dev.relay.gateway.store.redis;

import static dev.relay.gateway.support.Await.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.store.StoreMetrics;
import dev.relay.gateway.support.Eventually;
import dev.relay.gateway.support.RedisServer;
import dev.relay.gateway.support.TcpProxy;
import io.vertx.core.Vertx;
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
    sender = result(RedisSignals.start(here, RedisStoreTest.clientOptions(link.redisUrl(), "standalone"), counting));
    receiver = result(RedisSignals.start(there, RedisStoreTest.clientOptions(redis.url(), "standalone"), StoreMetrics.NOOP));
    there.eventBus().<String>localConsumer(ADDRESS, m -> heard.add(m.body()));
  }

  @AfterEach
  void stop() {
    link.unfreeze();
    sender.close();
    receiver.close();
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
