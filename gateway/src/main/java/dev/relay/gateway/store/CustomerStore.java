package dev.relay.gateway.store;

import dev.relay.connector.spi.Address;
import dev.relay.gateway.domain.Customer;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

public interface CustomerStore {

  /**
   * The customer known by this identity, or {@code draft} stored as a new one, atomically:
   * two first messages racing from one address make one customer.
   */
  Future<Customer> findOrCreate(Address identity, Customer draft);

  Future<Optional<Customer>> get(String id);

  Future<Optional<Customer>> byIdentity(Address identity);

  /** The customers this agent owns (an index lookup: a hand-over reads a thousand at once). */
  Future<List<Customer>> ownedBy(String agentId);

  /**
   * Applies {@code change} to the stored customer atomically; fails with {@code not_found}.
   * New identities in the result are indexed; an identity already held by another customer is a conflict.
   */
  Future<Customer> update(String id, UnaryOperator<Customer> change);

  /** Removes the customer and frees every identity they held (a later contact from one is a new customer); false when unknown. */
  Future<Boolean> delete(String id);
}
