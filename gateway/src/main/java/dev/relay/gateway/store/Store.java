package dev.relay.gateway.store;

import dev.relay.connector.spi.Address;
import dev.relay.gateway.domain.Customer;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * Everything Relay keeps. Two implementations pass one contract suite: the embedded store
 * (H2 MVStore file, the default) and Redis (several replicas). Every future completes after
 * the write is durable in that store, so callers may acknowledge to the outside world then.
 */
public interface Store {

  CustomerStore customers();

  AgentStore agents();

  ConversationStore conversations();

  MessageStore messages();

  InboxStore inbox();

  RuleStore rules();

  TextStore texts();

  AuditStore audit();

  JobStore jobs();

  LeaseStore leases();

  AttachmentStore attachments();

  ResponseTimeStore responseTimes();

  HoursStore hours();

  SignInStore signIn();

  CannedReplyStore cannedReplies();
  BrandStore brand();
  ReviewStore reviews();

  /**
   * The customer {@code identity} belongs to, with their {@link ConversationStore#situationOf
   * situation}: what routing reads before a message (a store may read it in one step).
   */
  default Future<Optional<Contact>> contactOf(Address identity) {
    return customers().byIdentity(identity).compose(found -> found.isEmpty() ? Future.succeededFuture(Optional.empty())
        : conversations().situationOf(found.get().id()).map(situation -> Optional.of(new Contact(found.get(), situation))));
  }

  record Contact(Customer customer, ConversationStore.Situation situation) {
  }

  /** Makes every change of the batch in one atomic step, or none of them (see {@link Batch}). */
  Future<Batch.Applied> apply(Batch batch);

  /**
   * Makes what was deleted unrecoverable from the store's own files, not only unreachable: the
   * embedded store rewrites its file with the live data only; Redis rewrites its append-only file
   * when it keeps one. Erasure calls it; it may take as long as copying the live data. Answers what
   * it did, for the erasure's report.
   */
  Future<String> purgeDeleted();

  /** Succeeds when the store can serve requests; used by readiness. */
  Future<Void> ping();

  Future<Void> close();
}
