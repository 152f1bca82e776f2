package dev.relay.gateway.store.redis;

import dev.relay.connector.spi.Address;
import dev.relay.gateway.Json;
import dev.relay.gateway.RelayException;
import dev.relay.gateway.customer.Customer;
import dev.relay.gateway.store.CustomerStore;
import dev.relay.gateway.store.redis.RedisStore.Op;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

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
      List<Op> claims = draft.identities().stream().map(a -> Op.claim(identity(a), draft.id())).toList();
      return store.write(record(draft.id()), null, Json.encode(draft), claims).compose(written -> written.ok()
          ? Future.succeededFuture(draft)
          // Someone created the customer for this address meanwhile: theirs it is.
          : byIdentity(identity).map(winner -> winner.orElseThrow(() -> RelayException.conflict("identity_taken",
              "an address of this customer belongs to another customer"))));
    });
  }

  @Override
  public Future<Optional<Customer>> get(String id) {
    return store.get(record(id), Customer.class);
  }

  @Override
  public Future<Optional<Customer>> byIdentity(Address identity) {
    return store.send(io.vertx.redis.client.Command.GET, identity(identity))
        .compose(id -> id == null ? Future.succeededFuture(Optional.<Customer>empty()) : get(id.toString()));
  }

  @Override
  public Future<Customer> update(String id, UnaryOperator<Customer> change) {
    return store.update(record(id), Customer.class, "customer", change, (before, after) -> {
      List<Op> ops = new ArrayList<>();
      after.identities().forEach(a -> ops.add(Op.claim(identity(a), id)));
      before.identities().stream().filter(a -> !after.identities().contains(a))
          .forEach(a -> ops.add(Op.release(identity(a), id)));
      return ops;
    }, key -> RelayException.conflict("identity_taken", "the address belongs to another customer"));
  }
}
