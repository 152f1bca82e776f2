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
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** {@code customer:<id>} JSON; {@code identity:<kind>:<value>} → customer id (one customer per address). */
final class RedisCustomers implements CustomerStore {

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
      return store.write(record(draft.id()), null, Json.encode(draft), ops(draft.id(), index))
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

  @Override
  public Future<Customer> update(String id, UnaryOperator<Customer> change) {
    return store.update(record(id), Customer.class, "customer", change,
        (before, after) -> ops(id, IdentityIndex.of(before, after)),
        (after, key) -> Conflicts.identityTaken(
            IdentityIndex.of(null, after).conflicting(key, RedisCustomers::identity).orElseThrow()));
  }

  private static List<Op> ops(String id, IdentityIndex index) {
    return Stream.concat(index.held().stream().map(a -> Op.claim(identity(a), id)),
        index.released().stream().map(a -> Op.release(identity(a), id))).toList();
  }

  @Override
  public Future<Boolean> delete(String id) {
    return store.delete(record(id), Customer.class,
        gone -> gone.identities().stream().map(a -> Op.release(identity(a), id)).toList());
  }
}
