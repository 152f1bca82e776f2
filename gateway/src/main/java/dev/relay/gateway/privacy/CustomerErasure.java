package dev.relay.gateway.privacy;

import dev.relay.connector.spi.Connector;
import dev.relay.connector.spi.ProviderCopies;
import dev.relay.gateway.calls.AgentCalls;
import dev.relay.gateway.channel.Connectors;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Job;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The right to erasure: everything Relay holds about a customer is deleted from the store (jobs,
 * which cancels pending follow-ups and callbacks; the agents' pending events about them; messages and
 * attachments; conversations; the profile, which frees every identity, so writing again makes a new
 * customer), the details of audit entries about them are redacted, the store's files are rewritten
 * so the bytes are gone from disk, and each channel's provider is asked to delete its copies. The
 * customer record goes last, so an erasure that failed half-way can simply be asked again.
 */
final class CustomerErasure {

  private static final Logger LOG = LoggerFactory.getLogger(CustomerErasure.class);

  private final Store store;
  private final Connectors connectors;
  private final Clock clock;
  private final PendingEvents events;

  CustomerErasure(Store store, Connectors connectors, Clock clock) {
    this.store = store;
    this.events = new PendingEvents(store);
    this.connectors = connectors;
    this.clock = clock;
  }

  /**
   * What was erased, by count, and what the channel providers keep.
   *
   * @param cancelled pending jobs (follow-ups, callbacks, retries) that will not run
   * @param storeFiles how the store's files were cleaned of the deleted bytes
   */
  record Erasure(String customerId, Instant erasedAt, Map<String, Integer> erased, int cancelled,
                 List<ProviderCopies> providers, String storeFiles) {
  }

  Future<Erasure> erase(String customerId, String actor) {
    return CustomerRecords.of(store, customerId).compose(records -> {
      Map<String, Integer> erased = new LinkedHashMap<>();
      int cancelled = (int) records.jobs().stream().filter(j -> j.state() == Job.State.PENDING).count();
      return counted(erased, "jobs", each(records.jobs(), job -> store.jobs().delete(job.id())))
          .compose(v -> counted(erased, "agentEvents",
              events.forget(records.conversations().stream().map(Conversation::id).collect(Collectors.toSet()))))
          .compose(v -> counted(erased, "attachments",
              each(records.keptAttachments(), a -> store.attachments().delete(a.id()))))
          .compose(v -> counted(erased, "messages", each(records.messages(), m -> store.messages().delete(m.id()))))
          .compose(v -> counted(erased, "reviews", each(records.reviews(), r -> store.reviews().delete(r.id()))))
          .compose(v -> counted(erased, "conversations",
              each(records.conversations(), c -> store.conversations().delete(c.id()))))
          .compose(v -> counted(erased, "auditEntriesRedacted", redactAudit(records)))
          .compose(v -> store.customers().delete(customerId))
          .compose(v -> store.purgeDeleted())
          .compose(storeFiles -> providerCopies(records.messages()).compose(providers -> {
            Erasure erasure = new Erasure(customerId, clock.instant(), erased, cancelled, providers, storeFiles);
            // The entry names the customer's opaque id and counts, nothing they said or where they can be reached.
            return store.audit().append(actor, "customer.erased", customerId, Map.of("erased", erased,
                    "cancelledJobs", cancelled), erasure.erasedAt())
                .map(entry -> erasure);
          }))
          .onSuccess(erasure -> LOG.atInfo().addKeyValue("customer", customerId).addKeyValue("erased", erased)
              .addKeyValue("actor", actor).log("customer erased"));
    });
  }

  /** Notes in {@code erased} how many {@code what} a step erased. */
  private static Future<Void> counted(Map<String, Integer> erased, String what, Future<Integer> step) {
    return step.map(n -> {
      erased.put(what, n);
      return null;
    });
  }

  /** Runs {@code delete} on each item, one after another; how many it found. */
  private static <T> Future<Integer> each(List<T> items, Function<T, Future<Boolean>> delete) {
    Future<Integer> count = Future.succeededFuture(0);
    for (T item : items) {
      count = count.compose(n -> delete.apply(item).map(found -> found ? n + 1 : n));
    }
    return count;
  }

  private Future<Integer> redactAudit(CustomerRecords records) {
    List<String> targets = new java.util.ArrayList<>(List.of(records.customer().id()));
    records.conversations().forEach(c -> targets.add(c.id()));
    Future<Integer> count = Future.succeededFuture(0);
    for (String target : targets) {
      count = count.compose(n -> store.audit().redact(target).map(r -> n + r));
    }
    return count;
  }

  /**
   * Each connector gets the provider ids of the customer's messages on its channel (and the voice
   * connector those of their calls) and says what its provider keeps.
   */
  private Future<List<ProviderCopies>> providerCopies(List<Message> messages) {
    List<Future<ProviderCopies>> asked = connectors.all().stream().map(connector -> {
      List<String> ids = messages.stream().filter(m -> m.externalId() != null && carries(connector, m))
          .map(Message::externalId).distinct().toList();
      return connector.forget(ids);
    }).toList();
    return Future.all(asked).map(done -> asked.stream().map(Future::result).toList());
  }

  private static boolean carries(Connector connector, Message message) {
    return message.channel().equals(connector.channel())
        || AgentCalls.CHANNEL.equals(message.channel()) && connector.calls().isPresent();
  }
}
