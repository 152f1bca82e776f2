package dev.relay.gateway.assignment;

import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Job;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.inbox.HandsChanged;
import dev.relay.gateway.ops.GatewayMetrics;
import dev.relay.gateway.ops.TeamLabel;
import dev.relay.gateway.outbound.CustomerNotices;
import dev.relay.gateway.presence.Presences;
import dev.relay.gateway.schedule.JobHandler;
import dev.relay.gateway.schedule.Scheduler;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.texts.TextKey;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a covered conversation back to its owner once they are reachable again, at a moment that
 * does not cut an exchange in two: when the customer has answered the teammate's last reply (their
 * new message goes to the owner), or once the conversation has been quiet for {@code quiet} after
 * that reply. Never in between. The customer is told the owner is back. Each covered conversation
 * has one durable {@link HandBack} job, parked while the owner is away and brought forward when
 * they return.
 */
public final class OwnerBack implements JobHandler {

  private static final Logger LOG = LoggerFactory.getLogger(OwnerBack.class);
  /** While the owner is away, the job looks again this rarely; their return brings it forward. */
  private static final Duration PARKED = Duration.ofDays(1);

  private final Store store;
  private final Scheduler scheduler;
  private final Presences presences;
  private final HandsChanged handsChanged;
  private final CustomerNotices notices;
  private final GatewayMetrics metrics;
  private final Duration quiet;
  private final Clock clock;

  public OwnerBack(Store store, Scheduler scheduler, Presences presences, HandsChanged handsChanged,
                   CustomerNotices notices, GatewayMetrics metrics, Duration quiet, Clock clock) {
    this.store = store;
    this.scheduler = scheduler;
    this.presences = presences;
    this.handsChanged = handsChanged;
    this.notices = notices;
    this.metrics = metrics;
    this.quiet = quiet;
    this.clock = clock;
  }

  /** A teammate now answers {@code conversation} for its owner: it goes back when they return. */
  public Future<Void> covered(Conversation conversation, String ownerId) {
    return scheduler.schedule(HandBack.JOB, HandBack.key(conversation.id()), clock.instant().plus(PARKED),
        new HandBack(conversation.id(), ownerId).toMap()).mapEmpty();
  }

  /** The conversation stays with whoever has it now (taken over, reassigned): nothing goes back. */
  public Future<Void> forget(String conversationId) {
    return scheduler.cancel(HandBack.key(conversationId)).mapEmpty();
  }

  /** Someone decided who answers it (a take-over, a reassignment): nobody waits for the owner, nothing goes back. */
  public Future<Void> settled(String conversationId) {
    return scheduler.cancel(new OwnerWait(conversationId).key()).compose(v -> forget(conversationId));
  }

  /**
   * The owner became reachable: their covered conversations are looked at on the next tick. Never
   * fails its caller (the presence change is done); a job not brought forward still looks within a day.
   */
  public Future<Void> cameBack(Agent owner) {
    Instant now = clock.instant();
    return store.jobs().list(HandBack.JOB, Job.State.PENDING, "ownerId", owner.id())
        .compose(jobs -> Future.all(jobs.stream().map(j -> store.jobs().update(j.id(),
            job -> job.state() == Job.State.PENDING ? job.movedTo(now, null) : job)).toList()))
        .<Void>mapEmpty()
        .recover(err -> {
          LOG.atWarn().addKeyValue("agent", owner.id()).setCause(err).log("covered conversations not brought forward");
          return Future.succeededFuture();
        });
  }

  /**
   * The customer wrote in a covered conversation: if its owner is back, the conversation (and this
   * message) goes to them now, since the teammate's last reply has been answered.
   */
  public Future<Conversation> customerWrote(Customer customer, Conversation conversation) {
    if (conversation.agentId() == null || conversation.agentId().equals(customer.ownerId()) || customer.ownerId() == null) {
      return Future.succeededFuture(conversation);
    }
    // On every message of a covered conversation: a lookup by the job's key, not a read of every job.
    return store.jobs().pendingWithKey(HandBack.key(conversation.id())).compose(job -> {
      if (job.isEmpty()) {
        return Future.succeededFuture(conversation);
      }
      HandBack back = HandBack.fromMap(job.get().payload());
      return ownerIfBack(back).compose(owner -> owner.isEmpty() ? Future.succeededFuture(conversation)
          : handBack(conversation, customer, owner.get()).compose(moved -> forget(conversation.id()).map(moved)));
    });
  }

  @Override
  public Future<Void> run(Job job) {
    HandBack back = HandBack.fromMap(job.payload());
    Instant now = clock.instant();
    return store.conversations().get(back.conversationId()).compose(found -> {
      if (found.isEmpty() || !found.get().isOpen() || back.ownerId().equals(found.get().agentId())) {
        return Future.succeededFuture();
      }
      Conversation conversation = found.get();
      return store.customers().get(conversation.customerId()).compose(customer -> {
        if (customer.isEmpty() || !back.ownerId().equals(customer.get().ownerId())) {
          return Future.succeededFuture();
        }
        return store.agents().get(back.ownerId()).compose(owner -> {
          if (owner.isEmpty() || !owner.get().active()) {
            return Future.succeededFuture();
          }
          if (!presences.reachable(owner.get(), now)) {
            return JobHandler.postpone(now.plus(PARKED));
          }
          return store.messages().ofConversation(conversation.id()).compose(messages -> {
            Optional<Instant> wait = waitUntil(messages, now);
            return wait.isPresent() ? JobHandler.postpone(wait.get())
                : handBack(conversation, customer.get(), owner.get()).mapEmpty();
          });
        });
      });
    });
  }

  /**
   * Until when the hand-back waits: the teammate's reply is the last word and the customer may be
   * answering it, so it waits for that answer or for the quiet time after the reply. Empty: now.
   */
  Optional<Instant> waitUntil(List<Message> messages, Instant now) {
    if (messages.isEmpty()) {
      return Optional.empty();
    }
    Message last = messages.get(messages.size() - 1);
    Instant quietEnds = last.at().plus(quiet);
    return last.direction() == Message.Direction.OUTBOUND && now.isBefore(quietEnds) ? Optional.of(quietEnds)
        : Optional.empty();
  }

  private Future<Optional<Agent>> ownerIfBack(HandBack back) {
    return store.agents().get(back.ownerId()).map(owner -> owner
        .filter(o -> o.active() && presences.reachable(o, clock.instant())));
  }

  /** Moves it back unless someone else moved it meanwhile; audited; owner, teammate, supervisors and customer told. */
  private Future<Conversation> handBack(Conversation conversation, Customer customer, Agent owner) {
    String teammate = conversation.agentId();
    AtomicBoolean moved = new AtomicBoolean();
    Instant now = clock.instant();
    return store.conversations().update(conversation.id(), c -> {
      moved.set(c.isOpen() && teammate.equals(c.agentId()));
      return moved.get() ? c.assignedTo(owner.id(), now) : c;
    }).compose(back -> {
      if (!moved.get()) {
        return Future.succeededFuture(back);
      }
      return store.audit().append("relay", "conversation.handedBack", conversation.id(),
              Map.of("from", teammate, "to", owner.id(), "customer", customer.id()), now)
          .compose(v -> handsChanged.tell(back, customer, teammate, "owner back", null))
          .compose(v -> store.agents().list())
          .map(agents -> {
            metrics.handedBack(TeamLabel.of(owner.team(), agents));
            notices.tell(customer, back, TextKey.NOTICE_OWNER_BACK, Map.of("agent", owner.name()), owner.name());
            LOG.atInfo().addKeyValue("conversation", conversation.id()).addKeyValue("owner", owner.id())
                .addKeyValue("teammate", teammate).log("covered conversation handed back to its owner");
            return back;
          });
    });
  }
}
