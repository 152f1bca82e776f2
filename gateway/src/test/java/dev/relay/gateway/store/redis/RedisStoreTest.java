package dev.relay.gateway.store.redis;

import static dev.relay.gateway.support.Await.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.connector.spi.Address;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.store.ConversationStore;
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
    return result(RedisStore.open(vertx, new RedisOptions().setConnectionString(redis.url()), clock));
  }

  @Override
  protected Store reopen(Vertx vertx) {
    redis.restart();
    return result(RedisStore.open(vertx, new RedisOptions().setConnectionString(redis.url()), clock));
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
    result(((RedisStore) store).send(Command.DEL, "{relay}:customer-history:" + customerId));
  }

  @Override
  protected ConversationStore.History keptHistory(String customerId) {
    var kept = result(((RedisStore) store).send(Command.HMGET, "{relay}:customer-history:" + customerId, "resolved", "score"));
    return kept.get(0) == null ? null
        : new ConversationStore.History(kept.get(0).toInteger(), kept.get(1) == null ? null : kept.get(1).toInteger());
  }

  @Test
  void customersOfAnEarlierVersionAreIndexedByOwnerWhenTheStoreOpens() {
    Address ann = new Address(Address.CHAT, "v1");
    result(store.customers().findOrCreate(ann, Customer.first("cus_1", ann, "Ann", T0)));
    result(store.customers().update("cus_1", c -> c.withOwner("agt_a")));
    // As an earlier version left it: no owner index, and no marker that it was built.
    result(((RedisStore) store).send(Command.DEL, "{relay}:owned:agt_a", "{relay}:owned-indexed"));
    assertTrue(result(store.customers().ownedBy("agt_a")).isEmpty());
    result(store.close());
    store = reopen(vertx);
    assertEquals(List.of("cus_1"), result(store.customers().ownedBy("agt_a")).stream().map(Customer::id).toList(),
        "a hand-over finds her too");
  }

  @AfterEach
  void stopRedis() {
    redis.close();
  }
}
