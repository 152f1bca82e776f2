package dev.relay.gateway.privacy;

import dev.relay.gateway.calls.AgentCalls;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Job;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.schedule.JobHandler;
import dev.relay.gateway.schedule.Scheduler;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces the {@link RetentionPolicy}: a durable job runs once a day (on whichever replica claims it)
 * and deletes, on either store, what its periods say is due: resolved conversations with their
 * messages, attachments and jobs; attachments' bytes (the message keeps their name and size); the
 * provider's recordings of calls. {@link #count} tells an admin what a policy would delete, without
 * deleting, before they enable it. Retention looks at every conversation: a daily pass, not a query.
 */
final class Retention implements JobHandler {

  static final String JOB = "retention";
  static final Duration EVERY = Duration.ofDays(1);
  /** Marks a call whose recordings retention has deleted, so later runs leave it. */
  static final String RECORDINGS = "recordings";
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

  private final Store store;
  private final Scheduler scheduler;
  private final AgentCalls calls;
  private final RetentionPolicy policy;
  private final Clock clock;
  private final PendingEvents events;

  Retention(Store store, Scheduler scheduler, AgentCalls calls, RetentionPolicy policy, Clock clock) {
    this.store = store;
    this.scheduler = scheduler;
    this.calls = calls;
    this.policy = policy;
    this.clock = clock;
    this.events = new PendingEvents(store);
  }

  RetentionPolicy policy() {
    return policy;
  }

  /** What one pass deleted, or would delete. */
  record Due(int conversations, int messages, int attachments, int callRecordings) {
    Due plus(Due other) {
      return new Due(conversations + other.conversations, messages + other.messages, attachments + other.attachments,
          callRecordings + other.callRecordings);
    }
  }

  private static final Due NONE = new Due(0, 0, 0, 0);

  /** Plans today's pass when a period is set; a pass already planned is kept. */
  Future<Void> start() {
    if (!policy.enabled()) {
      return Future.succeededFuture();
    }
    Instant now = clock.instant();
    return scheduler.schedule(JOB, key(now), now, Map.of()).mapEmpty();
  }

  /** The next pass, if one is planned. */
  Future<Instant> next() {
    return store.jobs().list(JOB, Job.State.PENDING, null, null)
        .map(pending -> pending.isEmpty() ? null : pending.get(0).dueAt());
  }

  @Override
  public Future<Void> run(Job job) {
    if (!policy.enabled()) {
      return Future.succeededFuture();
    }
    Instant now = clock.instant();
    return pass(policy, now, true)
        // What was deleted leaves the store's files too, as after an erasure.
        .compose(done -> done.equals(NONE) ? Future.succeededFuture(done) : store.purgeDeleted().map(done))
        .onSuccess(done -> LOG.atInfo().addKeyValue("conversations", done.conversations())
            .addKeyValue("messages", done.messages()).addKeyValue("attachments", done.attachments())
            .addKeyValue("callRecordings", done.callRecordings()).log("retention pass deleted what was due"))
        .compose(done -> scheduler.schedule(JOB, key(now.plus(EVERY)), now.plus(EVERY), Map.of()))
        .mapEmpty();
  }

  /** What {@code candidate} would delete now, deleting nothing. */
  Future<Due> count(RetentionPolicy candidate) {
    return pass(candidate, clock.instant(), false);
  }

  private static String key(Instant at) {
    return JOB + ":" + LocalDate.ofInstant(at, ZoneOffset.UTC);
  }

  private Future<Due> pass(RetentionPolicy rules, Instant now, boolean delete) {
    return Future.all(store.conversations().list(null, null, false), store.jobs().list(null, null, null, null))
        .compose(found -> {
          List<Conversation> conversations = found.resultAt(0);
          Map<String, List<Job>> jobsByConversation = found.<List<Job>>resultAt(1).stream()
              .filter(j -> j.payload().containsKey("conversationId"))
              .collect(Collectors.groupingBy(j -> j.payload().get("conversationId")));
          Future<Due> total = Future.succeededFuture(NONE);
          for (Conversation conversation : conversations) {
            total = total.compose(sum -> store.messages().ofConversation(conversation.id())
                .compose(messages -> expired(conversation, rules, now)
                    ? dropConversation(conversation, messages, jobsByConversation.getOrDefault(conversation.id(), List.of()),
                        delete)
                    : trim(messages, rules, now, delete))
                .map(sum::plus));
          }
          return total;
        });
  }

  private static boolean expired(Conversation conversation, RetentionPolicy rules, Instant now) {
    return rules.resolvedConversations() != null && conversation.status() == Conversation.Status.RESOLVED
        && conversation.resolvedAt() != null && !conversation.resolvedAt().plus(rules.resolvedConversations()).isAfter(now);
  }

  private Future<Due> dropConversation(Conversation conversation, List<Message> messages, List<Job> jobs, boolean delete) {
    List<Message.Attachment> kept = messages.stream().flatMap(m -> m.attachments().stream())
        .filter(Message.Attachment::kept).toList();
    Due due = new Due(1, messages.size(), kept.size(), 0);
    if (!delete) {
      return Future.succeededFuture(due);
    }
    Future<?> chain = Future.succeededFuture();
    for (Message.Attachment attachment : kept) {
      chain = chain.compose(v -> store.attachments().delete(attachment.id()));
    }
    for (Message message : messages) {
      chain = chain.compose(v -> store.messages().delete(message.id()));
    }
    for (Job job : jobs) {
      chain = chain.compose(v -> store.jobs().delete(job.id()));
    }
    return chain.compose(v -> store.conversations().delete(conversation.id()))
        .compose(v -> events.forget(Set.of(conversation.id()))).map(due);
  }

  /** In a conversation that stays: attachments' bytes and calls' recordings past their periods. */
  private Future<Due> trim(List<Message> messages, RetentionPolicy rules, Instant now, boolean delete) {
    List<Message> withFiles = rules.attachments() == null ? List.of() : messages.stream()
        .filter(m -> m.attachments().stream().anyMatch(Message.Attachment::kept))
        .filter(m -> !m.at().plus(rules.attachments()).isAfter(now)).toList();
    List<Message> recorded = rules.callRecordings() == null ? List.of() : messages.stream()
        .filter(m -> AgentCalls.CHANNEL.equals(m.channel()) && m.externalId() != null)
        .filter(m -> !"deleted".equals(m.attributes().get(RECORDINGS)))
        .filter(m -> !m.at().plus(rules.callRecordings()).isAfter(now)).toList();
    int files = (int) withFiles.stream().flatMap(m -> m.attachments().stream()).filter(Message.Attachment::kept).count();
    if (!delete) {
      return Future.succeededFuture(new Due(0, 0, files, calls.voice().isPresent() ? recorded.size() : 0));
    }
    Future<?> chain = Future.succeededFuture();
    for (Message message : withFiles) {
      for (Message.Attachment attachment : message.attachments()) {
        chain = chain.compose(v -> store.attachments().delete(attachment.id()));
      }
      chain = chain.compose(v -> store.messages().update(message.id(), Message::attachmentsRemoved));
    }
    return chain.compose(v -> deleteRecordings(recorded)).map(cleaned -> new Due(0, 0, files, cleaned));
  }

  /** Asks the voice channel to delete the recordings; a call it cleaned is marked so. Without one, nothing is due. */
  private Future<Integer> deleteRecordings(List<Message> recorded) {
    if (recorded.isEmpty() || calls.voice().isEmpty()) {
      return Future.succeededFuture(0);
    }
    List<String> ids = recorded.stream().map(Message::externalId).toList();
    return calls.voice().get().deleteRecordings(ids).compose(cleaned -> {
      List<Future<Message>> marked = new ArrayList<>();
      for (Message message : recorded) {
        if (cleaned.contains(message.externalId())) {
          marked.add(store.messages().update(message.id(), m -> m.withAttribute(RECORDINGS, "deleted")));
        }
      }
      return Future.all(marked).map(done -> marked.size());
    });
  }
}
