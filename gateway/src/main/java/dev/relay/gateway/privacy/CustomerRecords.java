package dev.relay.gateway.privacy;

import dev.relay.gateway.domain.AuditEntry;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Job;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.domain.Review;
import dev.relay.gateway.calls.AgentCalls;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything Relay holds about one customer, found the one way both the export and the erasure use:
 * the profile, their conversations and whole timeline, the jobs whose payload names the customer,
 * one of their conversations or one of their messages, and the audit entries about any of those.
 * Their attachments' bytes are read one at a time by whoever needs them.
 */
record CustomerRecords(Customer customer, List<Conversation> conversations, List<Message> messages, List<Job> jobs,
                       List<AuditEntry> audit, List<Review> reviews) {

  /** Payload fields of every job kind that name a customer's records (CallJob, OwnerWait, ReplyRetry). */
  private static final List<String> NAMING_FIELDS = List.of("customerId", "conversationId", "messageId");

  static Future<CustomerRecords> of(Store store, String customerId) {
    return store.customers().get(customerId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(RelayException.notFound("customer " + customerId));
      }
      Future<List<Conversation>> conversations = store.conversations().ofCustomer(customerId);
      Future<List<Message>> messages = store.messages().ofCustomer(customerId);
      Future<List<Job>> jobs = store.jobs().list(null, null, null, null);
      Future<List<Review>> reviews = store.reviews().list(null);
      return Future.all(conversations, messages, jobs, reviews).compose(all -> {
        Set<String> ids = ids(customerId, conversations.result(), messages.result());
        List<Job> naming = jobs.result().stream()
            .filter(job -> NAMING_FIELDS.stream().anyMatch(field -> ids.contains(job.payload().get(field))))
            .toList();
        List<String> targets = new ArrayList<>(List.of(customerId));
        conversations.result().forEach(c -> targets.add(c.id()));
        List<Future<List<AuditEntry>>> audit = targets.stream().map(store.audit()::about).toList();
        return Future.all(audit).map(done -> new CustomerRecords(found.get(), conversations.result(), messages.result(),
            naming, audit.stream().flatMap(f -> f.result().stream()).sorted(Comparator.comparingLong(AuditEntry::id))
                .toList(), reviews.result().stream().filter(r -> ids.contains(r.conversationId())).toList()));
      });
    });
  }

  /** The ids a job payload or an audit entry may name: the customer's, their conversations', their messages'. */
  private static Set<String> ids(String customerId, List<Conversation> conversations, List<Message> messages) {
    Set<String> ids = new HashSet<>();
    ids.add(customerId);
    conversations.forEach(c -> ids.add(c.id()));
    messages.forEach(m -> ids.add(m.id()));
    return ids;
  }

  /** The calls of theirs that were recorded (the audio is kept by the voice channel's provider). */
  List<Message> recordedCalls() {
    return messages.stream().filter(m -> m.attributes().containsKey(AgentCalls.RECORDING)).toList();
  }

  /** Every attachment whose bytes Relay kept. */
  List<Message.Attachment> keptAttachments() {
    return messages.stream().flatMap(m -> m.attachments().stream()).filter(Message.Attachment::kept).toList();
  }
}
