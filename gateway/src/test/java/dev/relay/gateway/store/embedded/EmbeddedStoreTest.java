package dev.relay.gateway.store.embedded;

import static dev.relay.gateway.support.Await.result;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.store.ConversationStore;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.store.rules.HistoryTally;
import dev.relay.gateway.store.StoreContract;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStoreTest extends StoreContract {

  @TempDir
  Path dir;

  @Override
  protected Store open(Vertx vertx) {
    return result(EmbeddedStore.open(vertx, dir, clock));
  }

  @Override
  protected Store reopen(Vertx vertx) {
    return result(EmbeddedStore.open(vertx, dir, clock));
  }

  @Override
  protected void asAnEarlierVersionLeftIt(String customerId) {
    result(((EmbeddedStore) store).write(() -> ((EmbeddedStore) store).map("customer-history").remove(customerId)));
  }

  @Override
  protected ConversationStore.History keptHistory(String customerId) {
    String kept = result(((EmbeddedStore) store).read(() -> ((EmbeddedStore) store).map("customer-history").get(customerId)));
    return kept == null ? null : Json.decode(kept, HistoryTally.class).history();
  }

  /** One process owns the file, so its outage is the store being closed under its callers. */
  @Override
  protected void outage() {
    result(store.close());
  }
}
