package dev.relay.gateway.store.redis;

import dev.relay.connector.spi.Address;
import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.store.CustomerStore;
import dev.relay.gateway.store.rules.Conflicts;
import dev.relay.gateway.store.rules.IdentityIndex;
import dev.relay.gateway.store.redis.RedisStore.Op;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * {@code customer:<id>} JSON; {@code identity:<kind>:<value>} → customer id (one customer per address);
 * {@code owned:<agent>}: the ids of the customers an agent owns.
 */
final class RedisCustomers implements CustomerStore {

  private static final String OWNERS_INDEXED = RedisStore.key("owned-indexed");
  private final RedisStore store;

  RedisCustomers(RedisStore store) {
    this.store = store;
  }

  static String record(String id) {
    return RedisStore.key("customer", id);
  }

  static String identity(Address address) {
    return RedisStore.key("identity", address.key());
  }

  @Override
  public Future<Customer> findOrCreate(Address identity, Customer draft) {
    return byIdentity(identity).compose(known -> {
      if (known.isPresent()) {
        return Future.succeededFuture(known.get());
      }
      IdentityIndex index = IdentityIndex.of(null, draft);
      return store.write(record(draft.id()), null, Json.encode(draft), indexOps(null, draft))
          .compose(written -> written.ok() ? Future.succeededFuture(draft)
              // Someone created the customer for this address meanwhile: theirs it is.
              : byIdentity(identity).map(winner -> winner.orElseThrow(() -> Conflicts.identityTaken(
                  index.conflicting(written.conflictKey(), RedisCustomers::identity).orElse(identity)))));
    });
  }

  @Override
  public Future<Optional<Customer>> get(String id) {
    return store.get(record(id), Customer.class);
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

  /**
   * Customers written before owners were indexed: index them once (a marker says it was done).
   * Replicas starting together may both do it; adding to a set twice is harmless.
   */
  Future<Void> indexOwners() {
    return store.send(Command.EXISTS, OWNERS_INDEXED)
        .compose(done -> done.toInteger() == 1 ? Future.succeededFuture() : indexOwners("0"));
  }

  private Future<Void> indexOwners(String cursor) {
    return store.send(Command.SCAN, cursor, "MATCH", record("*"), "COUNT", 500).compose(page -> {
      String next = page.get(0).toString();
      return store.getAll(RedisStore.strings(page.get(1)), Customer.class).compose(customers -> {
        Map<String, List<String>> byOwner = customers.stream().filter(c -> c.ownerId() != null)
            .collect(Collectors.groupingBy(Customer::ownerId, Collectors.mapping(Customer::id, Collectors.toList())));
        Future<Void> added = Future.succeededFuture();
        for (Map.Entry<String, List<String>> owner : byOwner.entrySet()) {
          List<Object> args = new ArrayList<>(List.of(owned(owner.getKey())));
          args.addAll(owner.getValue());
          added = added.compose(v -> store.send(Command.SADD, args.toArray()).mapEmpty());
        }
        return added;
      }).compose(v -> "0".equals(next) ? store.send(Command.SET, OWNERS_INDEXED, "1").<Void>mapEmpty() : indexOwners(next));
    });
  }

  @Override
  public Future<Customer> update(String id, UnaryOperator<Customer> change) {
    return store.update(record(id), Customer.class, "customer", change, RedisCustomers::indexOps,
        (after, key) -> Conflicts.identityTaken(
            IdentityIndex.of(null, after).conflicting(key, RedisCustomers::identity).orElseThrow()));
  }

  private static String owned(String agentId) {
    return RedisStore.key("owned", agentId);
  }

  /** The index entries of a customer going from {@code before} (null: new) to {@code after}. */
  static List<Op> indexOps(Customer before, Customer after) {
    String id = after.id();
    IdentityIndex index = IdentityIndex.of(before, after);
    List<Op> ops = new ArrayList<>(Stream.concat(index.held().stream().map(a -> Op.claim(identity(a), id)),
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

  @Override
  public Future<Boolean> delete(String id) {
    return store.delete(record(id), Customer.class, gone -> Stream.concat(
        gone.identities().stream().map(a -> Op.release(identity(a), id)),
        Stream.ofNullable(gone.ownerId()).map(owner -> Op.srem(owned(owner), id))).toList());
  }
}
