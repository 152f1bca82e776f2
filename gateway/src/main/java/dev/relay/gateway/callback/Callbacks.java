package dev.relay.gateway.callback;

import dev.relay.connector.spi.Masked;
import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.Intent;
import dev.relay.gateway.domain.StoredFacts;
import dev.relay.gateway.calls.AgentCalls;
import dev.relay.gateway.calls.CallJob;
import dev.relay.gateway.calls.CallPurpose;
import dev.relay.gateway.calls.CallWindows;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.PhoneNumbers;
import dev.relay.gateway.domain.Job;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.outbound.CustomerNotices;
import dev.relay.gateway.schedule.Scheduler;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.texts.TextKey;
import dev.relay.routing.FollowUpPolicy;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call an agent promised ("I will call you back at ten"), or the customer asked for: placed at
 * the first moment the agent works and the customer's window is open, by {@link AgentCalls}.
 */
public final class Callbacks implements CallPurpose {

  public static final String JOB = "callback";
  private static final Logger LOG = LoggerFactory.getLogger(Callbacks.class);

  private final Store store;
  private final Scheduler scheduler;
  private final AgentCalls calls;
  private final CustomerNotices notices;
  private final PhoneNumbers phones;
  private final Clock clock;

  public Callbacks(Store store, Scheduler scheduler, AgentCalls calls, CustomerNotices notices, PhoneNumbers phones,
                   Clock clock) {
    this.store = store;
    this.scheduler = scheduler;
    this.calls = calls;
    this.notices = notices;
    this.phones = phones;
    this.clock = clock;
  }

  /**
   * A number to call a customer on, as they (or their agent) typed it: read in the customer's
   * region, else the company's.
   *
   * @param customer the customer, or null for a visitor not known yet
   * @param locale   the visitor's locale when the customer's is not known, or null
   */
  public PhoneNumbers.Parsed numberOf(Customer customer, String locale, String typed) {
    return phones.ofCustomer(customer, locale, typed);
  }

  /**
   * When a customer could be called back: now, or the next slots when their agent (the company,
   * before they have one) is off or their window is closed.
   *
   * @param fallbackZone the zone to use when the customer's own is unknown (the browser's), or null
   */
  public Future<CallbackOffer> offer(Customer customer, String fallbackZone) {
    ZoneId zone = customer != null && customer.timezone() != null ? CallWindows.zoneOf(customer)
        : CallWindows.zone(fallbackZone).orElse(CallWindows.zoneOf(customer));
    Future<Optional<Agent>> agent = customer == null || customer.ownerId() == null
        ? Future.succeededFuture(Optional.empty()) : store.agents().get(customer.ownerId());
    Future<Optional<Conversation>> open = customer == null
        ? Future.succeededFuture(Optional.empty()) : store.conversations().openOf(customer.id());
    return Future.all(agent, open).map(both -> {
      Agent caller = agent.result().orElse(null);
      boolean enabled = calls.voice().isPresent() && (caller == null || caller.phone() != null);
      Instant now = clock.instant();
      FollowUpPolicy window = CallWindows.windowOf(open.result().orElse(null));
      boolean callNow = enabled && calls.windows().of(caller, zone, window).isOpen(now);
      List<Instant> slots = enabled && !callNow ? calls.windows().offer(now, caller, zone, window) : List.of();
      return new CallbackOffer(enabled, callNow, caller == null ? null : caller.name(), zone.getId(), slots);
    });
  }

  /**
   * A message in which the customer asked to be called (a {@link Intent.CallbackRequest}): {@code agent}
   * will call, as soon as hours allow. Nothing is dropped silently: when the number they gave cannot
   * be read ("rappelez-moi au 06 98 76"), or a call cannot be promised (no phone to ring, calls off…),
   * the customer is told at once, in their language, and the agent sees the request.
   */
  public Future<Void> customerAsked(Agent agent, Conversation conversation, Customer customer, Message request) {
    if (!(StoredFacts.facts(request.attributes()).intent() instanceof Intent.CallbackRequest asked)) {
      return Future.succeededFuture();
    }
    PhoneNumbers.Parsed read = asked.phone() == null ? null : numberOf(customer, null, asked.phone());
    if (read instanceof PhoneNumbers.Parsed.Invalid invalid) {
      LOG.atInfo().addKeyValue("conversation", conversation.id()).addKeyValue("problem", invalid.problem())
          .log("callback asked for with a number that cannot be read; the customer is told why");
      notices.tell(customer, conversation, TextKey.PHONE_UNREADABLE, invalid.arguments(asked.phone()), agent.name());
      return Future.succeededFuture();
    }
    Address phone = read instanceof PhoneNumbers.Parsed.Valid valid ? new Address(Address.PHONE, valid.e164()) : null;
    return requestCallback(agent, conversation, customer, asked.at(), phone)
        .<Void>mapEmpty()
        .recover(err -> {
          LOG.atInfo().addKeyValue("conversation", conversation.id()).addKeyValue("reason", Masked.text(err.getMessage()))
              .log("callback asked for but not scheduled; the customer is told, the agent sees the request");
          notices.tell(customer, conversation, TextKey.CALLBACK_NOT_POSSIBLE, Map.of("agent", agent.name()), agent.name());
          return Future.succeededFuture();
        });
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
    List<String> problems = new ArrayList<>();
    if (phone == null && customer.addressOfKind(Address.PHONE) == null) {
      problems.add("the customer has no phone number yet");
    }
    if (agent.phone() == null) {
      problems.add("your profile has no phone number to ring first");
    }
    if (calls.voice().isEmpty()) {
      problems.add("calls are not configured (Twilio)");
    }
    Instant now = clock.instant();
    if (at != null && (at.isBefore(now.minusSeconds(60)) || at.isAfter(now.plus(Duration.ofDays(60))))) {
      problems.add("at: must be within the next 60 days");
    }
    FollowUpPolicy window = CallWindows.windowOf(conversation);
    Optional<Instant> slot = calls.windows().place(at == null || at.isBefore(now) ? now : at, agent, customer, window);
    if (slot.isEmpty()) {
      problems.add("there is no time within a year when you work and the customer can be called");
    }
    if (!problems.isEmpty()) {
      return Future.failedFuture(RelayException.invalid(problems));
    }
    Instant due = slot.get();
    ZoneId zone = CallWindows.zoneOf(customer);
    CallJob job = new CallJob(conversation.id(), customer.id(), agent.id(), false, 1,
        phone == null ? null : phone.value(), null);
    String key = AgentCalls.key(JOB, customer.id());
    return scheduler.cancel(key)
        .compose(v -> scheduler.schedule(JOB, key, due, job.toMap()))
        .onSuccess(planned -> notices.tellWhen(customer, conversation, TextKey.CALLBACK_CONFIRMED,
            Map.of("agent", agent.name()), due.atZone(zone), agent.name()));
  }

  @Override
  public String kind() {
    return JOB;
  }

  /** A callback is placed by the agent who promised it, whoever owns the customer now. */
  @Override
  public boolean named(CallJob job) {
    return true;
  }

  @Override
  public String label(Agent caller) {
    return "Callback by " + caller.name();
  }

  @Override
  public String script(String who) {
    return "Callback for " + who + ", as you promised. Connecting you now.";
  }

  @Override
  public TextKey message(boolean afterCalls) {
    return TextKey.CALLBACK_MISSED;
  }
}
