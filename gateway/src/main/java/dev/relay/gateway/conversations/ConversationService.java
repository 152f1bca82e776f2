package dev.relay.gateway.conversations;

import dev.relay.connector.spi.Address;
import dev.relay.gateway.assignment.WaitingAssigner;
import dev.relay.gateway.http.Page;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.followup.FollowUps;
import dev.relay.gateway.survey.Surveys;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Caller;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.store.MessageStore.Appended;
import dev.relay.gateway.customers.ProfileChange;
import dev.relay.gateway.domain.Ids;
import java.util.Map;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What agents and admins may see and do with conversations. An agent sees only the conversations
 * of customers routed to them; to anyone else they do not exist (404, not 403).
 */
public final class ConversationService {

  /** The channel a note is filed under in the timeline: no connector has it. */
  public static final String NOTE_CHANNEL = "note";

  private static final Logger LOG = LoggerFactory.getLogger(ConversationService.class);

  private final Store store;
  private final FollowUps followUps;
  private final Surveys surveys;
  private final WaitingAssigner waiting;
  private final Clock clock;

  public ConversationService(Store store, FollowUps followUps, Surveys surveys, WaitingAssigner waiting, Clock clock) {
    this.store = store;
    this.followUps = followUps;
    this.surveys = surveys;
    this.waiting = waiting;
    this.clock = clock;
  }

  /** A conversation with the people and messages an agent needs to answer it. */
  /** @param upcoming the customer's scheduled follow-ups (and other pending jobs), soonest first */
  public record Detail(Conversation conversation, Customer customer, AgentRef owner, List<Message> messages,
                       List<dev.relay.gateway.domain.Job> upcoming) {
  }

  /** An agent as other parties see them. */
  public record AgentRef(String id, String name) {
    static AgentRef of(Optional<Agent> agent) {
      return agent.map(a -> new AgentRef(a.id(), a.name())).orElse(null);
    }
  }

  /** A row of the conversation list. */
  public record Summary(Conversation conversation, CustomerRef customer, Message lastMessage) {
  }

  public record CustomerRef(String id, String name) {
  }

  /**
   * One page of the caller's conversations, most recently active first; only the page's rows are
   * summarised (an agent's page may hold fewer rows than asked: those they may no longer see are left out).
   */
  public Future<Page.Slice<Summary>> list(Caller caller, Conversation.Status status, Page page) {
    String agentId = caller instanceof Caller.AgentCaller a ? a.agent().id() : null;
    return store.conversations().list(agentId, status, false).compose(conversations -> {
      Page.Slice<Conversation> slice = page.slice(conversations, c -> Page.newestFirst(c.updatedAt(), c.id()));
      List<Future<Optional<Summary>>> rows = slice.items().stream().map(c -> summary(c, agentId)).toList();
      return Future.all(rows).map(all -> new Page.Slice<>(rows.stream().flatMap(row -> row.result().stream()).toList(),
          slice.next()));
    });
  }

  /**
   * An agent sees the conversations of the customers they own now, and an open conversation they
   * are answering (covering for the owner). Someone who handled a customer once keeps no access
   * after the customer was reassigned.
   */
  static boolean mayAgentSee(String agentId, Conversation conversation, Customer customer) {
    return agentId.equals(customer.ownerId()) || conversation.isOpen() && agentId.equals(conversation.agentId());
  }

  /** The row, or empty when the listing agent may not see it (any more). */
  private Future<Optional<Summary>> summary(Conversation conversation, String agentId) {
    return store.customers().get(conversation.customerId()).compose(customer -> {
      if (agentId != null && customer.map(c -> !mayAgentSee(agentId, conversation, c)).orElse(true)) {
        return Future.succeededFuture(Optional.empty());
      }
      return store.messages().ofConversation(conversation.id())
          .map(messages -> Optional.of(new Summary(conversation,
              customer.map(c -> new CustomerRef(c.id(), c.displayName())).orElse(null),
              lastExchanged(messages))));
    });
  }

  /** The last message to or from the customer (a colleague's note is not what the customer waits on). */
  private static Message lastExchanged(List<Message> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (!messages.get(i).isNote()) {
        return messages.get(i);
      }
    }
    return null;
  }

  /** The conversation if the caller may act on it (answer, resolve, reopen); otherwise not found. */
  public Future<Visible> visible(Caller caller, String id) {
    return visible(caller, id, false);
  }

  /** Supervisors (and agents with the admin role) read every conversation; acting on one stays the owner's. */
  public Future<Visible> readable(Caller caller, String id) {
    return visible(caller, id, caller.supervises());
  }

  private Future<Visible> visible(Caller caller, String id, boolean readsAll) {
    return store.conversations().get(id).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(RelayException.notFound("conversation " + id));
      }
      Conversation conversation = found.get();
      return store.customers().get(conversation.customerId()).compose(customer -> {
        if (customer.isEmpty()) {
          return Future.failedFuture(RelayException.notFound("conversation " + id));
        }
        if (!readsAll && caller instanceof Caller.AgentCaller a && !mayAgentSee(a.agent().id(), conversation, customer.get())) {
          return Future.failedFuture(RelayException.notFound("conversation " + id));
        }
        return Future.succeededFuture(new Visible(conversation, customer.get()));
      });
    });
  }

  public record Visible(Conversation conversation, Customer customer) {
  }

  public Future<Detail> detail(Caller caller, String id) {
    return readable(caller, id).compose(v -> {
      String ownerId = v.customer().ownerId() != null ? v.customer().ownerId() : v.conversation().agentId();
      Future<Optional<Agent>> owner = ownerId == null ? Future.succeededFuture(Optional.empty()) : store.agents().get(ownerId);
      return owner.compose(agent -> store.messages().ofConversation(id)
          .compose(messages -> store.jobs().list(null, dev.relay.gateway.domain.Job.State.PENDING, "customerId",
                  v.customer().id())
              .map(upcoming -> new Detail(v.conversation(), v.customer(), AgentRef.of(agent), messages, upcoming))));
    });
  }

  /** A file and its bytes. */
  public record File(Message.Attachment ref, byte[] content) {
  }

  /** An attachment of one of the conversation's messages, if the caller may see the conversation. */
  public Future<File> attachment(Caller caller, String conversationId, String attachmentId) {
    return readable(caller, conversationId).compose(v -> store.messages().ofConversation(conversationId))
        .compose(messages -> {
          Message.Attachment ref = messages.stream().flatMap(m -> m.attachments().stream())
              .filter(a -> a.id().equals(attachmentId)).findFirst()
              .orElseThrow(() -> RelayException.notFound("attachment " + attachmentId));
          if (!ref.kept()) {
            throw new RelayException(410, "not_kept", ref.filename() + " was larger than the channel's limit and was not kept",
                List.of());
          }
          return store.attachments().get(attachmentId).map(bytes -> new File(ref,
              bytes.orElseThrow(() -> RelayException.notFound("attachment " + attachmentId))));
        });
  }

  /**
   * Resolves, asks the customer how it went, and plans the follow-up a week (per the routing
   * decision) later. The agent has a free slot now: the oldest customer waiting is handed over at once.
   */
  public Future<Conversation> resolve(Caller caller, String id) {
    return visible(caller, id).compose(v -> store.conversations().update(id, c -> {
      if (!c.isOpen()) {
        throw RelayException.conflict("already_resolved", "the conversation is already resolved");
      }
      return c.resolved(clock.instant());
    }).compose(resolved -> followUps.afterResolution(resolved, v.customer())
        .compose(planned -> surveys.afterResolution(resolved, v.customer())
            .recover(err -> {
              LOG.atWarn().addKeyValue("conversation", id).setCause(err).log("satisfaction survey not sent");
              return Future.succeededFuture();
            }))
        .compose(asked -> waiting.slotFreed())
        .compose(assigned -> store.conversations().get(id)).map(latest -> latest.orElse(resolved))));
  }

  /**
   * Takes someone off the conversation's thread: they get no more copies of replies, and the
   * agent can no longer answer them by name. Their past messages stay; if they write again, their
   * mail is still shown.
   */
  public Future<Conversation> removeParticipant(Caller caller, String id, String address) {
    Address who = new Address(Address.EMAIL, address.strip().toLowerCase(java.util.Locale.ROOT));
    return visible(caller, id).compose(v -> {
      if (v.conversation().participants().stream().noneMatch(p -> p.address().equals(who))) {
        return Future.failedFuture(RelayException.notFound("participant " + who.value() + " on conversation " + id));
      }
      return store.conversations().update(id, c -> c.withoutParticipant(who));
    });
  }

  /**
   * The language the customer of conversation {@code id} is written to in (a BCP 47 tag, or null to
   * forget it), set by someone who may see the conversation; audited.
   */
  public Future<Customer> customerLocale(Caller caller, String actor, String id, String tag) {
    return visible(caller, id).compose(v -> store.customers().update(v.customer().id(), c -> c.withLocale(tag)))
        .compose(updated -> store.audit().append(actor, "customer.locale", updated.id(),
            java.util.Map.of("locale", String.valueOf(tag), "conversation", id), clock.instant()).map(updated));
  }

  /**
   * An internal note on conversation {@code id} by {@code author}, for colleagues only: stored in the
   * timeline as a {@link Message.Direction#NOTE}, which no channel is ever given; audited (not its text).
   */
  public Future<Message> note(Caller caller, Message.Author author, String id, String text, Map<String, String> about) {
    return readable(caller, id).compose(v -> {
      Message note = new Message(Ids.next("note"), id, v.customer().id(), Message.Direction.NOTE, NOTE_CHANNEL, text,
          author, clock.instant(), null, null, null, about, List.of());
      return store.messages().append(note).map(Appended::message);
    }).compose(note -> store.audit().append(author.kind().equals("agent") ? "agent:" + author.id() : "admin",
        "conversation.note", id, Map.of("message", note.id(), "length", text.length()), clock.instant()).map(note));
  }

  /** Name, tags, locale, time zone: changed by whoever may read the conversation (its agent, a supervisor); audited. */
  public Future<Customer> profile(Caller caller, String actor, String id, ProfileChange change) {
    return readable(caller, id).compose(v -> store.customers().update(v.customer().id(), change::applyTo))
        .compose(updated -> store.audit().append(actor, "customer.profile", updated.id(), change.audited(updated),
            clock.instant()).map(updated));
  }

  public Future<Conversation> reopen(Caller caller, String id) {
    return visible(caller, id).compose(v -> store.conversations().update(id, c -> {
      if (c.isOpen()) {
        throw RelayException.conflict("already_open", "the conversation is already open");
      }
      return c.reopened(clock.instant());
    }));
  }
}
