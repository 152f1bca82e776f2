package dev.relay.gateway.store.rules;

import dev.relay.connector.spi.Address;
import dev.relay.gateway.domain.Customer;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which identity index entries a customer change touches: every identity it has must be held by it
 * (claimed, a conflict when another customer holds it), and those it no longer has are released so
 * another customer may claim them.
 *
 * @param held     identities to hold for the customer
 * @param released identities to free, if the customer still holds them
 */
public record IdentityIndex(List<Address> held, List<Address> released) {

  /** The entries for a customer going from {@code before} (null: new) to {@code after}. */
  public static IdentityIndex of(Customer before, Customer after) {
    List<Address> gone = before == null ? List.of()
        : before.identities().stream().filter(a -> !after.identities().contains(a)).toList();
    return new IdentityIndex(after.identities(), gone);
  }

  /**
   * The identity a backend's conflicting entry stands for, so the error names an address, not a key;
   * {@code keyOf} spells an identity as that backend's key.
   */
  public Optional<Address> conflicting(String key, Function<Address, String> keyOf) {
    return held.stream().filter(a -> keyOf.apply(a).equals(key)).findFirst();
  }
}
