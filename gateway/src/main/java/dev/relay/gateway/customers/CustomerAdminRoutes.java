package dev.relay.gateway.customers;

import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Identities;
import dev.relay.gateway.domain.PhoneNumbers;
import dev.relay.connector.spi.Address;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.http.Api;
import dev.relay.gateway.http.Fields;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/admin/customers/{id}}: read a customer, set the profile routing rules look at (tags,
 * locale, time zone), and {@code PUT .../agent} to give them a new dedicated agent (the old one left,
 * or changed team). Changes are audited; on reassignment the open conversation moves with the
 * customer, who hears the new agent's name on their next contact.
 */
public final class CustomerAdminRoutes {

  private final Store store;
  private final Reassignment reassignment;
  private final PhoneNumbers phones;
  private final Clock clock;

  public CustomerAdminRoutes(Store store, Reassignment reassignment, PhoneNumbers phones, Clock clock) {
    this.store = store;
    this.reassignment = reassignment;
    this.phones = phones;
    this.clock = clock;
  }

  public void mount(Router router) {
    router.put("/api/admin/customers/:id/agent").handler(rc -> Api.respond(rc, 200, this::reassign));
    router.get("/api/admin/customers/:id").handler(rc -> Api.respond(rc, 200, r -> store.customers().get(r.pathParam("id"))
        .map(c -> c.orElseThrow(() -> RelayException.notFound("customer " + r.pathParam("id"))))));
    router.patch("/api/admin/customers/:id").handler(rc -> Api.respond(rc, 200, this::profile));
    router.post("/api/admin/customers/:id/identities").handler(rc -> Api.respond(rc, 200, this::link));
  }

  /**
   * Links an address the admin knows is this customer's (their e-mail, their phone, the site's user
   * id) so every channel reaches the same customer and agent. An address that is someone else's is
   * a conflict; nothing is merged behind an admin's back. A national phone number is read in the
   * customer's region, else the company's.
   */
  private Future<Customer> link(RoutingContext rc) {
    Fields fields = new Fields(Api.body(rc), Set.of("kind", "value"));
    String kind = fields.requiredString("kind", 20);
    String raw = fields.requiredString("value", 320);
    if (kind != null && !List.of("email", "phone", "site-user").contains(kind)) {
      fields.problem("kind: must be email, phone or site-user");
    }
    fields.check();
    String customerId = rc.pathParam("id");
    return store.customers().get(customerId)
        .map(found -> new Address(kind, valueOf(kind, raw, found.orElseThrow(() -> RelayException.notFound("customer " + customerId)))))
        .compose(identity -> store.customers().update(customerId, c -> c.withIdentity(identity)).map(updated -> Map.entry(identity, updated)))
        .compose(linked -> store.audit().append(Api.actor(rc), "customer.identity-linked", customerId,
            Map.of("identity", linked.getKey().key()), clock.instant()).map(linked.getValue()));
  }

  /** The address as stored: an e-mail normalised, a phone in E.164; invalid → 422 saying why. */
  private String valueOf(String kind, String raw, Customer customer) {
    return switch (kind) {
      case "email" -> Identities.email(raw).orElseThrow(() -> RelayException.invalid(List.of("value: not a valid email")));
      case "phone" -> phones.ofCustomer(customer, null, raw).e164OrThrow("value");
      default -> raw;
    };
  }

  /** Name, tags, locale and time zone ({@link ProfileChange}); routing rules see the last three. */
  private Future<Customer> profile(RoutingContext rc) {
    ProfileChange change = ProfileChange.read(Api.body(rc));
    String customerId = rc.pathParam("id");
    return store.customers().update(customerId, change::applyTo)
        .compose(updated -> store.audit().append(Api.actor(rc), "customer.profile", customerId,
            change.audited(updated), clock.instant()).map(updated));
  }

  private Future<Customer> reassign(RoutingContext rc) {
    Fields fields = new Fields(Api.body(rc), Set.of("agentId"));
    String agentId = fields.requiredString("agentId", 100);
    fields.check();
    return reassignment.reassign(rc.pathParam("id"), agentId, Api.actor(rc), "admin", Reassignment.Tell.NEXT_CONTACT);
  }
}
