package dev.relay.gateway.conversation;

import dev.relay.gateway.customer.Customer;
import dev.relay.gateway.schedule.Job;
import dev.relay.gateway.schedule.JobHandler;
import dev.relay.gateway.schedule.Scheduler;
import dev.relay.gateway.store.Store;
import dev.relay.routing.FollowUpPolicy;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check-in after a resolution: when a conversation is resolved, a durable job is scheduled for
 * the routing decision's follow-up (a week later by default), placed inside its window in the
 * customer's time zone. The customer writing again first cancels it. When it fires, the dedicated
 * agent checks in personally on the customer's last channel. (A phone call instead of a message
 * arrives with the voice channel.)
 */
public final class FollowUps implements JobHandler {

  public static final String JOB = "follow-up";
  private static final Logger LOG = LoggerFactory.getLogger(FollowUps.class);

  private final Store store;
  private final Scheduler scheduler;
  private final Replies replies;
  private final Clock clock;

  public FollowUps(Store store, Scheduler scheduler, Replies replies, Clock clock) {
    this.store = store;
    this.scheduler = scheduler;
    this.replies = replies;
    this.clock = clock;
  }

  static String key(String customerId) {
    return JOB + ":" + customerId;
  }

  /** Plans the follow-up of a conversation just resolved; a previous pending one is replaced. */
  public Future<Void> afterResolution(Conversation resolved, Customer customer) {
    FollowUpPolicy policy = resolved.routing() == null ? null : resolved.routing().followUp();
    if (policy == null || policy.after() == null || policy.after().isZero()) {
      return Future.succeededFuture();
    }
    Instant due = place(resolved.resolvedAt().plus(policy.after()), policy, zoneOf(customer));
    return scheduler.cancel(key(customer.id()))
        .compose(v -> scheduler.schedule(JOB, key(customer.id()), due,
            Map.of("conversationId", resolved.id(), "customerId", customer.id(),
                "agentId", customer.ownerId() == null ? "" : customer.ownerId())))
        .onSuccess(job -> LOG.atInfo().addKeyValue("customer", customer.id()).addKeyValue("due", due)
            .log("follow-up scheduled"))
        .mapEmpty();
  }

  /** The customer wrote again: the check-in is no longer needed. */
  public Future<Boolean> customerWrote(String customerId) {
    return scheduler.cancel(key(customerId));
  }

  /** Moves {@code due} into the window (e.g. 09:00–18:00) of the customer's day. */
  static Instant place(Instant due, FollowUpPolicy policy, ZoneId zone) {
    ZonedDateTime local = due.atZone(zone);
    if (policy.from() == null || policy.until() == null) {
      return due;
    }
    if (local.toLocalTime().isBefore(policy.from())) {
      return local.with(policy.from()).toInstant();
    }
    if (!local.toLocalTime().isBefore(policy.until())) {
      return local.plusDays(1).with(policy.from()).toInstant();
    }
    return due;
  }

  static ZoneId zoneOf(Customer customer) {
    try {
      return customer.timezone() == null ? ZoneOffset.UTC : ZoneId.of(customer.timezone());
    } catch (DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }

  @Override
  public Future<Void> run(Job job) {
    String conversationId = job.payload().get("conversationId");
    return store.conversations().get(conversationId).compose(conversation -> store.customers()
        .get(job.payload().get("customerId")).compose(customer -> {
          if (conversation.isEmpty() || customer.isEmpty() || customer.get().ownerId() == null) {
            return Future.<Void>succeededFuture();
          }
          return store.agents().get(customer.get().ownerId()).compose(owner -> {
            if (owner.isEmpty()) {
              return Future.<Void>succeededFuture();
            }
            String greeting = customer.get().name() == null ? "Hello" : "Hello " + customer.get().name();
            String text = greeting + ", this is " + owner.get().name() + ". We resolved your question a while ago: "
                + "is everything still fine? Just reply here if anything is not.";
            return replies.followUp(owner.get(), conversation.get(), customer.get(), text).mapEmpty();
          });
        }));
  }

}
