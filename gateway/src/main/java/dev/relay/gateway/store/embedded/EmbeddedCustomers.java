package dev.relay.gateway.store.embedded;

import dev.relay.connector.spi.Address;
import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.store.CustomerStore;
import dev.relay.gateway.store.rules.Conflicts;
import dev.relay.gateway.store.rules.IdentityIndex;
import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;
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

  /** owner id + SEP + customer id → customer id: the customers an agent owns, for a hand-over. */
  private MVMap<String, String> byOwner() {
    return store.map("customer-owners");
  }

  /** Data written before owners were indexed: index them once. */
  void indexOwners() {
    if (byOwner().isEmpty()) {
      records().values().stream().map(json -> Json.decode(json, Customer.class)).forEach(c -> reindexOwner(null, c));
    }
  }

  @Override
  public Future<Customer> findOrCreate(Address identity, Customer draft) {
    return store.write(() -> {
      String known = identities().get(identity.key());
      if (known != null) {
        return Json.decode(records().get(known), Customer.class);
      }
      reindex(draft.id(), IdentityIndex.of(null, draft));
      reindexOwner(null, draft);
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

  /** The index is a hint; the records say who owns whom (an entry left stale is skipped). */
  @Override
  public Future<List<Customer>> ownedBy(String agentId) {
    return store.read(() -> EmbeddedStore.scan(byOwner(), agentId).stream()
        .flatMap(id -> EmbeddedStore.decode(records().get(id), Customer.class).stream())
        .filter(c -> agentId.equals(c.ownerId())).toList());
  }

  @Override
  public Future<Customer> update(String id, UnaryOperator<Customer> change) {
    return store.write(() -> changeInWrite(id, change));
  }

  /** The update itself, for a write that changes other records with it. */
  Customer changeInWrite(String id, UnaryOperator<Customer> change) {
    Customer before = EmbeddedStore.decode(records().get(id), Customer.class).orElse(null);
    Customer next = EmbeddedStore.change(records(), id, Customer.class, "customer", change);
    reindex(id, IdentityIndex.of(before, next));
    reindexOwner(before, next);
    return next;
  }

  private void reindexOwner(Customer before, Customer after) {
    String was = before == null ? null : before.ownerId();
    if (Objects.equals(was, after.ownerId())) {
      return;
    }
    if (was != null) {
      byOwner().remove(was + EmbeddedStore.SEP + after.id());
    }
    if (after.ownerId() != null) {
      byOwner().put(after.ownerId() + EmbeddedStore.SEP + after.id(), after.id());
    }
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
      Customer gone = Json.decode(json, Customer.class);
      gone.identities().forEach(identity -> identities().remove(identity.key(), id));
      if (gone.ownerId() != null) {
        byOwner().remove(gone.ownerId() + EmbeddedStore.SEP + id);
      }
      return true;
    });
  }
}
