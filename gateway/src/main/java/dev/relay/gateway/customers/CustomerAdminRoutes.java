package dev.relay.gateway.customers;

import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Identities;
import dev.relay.gateway.domain.PhoneNumbers;
import dev.relay.connector.spi.Address;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.http.Api;
import dev.relay.gateway.http.Fields;
import dev.relay.gateway.inbox.AgentInbox;
import dev.relay.gateway.inbox.EventData;
import dev.relay.gateway.assignment.OwnerWait;
import dev.relay.gateway.assignment.WaitingAssigner;
import dev.relay.gateway.schedule.Scheduler;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/admin/customers/{id}}: read a customer, set the profile routing rules look at (tags,
 * locale, time zone), and {@code PUT .../agent} to give them a new dedicated agent (the old one left,
 * or changed team). Changes are audited; on reassignment the open conversation moves with the
 * customer, who hears the new agent's name on their next contact.
 */
public final class CustomerAdminRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(CustomerAdminRoutes.class);

  private final Store store;
  private final AgentInbox inbox;
  private final Scheduler scheduler;
  private final WaitingAssigner waiting;
  private final PhoneNumbers phones;
  private final Clock clock;

  public CustomerAdminRoutes(Store store, AgentInbox inbox, Scheduler scheduler, WaitingAssigner waiting,
                             PhoneNumbers phones, Clock clock) {
    this.store = store;
    this.inbox = inbox;
    this.scheduler = scheduler;
    this.waiting = waiting;
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
    String customerId = rc.pathParam("id");
    String actor = Api.actor(rc);
    return store.customers().get(customerId).compose(customer -> {
      if (customer.isEmpty()) {
        return Future.failedFuture(RelayException.notFound("customer " + customerId));
      }
      return store.agents().get(agentId).compose(agent -> {
        if (agent.isEmpty()) {
          return Future.failedFuture(RelayException.invalid(List.of("agentId: no agent " + agentId)));
        }
        String previous = customer.get().ownerId();
        if (agentId.equals(previous)) {
          return Future.succeededFuture(customer.get());
        }
        return store.customers().update(customerId, c -> c.reassignedTo(agentId))
            .compose(updated -> store.audit().append(actor, "customer.reassigned", customerId,
                Map.of("from", previous == null ? "" : previous, "to", agentId), clock.instant()).map(updated))
            .compose(updated -> moveOpenConversation(updated, agentId).map(updated))
            // The previous owner has one conversation fewer: someone waiting may get them now.
            .compose(updated -> waiting.slotFreed().map(updated))
            .onSuccess(updated -> LOG.atInfo().addKeyValue("customer", customerId).addKeyValue("from", previous)
                .addKeyValue("to", agentId).addKeyValue("actor", actor).log("customer reassigned"));
      });
    });
  }

  private Future<Void> moveOpenConversation(Customer customer, String agentId) {
    return store.conversations().openOf(customer.id()).compose(open -> {
      if (open.isEmpty()) {
        return Future.succeededFuture();
      }
      return scheduler.cancel(new OwnerWait(open.get().id()).key())
          .compose(v -> store.conversations().update(open.get().id(), c -> c.assignedTo(agentId, clock.instant())))
          .compose(moved -> inbox.publish(agentId, AgentInbox.CONVERSATION_ASSIGNED, EventData.assigned(moved, customer)))
          .mapEmpty();
    });
  }
}
