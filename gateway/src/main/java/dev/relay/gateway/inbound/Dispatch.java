package dev.relay.gateway.inbound;

import dev.relay.gateway.assignment.OwnerAbsence;
import dev.relay.gateway.assignment.OwnerBack;
import dev.relay.gateway.assignment.OwnerRouter;
import dev.relay.gateway.assignment.OwnerRouter.Assignment;
import dev.relay.gateway.callback.Callbacks;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.followup.FollowUps;
import dev.relay.gateway.inbox.AgentInbox;
import dev.relay.gateway.inbox.EventData;
import dev.relay.gateway.inbox.Supervisors;
import dev.relay.gateway.targets.FirstResponseTargets;
import dev.relay.gateway.store.ConversationStore.Opened;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.texts.TextKey;
import dev.relay.connector.spi.ChannelFacts;
import dev.relay.connector.spi.Intent;
import dev.relay.gateway.domain.PhoneNumbers;
import dev.relay.gateway.domain.StoredFacts;
import dev.relay.gateway.outbound.CustomerNotices;
import dev.relay.gateway.store.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows a stored inbound message: a pending follow-up is cancelled, a French carrier keyword
 * is answered, a new conversation's first-response target gets its check, a covered conversation
 * whose owner is back goes to them, the owner is assigned (with the owner policy when they are
 * away), a callback the customer asked for is planned, and the answering agent sees it (supervisors,
 * when nobody can). The message is stored already, so from here on failures are not reported to
 * the channel: they are retried ({@link RoutingRetries}). The last step is one store {@link Batch}:
 * the conversation touched, the agent's events, the routing note cleared; its events then go
 * straight to the agent's open streams.
 */
public final class Dispatch {

  private static final Logger LOG = LoggerFactory.getLogger(Dispatch.class);

  private final Store store;
  private final OwnerRouter owners;
  private final OwnerAbsence absence;
  private final AgentInbox inbox;
  private final FollowUps followUps;
  private final Callbacks callbacks;
  private final CustomerNotices notices;
  private final OwnerBack ownerBack;
  private final FirstResponseTargets targets;
  private final Supervisors supervisors;

  public Dispatch(Store store, OwnerRouter owners, OwnerAbsence absence, AgentInbox inbox, FollowUps followUps,
                  Callbacks callbacks, CustomerNotices notices, OwnerBack ownerBack, FirstResponseTargets targets,
                  Supervisors supervisors) {
    this.ownerBack = ownerBack;
    this.targets = targets;
    this.supervisors = supervisors;
    this.store = store;
    this.owners = owners;
    this.absence = absence;
    this.inbox = inbox;
    this.followUps = followUps;
    this.callbacks = callbacks;
    this.notices = notices;
  }

  /**
   * Fails when a step fails (the message is stored already: the caller keeps its routing note, and
   * {@link RoutingRetries} dispatches it again; every step tolerates running twice).
   */
  public Future<Void> stored(Customer customer, Opened opened, Message message) {
    followUps.customerWrote(customer.id())
        .onFailure(err -> LOG.atWarn().addKeyValue("customer", customer.id()).setCause(err).log("follow-up not cancelled"));
    keywordAnswered(customer, opened.conversation(), message);
    // A conversation that was open already is touched in the last write; the steps before see it touched.
    UnaryOperator<Conversation> touch = c -> c.touched(message.channel(), message.at());
    Future<Conversation> touched = opened.created()
        ? targets.plan(opened.conversation()).map(opened.conversation())
        : ownerBack.customerWrote(customer, touch.apply(opened.conversation()));
    return touched
        .compose(conversation -> owners.assign(customer, conversation).compose(assignment -> {
          boolean isNew = isNew(opened, assignment);
          return absence.check(assignment.customer(), conversation, assignment, isNew)
              .compose(v -> callbackAsked(customer, conversation, message, assignment))
              .compose(v -> deliverToAgent(customer, conversation, message, assignment, isNew,
                  opened.created() ? Map.of() : Map.of(conversation.id(), touch)));
        }));
  }

  /**
   * Whether this message starts the conversation for its agent (who is told, and the customer told
   * who answers): it opened a conversation that came with its agent or has none to get, or it gave
   * the conversation its agent. Concurrent first messages: one opens, one assigns — only one counts.
   */
  private static boolean isNew(Opened opened, Assignment assignment) {
    if (assignment.newlyAssigned()) {
      return true;
    }
    return opened.created() && (assignment.agent().isEmpty() || opened.conversation().agentId() != null);
  }

  /** The last write: {@code touch}, the agent's events and the cleared routing note together; then the streams. */
  private Future<Void> deliverToAgent(Customer customer, Conversation conversation, Message message,
                                      Assignment assignment, boolean isNew,
                                      Map<String, UnaryOperator<Conversation>> touch) {
    List<Batch.Event> events = new ArrayList<>();
    Future<Void> waiting = Future.succeededFuture();
    if (assignment.agent().isEmpty()) {
      LOG.atInfo().addKeyValue("conversation", conversation.id()).log("no agent available; conversation waits");
      if (isNew) {
        waiting = supervisors.tell(AgentInbox.CUSTOMER_WAITING, EventData.assigned(conversation, customer), null);
      }
    } else {
      String agentId = assignment.agent().get().id();
      if (isNew) {
        events.add(inbox.event(agentId, AgentInbox.CONVERSATION_ASSIGNED,
            EventData.assigned(conversation.assignedTo(agentId, conversation.updatedAt()), customer)));
      }
      events.add(inbox.event(agentId, AgentInbox.MESSAGE_RECEIVED, EventData.message(message)));
    }
    return waiting
        .compose(v -> store.apply(new Batch(Map.of(), touch, Map.of(), List.of(), events, Set.of(message.id()))))
        .onSuccess(applied -> applied.events().forEach(inbox::stored))
        .mapEmpty();
  }

  /**
   * A French carrier keyword (ARRET, AIDE) is answered in French, as Canadian carriers require;
   * Twilio answers its English ones (STOP, HELP) itself, so those are not answered twice.
   */
  private void keywordAnswered(Customer customer, Conversation conversation, Message message) {
    ChannelFacts facts = StoredFacts.facts(message.attributes());
    if (!"fr".equals(facts.language())) {
      return;
    }
    Locale french = customer.locale() != null && customer.locale().startsWith("fr") ? Locale.forLanguageTag(customer.locale())
        : "CA".equals(PhoneNumbers.regionOf(customer)) ? Locale.CANADA_FRENCH : Locale.FRENCH;
    if (facts.intent() instanceof Intent.OptOut) {
      notices.answerKeyword(customer, conversation, TextKey.SMS_OPTED_OUT, french);
    } else if (facts.intent() instanceof Intent.Help) {
      notices.answerKeyword(customer, conversation, TextKey.SMS_HELP, french);
    }
  }

  /** The customer asked to be called ("call me" by SMS, the widget's button): their agent will. */
  private Future<Void> callbackAsked(Customer customer, Conversation conversation, Message message, Assignment assignment) {
    return assignment.agent().isEmpty() ? Future.succeededFuture()
        : callbacks.customerAsked(assignment.agent().get(), conversation, customer, message);
  }
}
