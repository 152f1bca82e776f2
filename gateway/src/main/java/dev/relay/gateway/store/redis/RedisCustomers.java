package dev.relay.gateway.store.redis;

import dev.relay.connector.spi.Address;
import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.store.CustomerStore;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.store.rules.Conflicts;
import dev.relay.gateway.store.rules.IdentityIndex;
import dev.relay.gateway.store.redis.RedisStore.Op;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * {@code customer:<id>} JSON under the customer's tag; {@code identity:<kind>:<value>} → customer id
 * (one customer per address) under the address's own tag; {@code owned:<agent>}: the ids of the
 * customers an agent owns, under the agent's. Both indexes are on other shards than the record:
 * they are written through the outbox (an identity claimed before the record, so two first
 * messages from one address still make one customer).
 */
final class RedisCustomers implements CustomerStore {

  private final RedisStore store;
  /** Address → the customer it was last found to be: a guess {@link #contactOf} checks against their record. */
  private final Map<String, String> customerOf = RedisPlaces.memory();

  RedisCustomers(RedisStore store) {
    this.store = store;
  }

  static String record(String id) {
    return Shards.key(id, "customer", id);
  }

  static String identity(Address address) {
    return Shards.key(address.key(), "identity", address.key());
  }

  @Override
  public Future<Customer> findOrCreate(Address identity, Customer draft) {
    return findOrCreate(identity, draft, 1);
  }

  /**
   * The address's customer, or the draft. An address claimed by a customer not written yet (another
   * replica creating it this instant, or one that died doing so, which the outbox undoes) is looked
   * at again a few times, then "unavailable": the channel sends again.
   */
  private Future<Customer> findOrCreate(Address identity, Customer draft, int attempt) {
    return byIdentity(identity).compose(known -> {
      if (known.isPresent()) {
        return Future.succeededFuture(known.get());
      }
      IdentityIndex index = IdentityIndex.of(null, draft);
      return store.write(record(draft.id()), null, Json.encode(draft), indexOps(null, draft)).compose(written -> {
        if (written.ok()) {
          return Future.succeededFuture(draft);
        }
        Address taken = index.conflicting(written.conflictKey(), RedisCustomers::identity).orElse(identity);
        // Someone created the customer for this address meanwhile: theirs it is.
        return byIdentity(taken).compose(winner -> {
          if (winner.isPresent()) {
            return taken.equals(identity) ? Future.succeededFuture(winner.get())
                : Future.failedFuture(Conflicts.identityTaken(taken));
          }
          return attempt < RedisStore.ATTEMPTS ? store.later(Math.min(50, 2L * attempt)).compose(v -> findOrCreate(identity, draft, attempt + 1))
              : Future.failedFuture(RelayException.unavailable("the customer for this address is being created; try again"));
        });
      });
    });
  }

  @Override
  public Future<Optional<Customer>> get(String id) {
    return store.get(record(id), Customer.class);
  }

  /**
   * One script run when this replica has seen the address's customer before: their record says
   * whether the address is still theirs (an identity is claimed before its customer's record lists
   * it and released after it no longer does); else the identity is read first.
   */
  Future<Optional<Store.Contact>> contactOf(Address identity, RedisConversations conversations) {
    String guess = customerOf.get(identity.key());
    if (guess == null) {
      return contactByIndex(identity, conversations);
    }
    return conversations.read(guess, true).compose(read -> {
      Customer customer = read.customer() == null ? null : Json.decode(read.customer(), Customer.class);
      if (customer != null && customer.identities().contains(identity)) {
        return Future.succeededFuture(Optional.of(new Store.Contact(customer, read.situation())));
      }
      customerOf.remove(identity.key());
      return contactByIndex(identity, conversations);
    });
  }

  private Future<Optional<Store.Contact>> contactByIndex(Address identity, RedisConversations conversations) {
    return store.send(Command.GET, identity(identity)).compose(id -> {
      if (id == null) {
        return Future.succeededFuture(Optional.<Store.Contact>empty());
      }
      customerOf.put(identity.key(), id.toString());
      return conversations.read(id.toString(), true).map(read -> Optional.ofNullable(read.customer())
          .map(json -> new Store.Contact(Json.decode(json, Customer.class), read.situation())));
    });
  }

  @Override
  public Future<Optional<Customer>> byIdentity(Address identity) {
    return store.send(Command.GET, identity(identity))
        .compose(id -> id == null ? Future.succeededFuture(Optional.<Customer>empty()) : get(id.toString()));
  }

  /** The index is a hint; the records say who owns whom (an entry left stale is skipped). */
  @Override
  public Future<List<Customer>> ownedBy(String agentId) {
    return store.send(Command.SMEMBERS, owned(agentId)).compose(ids -> store.getAll(
            RedisStore.strings(ids).stream().map(RedisCustomers::record).toList(), Customer.class))
        .map(customers -> customers.stream().filter(c -> agentId.equals(c.ownerId())).toList());
  }

  @Override
  public Future<Customer> update(String id, UnaryOperator<Customer> change) {
    return store.update(record(id), Customer.class, "customer", change, RedisCustomers::indexOps,
        (after, key) -> Conflicts.identityTaken(
            IdentityIndex.of(null, after).conflicting(key, RedisCustomers::identity).orElseThrow()));
  }

  private static String owned(String agentId) {
    return Shards.key(agentId, "owned", agentId);
  }

  /** The index entries of a customer going from {@code before} (null: new) to {@code after}. */
  static List<Op> indexOps(Customer before, Customer after) {
    String id = after.id();
    IdentityIndex index = IdentityIndex.of(before, after);
    // Only new addresses are claimed: those the customer had are theirs already (on other shards,
    // so a change that adds none stays one script run).
    List<Op> ops = new ArrayList<>(Stream.concat(index.held().stream()
            .filter(a -> before == null || !before.identities().contains(a)).map(a -> Op.claim(identity(a), id)),
        index.released().stream().map(a -> Op.release(identity(a), id))).toList());
    String was = before == null ? null : before.ownerId();
    if (!Objects.equals(was, after.ownerId())) {
      if (was != null) {
        ops.add(Op.srem(owned(was), id));
      }
      if (after.ownerId() != null) {
        ops.add(Op.sadd(owned(after.ownerId()), id));
      }
    }
    return ops;
  }

  /** Also forgets the addresses this replica found the customer at (an erasure leaves none of them in memory). */
  @Override
  public Future<Boolean> delete(String id) {
    return store.delete(record(id), Customer.class, gone -> Stream.concat(
        gone.identities().stream().map(a -> Op.release(identity(a), id)),
        Stream.ofNullable(gone.ownerId()).map(owner -> Op.srem(owned(owner), id))).toList())
        .onSuccess(deleted -> {
          synchronized (customerOf) {
            customerOf.values().removeIf(id::equals);
          }
        });
  }
}
