package dev.relay.gateway.store.redis;

import static dev.relay.gateway.support.Await.result;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.connector.spi.Address;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Ids;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.store.StoreContract;
import dev.relay.gateway.support.RedisCluster;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract on a real three-master Redis Cluster (every script's keys in one slot, or
 * the cluster refuses it); "reopen" restarts every node from its AOF. Durability is the default
 * ("auto"), so messages are written through {@link ClusterDurableWrite} (masters without replicas:
 * no WAIT).
 */
class RedisClusterStoreTest extends StoreContract {

  @TempDir
  Path dir;
  RedisCluster cluster;

  @Override
  protected Store open(Vertx vertx) {
    cluster = RedisCluster.start(dir);
    return result(RedisStore.open(vertx, RedisStoreTest.clientOptions(cluster.urls(), "cluster"), clock));
  }

  @Override
  protected Store reopen(Vertx vertx) {
    cluster.restart();
    return result(RedisStore.open(vertx, RedisStoreTest.clientOptions(cluster.urls(), "cluster"), clock));
  }

  @Override
  protected void asAnEarlierVersionLeftIt(String customerId) {
    RedisStoreTest.dropTally(store, customerId);
  }

  @Override
  protected dev.relay.gateway.store.ConversationStore.History keptHistory(String customerId) {
    return RedisStoreTest.tallyOf(store, customerId);
  }

  /** Every master full: writes refused, reads still answered. */
  @Override
  protected void outage() {
    cluster.masters().forEach(m -> m.cli("CONFIG", "SET", "maxmemory", "1"));
  }

  @Test
  void anotherReplicasJobRunsAtItsDueTime() {
    DueWork.anotherReplicasJobRunsAtItsDueTime(vertx, RedisStoreTest.clientOptions(cluster.urls(), "cluster"), clock, (RedisStore) store);
  }

  @Test
  void anUnannouncedMemberIsFoundByTheFullSweep() {
    DueWork.anUnannouncedMemberIsFoundByTheFullSweep(vertx, RedisStoreTest.clientOptions(cluster.urls(), "cluster"), clock, (RedisStore) store);
  }

  @Test
  void customersSpreadOverEveryMaster() {
    for (int i = 0; i < 60; i++) {
      Address phone = new Address(Address.PHONE, String.format("+1514555%04d", i));
      Customer customer = result(store.customers().findOrCreate(phone, Customer.first(Ids.next("cus"), phone,
          i % 2 == 0 ? "Amélie Tremblay" : "Noah Wilson", T0)));
      Conversation conversation = result(store.conversations().openFor(customer.id(),
          Conversation.open(Ids.near("cnv", customer.id()), customer.id(), null, Address.PHONE, T0, null))).conversation();
      result(store.messages().append(new Message(Ids.near("msg", customer.id()), conversation.id(), customer.id(),
          Message.Direction.INBOUND, Address.PHONE, "Bonjour, ma facture est trop élevée",
          new Message.Author("customer", customer.id(), customer.name()), T0, null, "SM" + i, null, Map.of(), List.of())));
    }
    List<Long> keys = cluster.keysPerMaster();
    org.slf4j.LoggerFactory.getLogger(RedisClusterStoreTest.class).atInfo().addKeyValue("customers", 60)
        .addKeyValue("keysPerMaster", keys).log("keys spread");
    assertTrue(keys.stream().allMatch(n -> n > 60), "each master holds a share of the customers: " + keys);
  }

  /** An earlier version's store, all on the master that owns {@code {relay}}, is spread when it opens. */
  @Test
  void aStoreOfAnEarlierVersionOnOneMasterIsSpreadWhenItOpens() {
    EarlierLayout.write((RedisStore) store);
    result(store.close());
    store = reopen(vertx);
    EarlierLayout.assertMoved(store, String.join(" ", cluster.masters().stream()
        .map(m -> m.cli("--scan", "--pattern", "{relay}:*")).toList()));
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }
}
