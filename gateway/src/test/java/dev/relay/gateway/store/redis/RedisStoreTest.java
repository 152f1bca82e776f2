package dev.relay.gateway.store.redis;

import static dev.relay.gateway.support.Await.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.connector.spi.Address;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.store.ConversationStore;
import dev.relay.gateway.domain.Json;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.store.StoreContract;
import dev.relay.gateway.support.RedisServer;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a real redis-server; "reopen" is a new client after the server restarted from its AOF. */
class RedisStoreTest extends StoreContract {

  @TempDir
  Path dir;
  RedisServer redis;

  @Override
  protected Store open(Vertx vertx) {
    redis = RedisServer.start(dir);
    return result(RedisStore.open(vertx, clientOptions(redis.url(), "standalone"), clock));
  }

  /** The client's options as the gateway makes them (pool and queue sizes), for {@code url}. */
  static RedisOptions clientOptions(String url, String type) {
    return new dev.relay.gateway.config.RelayConfig.StoreSettings("redis", url, type, null, 16, "auto",
        java.time.Duration.ofSeconds(1), null, null, null).redisOptions();
  }

  @Override
  protected Store reopen(Vertx vertx) {
    redis.restart();
    return result(RedisStore.open(vertx, clientOptions(redis.url(), "standalone"), clock));
  }

  /**
   * A full Redis refuses writes but still answers reads: the failure strikes after a lookup
   * succeeded, the step that used to be taken for "nothing there".
   */
  @Override
  protected void outage() {
    result(((RedisStore) store).send(Command.CONFIG, "SET", "maxmemory", "1"));
  }

  @Override
  protected void asAnEarlierVersionLeftIt(String customerId) {
    dropTally(store, customerId);
  }

  @Override
  protected ConversationStore.History keptHistory(String customerId) {
    return tallyOf(store, customerId);
  }

  static void dropTally(Store store, String customerId) {
    result(((RedisStore) store).send(Command.DEL, Shards.key(customerId, "customer-history", customerId)));
  }

  static ConversationStore.History tallyOf(Store store, String customerId) {
    var kept = result(((RedisStore) store).send(Command.HMGET, Shards.key(customerId, "customer-history", customerId),
        "resolved", "score"));
    return kept.get(0) == null ? null
        : new ConversationStore.History(kept.get(0).toInteger(), kept.get(1) == null ? null : kept.get(1).toInteger());
  }

  @Test
  void anotherReplicasJobRunsAtItsDueTime() {
    DueWork.anotherReplicasJobRunsAtItsDueTime(vertx, clientOptions(redis.url(), "standalone"), clock, (RedisStore) store);
  }

  @Test
  void anUnannouncedMemberIsFoundByTheFullSweep() {
    DueWork.anUnannouncedMemberIsFoundByTheFullSweep(vertx, clientOptions(redis.url(), "standalone"), clock, (RedisStore) store);
  }

  /** A store an earlier version wrote is moved to the sharded layout when it opens ({@link EarlierLayout}). */
  @Test
  void aStoreOfAnEarlierVersionIsMovedToTheShardedLayoutWhenItOpens() {
    EarlierLayout.write((RedisStore) store);
    result(store.close());
    store = reopen(vertx);
    EarlierLayout.assertMoved(store, redis.cli("--scan", "--pattern", "{relay}:*"));
  }

  /**
   * A replica that died between two shards left its outbox note: the owner's set never got the
   * customer it was given, an address was claimed for a customer never written. The sweeper,
   * once the note is 30 s old, fills the one in and frees the other (from the records as they are).
   */
  @Test
  void whatAWriterLeftBetweenTwoShardsIsFinishedFromItsNote() {
    Address anne = new Address(Address.PHONE, "+33612345678");
    Customer given = result(store.customers().findOrCreate(anne, Customer.first("cus_d", anne, "Anne Dubois", T0)))
        .withOwner("agt_d");
    earlierVersion(Command.SET, RedisCustomers.record("cus_d"), Json.encode(given));
    leftInOutbox(RedisCustomers.record("cus_d"), RedisStore.Op.sadd(Shards.key("agt_d", "owned", "agt_d"), "cus_d"));
    Address ghost = new Address(Address.PHONE, "+33698765400");
    earlierVersion(Command.SET, RedisCustomers.identity(ghost), "cus_ghost");
    leftInOutbox(RedisCustomers.record("cus_ghost"), RedisStore.Op.claim(RedisCustomers.identity(ghost), "cus_ghost"));

    assertEquals(0, result(((RedisStore) store).resumePending()), "a writer may still be at it: not yet");
    assertTrue(result(store.customers().ownedBy("agt_d")).isEmpty());
    assertEquals(503, ((dev.relay.gateway.domain.RelayException) dev.relay.gateway.support.Await.failure(
        store.customers().findOrCreate(ghost, Customer.first("cus_new", ghost, "Léa Martin", T0)))).status(),
        "an address held for a customer not written yet: the channel is asked to retry");

    clock.advance(java.time.Duration.ofSeconds(31));
    assertEquals(2, result(((RedisStore) store).resumePending()));
    assertEquals(List.of("cus_d"), result(store.customers().ownedBy("agt_d")).stream().map(Customer::id).toList(),
        "the hand-over finds her");
    assertEquals("cus_new", result(store.customers().findOrCreate(ghost, Customer.first("cus_new", ghost, "Léa Martin",
        T0))).id(), "the address is free again");
    assertEquals(0, result(((RedisStore) store).resumePending()), "each note is settled once");
  }

  /** The note a writer leaves in its record's shard before touching another shard. */
  private void leftInOutbox(String record, RedisStore.Op op) {
    earlierVersion(Command.ZADD, RedisOutbox.pending(Shards.of(record)), clock.millis() + RedisSweeps.DEFAULT.outboxGrace().toMillis(),
        Json.encode(new RedisOutbox.Note("out_" + record.hashCode(), List.of(record), List.of(op))));
  }

  private void earlierVersion(Command command, Object... args) {
    result(((RedisStore) store).send(command, args));
  }

  @AfterEach
  void stopRedis() {
    redis.close();
  }
}
