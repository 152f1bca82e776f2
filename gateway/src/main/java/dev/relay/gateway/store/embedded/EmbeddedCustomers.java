package dev.relay.gateway.store.embedded;

import dev.relay.connector.spi.Address;
import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.store.CustomerStore;
import dev.relay.gateway.store.rules.Conflicts;
import dev.relay.gateway.store.rules.IdentityIndex;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.h2.mvstore.MVMap;

final class EmbeddedCustomers implements CustomerStore {

  private final EmbeddedStore store;

  EmbeddedCustomers(EmbeddedStore store) {
    this.store = store;
  }

  private MVMap<String, String> identities() {
    return store.map("customer-identities");
  }

  private MVMap<String, String> records() {
    return store.map("customers");
  }

  @Override
  public Future<Customer> findOrCreate(Address identity, Customer draft) {
    return store.write(() -> {
      String known = identities().get(identity.key());
      if (known != null) {
        return Json.decode(records().get(known), Customer.class);
      }
      reindex(draft.id(), IdentityIndex.of(null, draft));
      records().put(draft.id(), Json.encode(draft));
      return draft;
    });
  }

  @Override
  public Future<Optional<Customer>> get(String id) {
    return store.read(() -> EmbeddedStore.decode(records().get(id), Customer.class));
  }

  @Override
  public Future<Optional<Customer>> byIdentity(Address identity) {
    return store.read(() -> Optional.ofNullable(identities().get(identity.key()))
        .flatMap(id -> EmbeddedStore.decode(records().get(id), Customer.class)));
  }

  @Override
  public Future<Customer> update(String id, UnaryOperator<Customer> change) {
    return store.write(() -> {
      Customer before = EmbeddedStore.decode(records().get(id), Customer.class).orElse(null);
      Customer next = EmbeddedStore.change(records(), id, Customer.class, "customer", change);
      reindex(id, IdentityIndex.of(before, next));
      return next;
    });
  }

  /** Inside a write: a conflict throws, and the write rolls back what was indexed before it. */
  private void reindex(String id, IdentityIndex index) {
    for (Address identity : index.held()) {
      String holder = identities().putIfAbsent(identity.key(), id);
      if (holder != null && !holder.equals(id)) {
        throw Conflicts.identityTaken(identity);
      }
    }
    index.released().forEach(identity -> identities().remove(identity.key(), id));
  }

  @Override
  public Future<Boolean> delete(String id) {
    return store.write(() -> {
      String json = records().remove(id);
      if (json == null) {
        return false;
      }
      Json.decode(json, Customer.class).identities().forEach(identity -> identities().remove(identity.key(), id));
      return true;
    });
  }
}
