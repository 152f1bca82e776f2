package dev.relay.gateway.conversation;

import dev.relay.connector.chat.ChatVisitors;
import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.Calls;
import dev.relay.connector.spi.DeliveryReceipt;
import dev.relay.connector.spi.DeliveryStatus;
import dev.relay.connector.spi.Intent;
import dev.relay.gateway.Ids;
import dev.relay.gateway.agent.Agent;
import dev.relay.gateway.channel.Connectors;
import dev.relay.gateway.customer.Customer;
import dev.relay.gateway.schedule.Job;
import dev.relay.gateway.schedule.JobHandler;
import dev.relay.gateway.schedule.Scheduler;
import dev.relay.gateway.store.Store;
import dev.relay.routing.FollowUpPolicy;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check-in after a resolution: when a conversation is resolved, a durable job is scheduled for
 * the routing decision's follow-up (a week later by default), at the first moment when the agent
 * works and the customer's window is open ({@link CallWindows}). With {@code by: team}, a teammate
 * who works earlier covers for an owner on leave. The customer writing again first cancels it.
 * When it fires, the agent calls: their phone rings first, then the customer is connected (Twilio
 * Voice). No answer, busy or failed → tried again later, in the window, up to
 * {@link #CALL_ATTEMPTS} times, then the agent checks in with a personal message on the customer's
 * last channel. A customer without a phone, an agent without one, no voice channel, or
 * {@code channel: last} → the message straight away.
 */
public final class FollowUps implements JobHandler {

  public static final String JOB = "follow-up";
  /** A call an agent promised ("I will call you back at ten"). */
  public static final String CALLBACK_JOB = "callback";
  static final int CALL_ATTEMPTS = 3;
  static final Duration CALL_RETRY = Duration.ofHours(1);
  private static final Logger LOG = LoggerFactory.getLogger(FollowUps.class);

  private final Store store;
  private final Scheduler scheduler;
  private final Replies replies;
  private final Connectors connectors;
  private final DeliveryTracker deliveries;
  private final CustomerNotices notices;
  private final CallWindows windows;
  private final Clock clock;

  public FollowUps(Store store, Scheduler scheduler, Replies replies, Connectors connectors, DeliveryTracker deliveries,
                   CustomerNotices notices, CallWindows windows, Clock clock) {
    this.store = store;
    this.scheduler = scheduler;
    this.replies = replies;
    this.connectors = connectors;
    this.deliveries = deliveries;
    this.notices = notices;
    this.windows = windows;
    this.clock = clock;
  }

  static String key(String customerId) {
    return JOB + ":" + customerId;
  }

  /** Plans the follow-up of a conversation just resolved; a previous pending one is replaced. */
  public Future<Void> afterResolution(Conversation resolved, Customer customer) {
    FollowUpPolicy policy = resolved.routing() == null ? null : resolved.routing().followUp();
    if (policy == null || policy.after() == null || policy.after().isZero() || customer.ownerId() == null) {
      return Future.succeededFuture();
    }
    Instant earliest = resolved.resolvedAt().plus(policy.after());
    return store.agents().list().compose(agents -> {
      Optional<Agent> owner = agents.stream().filter(a -> a.id().equals(customer.ownerId())).findFirst();
      if (owner.isEmpty()) {
        return Future.<Void>succeededFuture();
      }
      // The owner calls at their first slot; with by: team, a teammate who can call sooner covers.
      Agent caller = owner.get();
      Instant due = windows.place(earliest, caller, customer, policy).orElse(earliest);
      if ("team".equals(policy.by()) && caller.team() != null) {
        for (Agent mate : agents) {
          if (!mate.id().equals(caller.id()) && caller.team().equals(mate.team()) && mate.phone() != null) {
            Optional<Instant> theirs = windows.place(earliest, mate, customer, policy);
            if (theirs.isPresent() && theirs.get().isBefore(due)) {
              caller = mate;
              due = theirs.get();
            }
          }
        }
      }
      Map<String, String> payload = new java.util.HashMap<>(Map.of("conversationId", resolved.id(),
          "customerId", customer.id(), "agentId", caller.id(), "channel", String.valueOf(policy.channel())));
      if (caller != owner.get()) {
        payload.put("fixedCaller", "true");
      }
      Instant at = due;
      String by = caller.id();
      return scheduler.cancel(key(customer.id()))
          .compose(v -> scheduler.schedule(JOB, key(customer.id()), at, payload))
          .onSuccess(job -> LOG.atInfo().addKeyValue("customer", customer.id()).addKeyValue("due", at)
              .addKeyValue("agent", by).log("follow-up scheduled"))
          .mapEmpty();
    });
  }

  /** The customer wrote again: the check-in is no longer needed. */
  public Future<Boolean> customerWrote(String customerId) {
    return scheduler.cancel(key(customerId));
  }

  @Override
  public Future<Void> run(Job job) {
    String conversationId = job.payload().get("conversationId");
    int attempt = Integer.parseInt(job.payload().getOrDefault("attempt", "1"));
    return store.conversations().get(conversationId).compose(conversation -> store.customers()
        .get(job.payload().get("customerId")).compose(customer -> {
          if (conversation.isEmpty() || customer.isEmpty()) {
            return Future.<Void>succeededFuture();
          }
          // A callback is placed by the agent who promised it, a covered follow-up by the teammate,
          // any other follow-up by whoever owns the customer now.
          boolean named = CALLBACK_JOB.equals(job.kind()) || job.payload().containsKey("fixedCaller");
          String agentId = named ? job.payload().get("agentId") : customer.get().ownerId();
          if (agentId == null) {
            return Future.<Void>succeededFuture();
          }
          return store.agents().get(agentId).compose(agent -> {
            if (agent.isEmpty()) {
              return Future.<Void>succeededFuture();
            }
            // Hours may have changed since it was planned (leave entered): wait for the next slot.
            Instant now = clock.instant();
            Optional<Instant> slot = windows.place(now, agent.get(), customer.get(), CallWindows.windowOf(conversation.get()));
            if (slot.isPresent() && slot.get().isAfter(now)) {
              return JobHandler.postpone(slot.get());
            }
            Address phone = job.payload().containsKey("phone")
                ? new Address(Address.PHONE, job.payload().get("phone")) : customer.get().addressOfKind(Address.PHONE);
            Optional<Calls> calls = voice();
            if (phone == null || agent.get().phone() == null || calls.isEmpty()
                || "last".equals(job.payload().get("channel"))) {
              return message(job.kind(), agent.get(), conversation.get(), customer.get(), false);
            }
            return call(job.kind(), calls.get(), agent.get(), conversation.get(), customer.get(), phone, attempt);
          });
        }));
  }

  /**
   * When a customer could be called back: now, or the next slots when their agent (the company,
   * before they have one) is off or their window is closed.
   *
   * @param fallbackZone the zone to use when the customer's own is unknown (the browser's), or null
   */
  public Future<ChatVisitors.CallbackOffer> offer(Customer customer, String fallbackZone) {
    ZoneId zone = customer != null && customer.timezone() != null ? CallWindows.zoneOf(customer)
        : CallWindows.zone(fallbackZone).orElse(CallWindows.zoneOf(customer));
    Future<Optional<Agent>> agent = customer == null || customer.ownerId() == null
        ? Future.succeededFuture(Optional.empty()) : store.agents().get(customer.ownerId());
    Future<Optional<Conversation>> open = customer == null
        ? Future.succeededFuture(Optional.empty()) : store.conversations().openOf(customer.id());
    return Future.all(agent, open).map(both -> {
      Agent caller = agent.result().orElse(null);
      boolean enabled = voice().isPresent() && (caller == null || caller.phone() != null);
      Instant now = clock.instant();
      FollowUpPolicy window = CallWindows.windowOf(open.result().orElse(null));
      boolean callNow = enabled && windows.of(caller, zone, window).isOpen(now);
      List<Instant> slots = enabled && !callNow ? windows.offer(now, caller, zone, window) : List.of();
      return new ChatVisitors.CallbackOffer(enabled, callNow, caller == null ? null : caller.name(), zone.getId(), slots);
    });
  }

  /**
   * A message in which the customer asked to be called (a {@link Intent.CallbackRequest}): {@code agent}
   * will call, as soon as hours allow. When
   * a call cannot be promised (no phone, calls off…), the agent simply sees the request.
   */
  public Future<Void> customerAsked(Agent agent, Conversation conversation, Customer customer, Message request) {
    if (!(StoredFacts.facts(request.attributes()).intent() instanceof Intent.CallbackRequest asked)) {
      return Future.succeededFuture();
    }
    String typed = asked.phone();
    Optional<String> phone = typed == null ? Optional.empty() : dev.relay.gateway.customer.Identities.phone(typed, null);
    if (typed != null && phone.isEmpty()) {
      LOG.atInfo().addKeyValue("conversation", conversation.id()).log("callback asked for with a number that is not valid");
      return Future.succeededFuture();
    }
    return requestCallback(agent, conversation, customer, asked.at(), phone.map(p -> new Address(Address.PHONE, p)).orElse(null))
        .<Void>mapEmpty()
        .recover(err -> {
          LOG.atInfo().addKeyValue("conversation", conversation.id()).addKeyValue("reason", err.getMessage())
              .log("callback asked for but not scheduled; the agent sees the request");
          return Future.succeededFuture();
        });
  }

  private Optional<Calls> voice() {
    return connectors.all().stream().flatMap(c -> c.calls().stream()).findFirst();
  }

  /**
   * An agent promises a call: placed at {@code at} (now when null), at the first moment the agent
   * works and the customer's window is open; the customer is told when, by name. A new request
   * replaces a pending one.
   *
   * @param phone the number the customer asked to be called on (a claim, used for this call only),
   *              or null for the customer's own phone identity
   */
  public Future<Job> requestCallback(Agent agent, Conversation conversation, Customer customer, Instant at, Address phone) {
    List<String> problems = new java.util.ArrayList<>();
    if (phone == null && customer.addressOfKind(Address.PHONE) == null) {
      problems.add("the customer has no phone number yet");
    }
    if (agent.phone() == null) {
      problems.add("your profile has no phone number to ring first");
    }
    if (voice().isEmpty()) {
      problems.add("calls are not configured (Twilio)");
    }
    Instant now = clock.instant();
    if (at != null && (at.isBefore(now.minusSeconds(60)) || at.isAfter(now.plus(Duration.ofDays(60))))) {
      problems.add("at: must be within the next 60 days");
    }
    FollowUpPolicy window = CallWindows.windowOf(conversation);
    Optional<Instant> slot = windows.place(at == null || at.isBefore(now) ? now : at, agent, customer, window);
    if (slot.isEmpty()) {
      problems.add("there is no time within a year when you work and the customer can be called");
    }
    if (!problems.isEmpty()) {
      return Future.failedFuture(dev.relay.gateway.RelayException.invalid(problems));
    }
    Instant due = slot.get();
    ZoneId zone = CallWindows.zoneOf(customer);
    Map<String, String> payload = new java.util.HashMap<>(Map.of("conversationId", conversation.id(),
        "customerId", customer.id(), "agentId", agent.id()));
    if (phone != null) {
      payload.put("phone", phone.value());
    }
    return scheduler.cancel(CALLBACK_JOB + ":" + customer.id())
        .compose(v -> scheduler.schedule(CALLBACK_JOB, CALLBACK_JOB + ":" + customer.id(), due, payload))
        .onSuccess(job -> notices.tell(customer, conversation, agent.name() + " will call you "
            + java.time.format.DateTimeFormatter.ofPattern("EEEE d MMMM 'at' HH:mm", java.util.Locale.ENGLISH)
                .format(due.atZone(zone)) + " (your time).", agent.name()));
  }

  private Future<Void> call(String purpose, Calls calls, Agent owner, Conversation conversation, Customer customer,
                            Address phone, int attempt) {
    String callId = Ids.next("msg");
    Message record = new Message(callId, conversation.id(), customer.id(), Message.Direction.OUTBOUND, "phone",
        (CALLBACK_JOB.equals(purpose) ? "Callback by " : "Follow-up call by ") + owner.name()
            + (attempt > 1 ? " (attempt " + attempt + ")" : ""),
        new Message.Author("agent", owner.id(), owner.name()), clock.instant(), DeliveryStatus.QUEUED, null, null,
        Map.of("kind", purpose + "-call", "attempt", String.valueOf(attempt), "phone", phone.value()), List.of());
    String who = customer.name() == null ? "your customer" : customer.name();
    return store.messages().append(record)
        .compose(stored -> calls.place(new Calls.CallRequest(callId, new Address(Address.PHONE, owner.phone()), phone,
            CALLBACK_JOB.equals(purpose)
                ? "Callback for " + who + ", as you promised. Connecting you now."
                : "Follow-up call with " + who + ", a week after we resolved their question. Connecting you now.")))
        .compose(receipt -> receipt.placed()
            ? deliveries.record(new DeliveryReceipt(callId, DeliveryStatus.SENT, receipt.providerId(), null)).mapEmpty()
            : callOutcome(new Calls.CallOutcome(callId, Calls.Outcome.FAILED, 0)));
  }

  /** How a follow-up call ended: recorded in the timeline; if nobody talked, try again later or write instead. */
  public Future<Void> callOutcome(Calls.CallOutcome outcome) {
    return store.messages().get(outcome.callId()).compose(found -> {
      String kind = found.map(m -> m.attributes().get("kind")).orElse("");
      if (!kind.equals(JOB + "-call") && !kind.equals(CALLBACK_JOB + "-call")) {
        return Future.<Void>succeededFuture();
      }
      String purpose = kind.substring(0, kind.length() - "-call".length());
      Message call = found.get();
      Map<String, String> details = Map.of("outcome", outcome.outcome().code(), "seconds", String.valueOf(outcome.seconds()));
      if (outcome.reached()) {
        return deliveries.record(new DeliveryReceipt(call.id(), DeliveryStatus.DELIVERED, null, null, details)).mapEmpty();
      }
      int attempt = Integer.parseInt(call.attributes().getOrDefault("attempt", "1"));
      String reason = switch (outcome.outcome()) {
        case AGENT_UNAVAILABLE -> "the agent's phone did not answer";
        case NO_ANSWER -> "the customer did not answer";
        case BUSY -> "the customer's line was busy";
        default -> "the call failed";
      };
      return deliveries.record(new DeliveryReceipt(call.id(), DeliveryStatus.FAILED, null, reason, details))
          .compose(m -> store.customers().get(call.customerId()))
          .compose(customer -> store.conversations().get(call.conversationId()).compose(conversation -> {
            if (customer.isEmpty() || conversation.isEmpty()) {
              return Future.<Void>succeededFuture();
            }
            return store.agents().get(call.author().id()).compose(caller -> {
              if (caller.isEmpty()) {
                return Future.<Void>succeededFuture();
              }
              if (attempt >= CALL_ATTEMPTS) {
                return message(purpose, caller.get(), conversation.get(), customer.get(), true);
              }
              Instant soonest = clock.instant().plus(CALL_RETRY);
              Instant next = windows.place(soonest, caller.get(), customer.get(), CallWindows.windowOf(conversation.get()))
                  .orElse(soonest);
              // The retry is placed by the same agent (named, so a cover agent keeps the call).
              return scheduler.schedule(purpose, purpose + ":" + customer.get().id(), next, Map.of(
                      "conversationId", call.conversationId(), "customerId", customer.get().id(),
                      "agentId", caller.get().id(), "fixedCaller", "true", "attempt", String.valueOf(attempt + 1),
                      "phone", call.attributes().get("phone")))
                  .mapEmpty();
            });
          }));
    });
  }

  private Future<Void> message(String purpose, Agent owner, Conversation conversation, Customer customer,
                               boolean afterCalls) {
    String greeting = customer.name() == null ? "Hello" : "Hello " + customer.name();
    String text = CALLBACK_JOB.equals(purpose)
        ? greeting + ", this is " + owner.name() + ". I tried to call you back as promised but could not reach you. "
            + "Reply here with a time that suits you, or just write what you need."
        : afterCalls
        ? greeting + ", this is " + owner.name() + ". I tried to call you to check that everything is still fine "
            + "since we resolved your question. Just reply here if anything is not."
        : greeting + ", this is " + owner.name() + ". We resolved your question a while ago: "
            + "is everything still fine? Just reply here if anything is not.";
    return replies.followUp(owner, conversation, customer, text).mapEmpty();
  }
}
