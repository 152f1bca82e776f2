package dev.relay.gateway.calls;

import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.Calls;
import dev.relay.connector.spi.DeliveryReceipt;
import dev.relay.connector.spi.DeliveryStatus;
import dev.relay.gateway.channel.Connectors;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Ids;
import dev.relay.gateway.domain.Job;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.outbound.DeliveryTracker;
import dev.relay.gateway.outbound.Replies;
import dev.relay.gateway.schedule.JobHandler;
import dev.relay.gateway.schedule.Scheduler;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.texts.TextKey;
import dev.relay.gateway.texts.Texts;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An agent calling a customer, for any {@link CallPurpose}: the agent's phone rings first, then the
 * customer is connected (Twilio Voice). No answer, busy or failed → tried again later, in the
 * window, up to {@link #CALL_ATTEMPTS} times, then the agent writes on the customer's last channel.
 * A customer without a phone, an agent without one, no voice channel, or a job that asks for a
 * message → the message straight away.
 */
public final class AgentCalls {

  /** The channel a call is stored on in the timeline (the voice connector's own channel is its texts'). */
  public static final String CHANNEL = "phone";
  static final int CALL_ATTEMPTS = 3;
  static final Duration CALL_RETRY = Duration.ofHours(1);
  private static final String CALL_SUFFIX = "-call";
  /** The kind of what the agent wrote instead of calling: {@code follow-up-message}, {@code callback-message}. */
  private static final String WRITTEN_SUFFIX = "-message";
  /** When the call's job was due: what a callback's punctuality is measured against. */
  public static final String DUE = "due";
  /** The provider's id of a call's recording, on the call in the timeline; its length in seconds. */
  public static final String RECORDING = "recording";
  public static final String RECORDING_SECONDS = "recordingSeconds";

  private final Store store;
  private final Scheduler scheduler;
  private final Connectors connectors;
  private final Replies replies;
  private final DeliveryTracker deliveries;
  private final CallWindows windows;
  private final Texts texts;
  private final Clock clock;
  /** By job kind; filled while wiring, before the scheduler and the connectors start. */
  private final Map<String, CallPurpose> purposes = new HashMap<>();

  public AgentCalls(Store store, Scheduler scheduler, Connectors connectors, Replies replies, DeliveryTracker deliveries,
                    CallWindows windows, Texts texts, Clock clock) {
    this.texts = texts;
    this.store = store;
    this.scheduler = scheduler;
    this.connectors = connectors;
    this.replies = replies;
    this.deliveries = deliveries;
    this.windows = windows;
    this.clock = clock;
  }

  /** Runs the jobs of {@code purpose}'s kind, and follows up its calls' outcomes. */
  public void handle(CallPurpose purpose) {
    purposes.put(purpose.kind(), purpose);
    scheduler.handle(purpose.kind(), job -> run(purpose, job));
  }

  /** Whether this job is a call (its payload a {@link CallJob}): a follow-up, a callback. */
  public boolean isCall(Job job) {
    return purposes.containsKey(job.kind());
  }

  public CallWindows windows() {
    return windows;
  }

  public Optional<Calls> voice() {
    return connectors.all().stream().flatMap(c -> c.calls().stream()).findFirst();
  }

  /** The {@code kind} attribute of a call of this job kind in the timeline: {@code follow-up-call}. */
  public static String callKind(String jobKind) {
    return jobKind + CALL_SUFFIX;
  }

  /** The {@code kind} attribute of what the agent wrote instead of calling: {@code follow-up-message}. */
  public static String writtenKind(String jobKind) {
    return jobKind + WRITTEN_SUFFIX;
  }

  /** The job key of {@code kind} for a customer: one pending call of each kind per customer. */
  public static String key(String kind, String customerId) {
    return kind + ":" + customerId;
  }

  private Future<Void> run(CallPurpose purpose, Job job) {
    CallJob planned = CallJob.fromMap(job.payload());
    return store.conversations().get(planned.conversationId()).compose(conversation -> store.customers()
        .get(planned.customerId()).compose(customer -> {
          if (conversation.isEmpty() || customer.isEmpty()) {
            return Future.<Void>succeededFuture();
          }
          String agentId = purpose.named(planned) ? planned.agentId() : customer.get().ownerId();
          return caller(agentId, customer.get().ownerId()).compose(agent -> agent.isEmpty() ? Future.<Void>succeededFuture()
              : callOrWrite(purpose, planned, job.dueAt(), agent.get(), conversation.get(), customer.get()));
        }));
  }

  /** The agent who calls; one who has left since it was planned leaves the call to the customer's owner. */
  private Future<Optional<Agent>> caller(String agentId, String ownerId) {
    if (agentId == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return store.agents().get(agentId).compose(agent -> agent.isPresent() && !agent.get().active()
        && !agentId.equals(ownerId) ? caller(ownerId, ownerId) : Future.succeededFuture(agent.filter(Agent::active)));
  }

  private Future<Void> callOrWrite(CallPurpose purpose, CallJob planned, Instant due, Agent agent,
                                   Conversation conversation, Customer customer) {
    // Hours may have changed since it was planned (leave entered): wait for the next slot.
    Instant now = clock.instant();
    Optional<Instant> slot = windows.place(now, agent, customer, CallWindows.windowOf(conversation));
    if (slot.isPresent() && slot.get().isAfter(now)) {
      return JobHandler.postpone(slot.get());
    }
    Address phone = planned.phone() != null
        ? new Address(Address.PHONE, planned.phone()) : customer.addressOfKind(Address.PHONE);
    Optional<Calls> calls = voice();
    if (phone == null || agent.phone() == null || calls.isEmpty() || planned.writeOnly()) {
      return write(purpose, agent, conversation, customer, false);
    }
    return call(purpose, calls.get(), agent, conversation, customer, phone, planned.attempt(), due);
  }

  private Future<Void> call(CallPurpose purpose, Calls calls, Agent caller, Conversation conversation, Customer customer,
                            Address phone, int attempt, Instant due) {
    String callId = Ids.near("msg", customer.id());
    Message record = new Message(callId, conversation.id(), customer.id(), Message.Direction.OUTBOUND, CHANNEL,
        purpose.label(caller) + (attempt > 1 ? " (attempt " + attempt + ")" : ""),
        new Message.Author("agent", caller.id(), caller.name()), clock.instant(), DeliveryStatus.QUEUED, null, null,
        Map.of("kind", callKind(purpose.kind()), "attempt", String.valueOf(attempt), "phone", phone.value(),
            DUE, due.toString()),
        List.of());
    String who = customer.name() == null ? "your customer" : customer.name();
    Calls.Recording recording = !purpose.recorded() ? null : new Calls.Recording(
        texts.forCustomer(customer, TextKey.CALL_RECORDING_NOTICE, Map.of("agent", caller.name())), texts.localeOf(customer));
    return store.messages().append(record)
        .compose(stored -> calls.place(new Calls.CallRequest(callId, new Address(Address.PHONE, caller.phone()), phone,
            purpose.script(who), recording)))
        .compose(receipt -> receipt.placed()
            ? deliveries.record(new DeliveryReceipt(callId, DeliveryStatus.SENT, receipt.providerId(), null)).mapEmpty()
            : notPlaced(purpose, record, receipt, caller, conversation, customer));
  }

  /**
   * Twilio would not place the call, while its job runs: the job itself goes on at the next try
   * (it still holds its key, so scheduling a new one would create nothing), or, after the last
   * try, the agent writes.
   */
  private Future<Void> notPlaced(CallPurpose purpose, Message call, Calls.CallReceipt receipt, Agent caller,
                                 Conversation conversation, Customer customer) {
    return deliveries.record(new DeliveryReceipt(call.id(), DeliveryStatus.FAILED, null, receipt.error(),
            Map.of("outcome", Calls.Outcome.FAILED.code(), "seconds", "0")))
        .compose(m -> nextTry(call, caller, conversation, customer)
            .map(retry -> JobHandler.continueAt(retry.at(), retry.job().toMap()))
            .orElseGet(() -> write(purpose, caller, conversation, customer, true)));
  }

  /** How an agent call ended: recorded in the timeline; if nobody talked, try again later or write instead. */
  public Future<Void> outcome(Calls.CallOutcome outcome) {
    return store.messages().get(outcome.callId()).compose(found -> {
      String kind = found.map(m -> m.attributes().get("kind")).orElse("");
      CallPurpose purpose = kind.endsWith(CALL_SUFFIX)
          ? purposes.get(kind.substring(0, kind.length() - CALL_SUFFIX.length())) : null;
      if (purpose == null) {
        return Future.<Void>succeededFuture();
      }
      Message call = found.get();
      Map<String, String> details = Map.of("outcome", outcome.outcome().code(), "seconds", String.valueOf(outcome.seconds()));
      if (outcome.reached()) {
        return deliveries.record(new DeliveryReceipt(call.id(), DeliveryStatus.DELIVERED, null, null, details)).mapEmpty();
      }
      return deliveries.record(new DeliveryReceipt(call.id(), DeliveryStatus.FAILED, null, reason(outcome), details))
          .compose(m -> store.customers().get(call.customerId()))
          .compose(customer -> store.conversations().get(call.conversationId()).compose(conversation -> {
            if (customer.isEmpty() || conversation.isEmpty()) {
              return Future.<Void>succeededFuture();
            }
            return store.agents().get(call.author().id()).compose(caller -> caller.isEmpty()
                ? Future.<Void>succeededFuture()
                : retryOrWrite(purpose, call, caller.get(), conversation.get(), customer.get()));
          }));
    });
  }

  /** The provider recorded an agent call: the call in the timeline names the recording, played through Relay. */
  public Future<Void> recorded(Calls.CallRecording recording) {
    return store.messages().get(recording.callId()).compose(found -> found.isEmpty()
        // An erased customer's call: their recording goes with what the provider deletes for them.
        ? Future.<Void>succeededFuture()
        : store.messages().update(recording.callId(), m -> m.withAttribute(RECORDING, recording.recordingId())
            .withAttribute(RECORDING_SECONDS, String.valueOf(recording.seconds()))).<Void>mapEmpty());
  }

  /** A call that ended without anyone talking (its job is done by now): a new job tries again, or the agent writes. */
  private Future<Void> retryOrWrite(CallPurpose purpose, Message call, Agent caller, Conversation conversation,
                                    Customer customer) {
    return nextTry(call, caller, conversation, customer)
        .map(retry -> scheduler.schedule(purpose.kind(), key(purpose.kind(), customer.id()), retry.at(),
            retry.job().toMap()).<Void>mapEmpty())
        .orElseGet(() -> write(purpose, caller, conversation, customer, true));
  }

  /** When and how to call again after {@code call} reached nobody; empty after the last attempt. */
  private Optional<Retry> nextTry(Message call, Agent caller, Conversation conversation, Customer customer) {
    int attempt = Integer.parseInt(call.attributes().getOrDefault("attempt", "1"));
    if (attempt >= CALL_ATTEMPTS) {
      return Optional.empty();
    }
    Instant soonest = clock.instant().plus(CALL_RETRY);
    Instant next = windows.place(soonest, caller, customer, CallWindows.windowOf(conversation)).orElse(soonest);
    // The retry is placed by the same agent (named, so a cover agent keeps the call).
    return Optional.of(new Retry(next, new CallJob(call.conversationId(), customer.id(), caller.id(), true, attempt + 1,
        call.attributes().get("phone"), null)));
  }

  private record Retry(Instant at, CallJob job) {
  }

  private static String reason(Calls.CallOutcome outcome) {
    return switch (outcome.outcome()) {
      case AGENT_UNAVAILABLE -> "the agent's phone did not answer";
      case NO_ANSWER -> "the customer did not answer";
      case BUSY -> "the customer's line was busy";
      default -> "the call failed";
    };
  }

  private Future<Void> write(CallPurpose purpose, Agent caller, Conversation conversation, Customer customer,
                             boolean afterCalls) {
    String text = texts.forCustomer(customer, purpose.message(afterCalls), Map.of("named", customer.name() == null ? "no" : "yes",
        "customer", customer.name() == null ? "" : customer.name(), "agent", caller.name()));
    return replies.followUp(caller, conversation, customer, text, Map.of("kind", writtenKind(purpose.kind()),
        "afterCalls", String.valueOf(afterCalls))).mapEmpty();
  }
}
