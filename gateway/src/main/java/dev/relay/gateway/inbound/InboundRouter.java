package dev.relay.gateway.inbound;

import dev.relay.gateway.calls.CallWindows;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.survey.Surveys;
import dev.relay.connector.spi.InboundMessage;
import dev.relay.connector.spi.InboundReceipt;
import dev.relay.gateway.domain.Ids;
import dev.relay.connector.spi.Intent;
import dev.relay.connector.spi.RepliesTo;
import dev.relay.connector.spi.SenderClaims;
import dev.relay.gateway.domain.StoredFacts;
import dev.relay.connector.spi.Address;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Identities;
import dev.relay.gateway.domain.Participant;
import dev.relay.gateway.domain.PhoneNumbers;
import dev.relay.gateway.language.TextLanguage;
import dev.relay.gateway.ops.GatewayMetrics;
import dev.relay.gateway.domain.AppliedRouting;
import dev.relay.gateway.rules.RoutingFactsOf;
import dev.relay.gateway.rules.RoutingRules;
import dev.relay.gateway.store.ConversationStore.Opened;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every inbound message, from any channel, takes this path: identity → customer → routing rules →
 * open conversation → stored message → owner (and the owner policy if they are away) → the
 * answering agent's inbox. The receipt completes once the
 * message is stored, so the channel is acknowledged only then.
 */
public final class InboundRouter {

  private static final Logger LOG = LoggerFactory.getLogger(InboundRouter.class);
  /** From how many words a detected language says whose it is. */
  private static final int SENTENCE_WORDS = 3;

  private final Store store;
  private final RoutingRules rules;
  private final Surveys surveys;
  private final Dispatch dispatch;
  private final TextLanguage languages;
  private final Clock clock;
  private final GatewayMetrics metrics;
  private final Duration retryAfter;

  /** @param retryAfter when a stored message's routing note comes due ({@link RoutingRetries}) */
  public InboundRouter(Store store, RoutingRules rules, Surveys surveys, Dispatch dispatch, TextLanguage languages,
                       Clock clock, GatewayMetrics metrics, Duration retryAfter) {
    this.store = store;
    this.rules = rules;
    this.surveys = surveys;
    this.dispatch = dispatch;
    this.languages = languages;
    this.clock = clock;
    this.metrics = metrics;
    this.retryAfter = retryAfter;
  }

  public Future<InboundReceipt> message(InboundMessage received) {
    Instant now = clock.instant();
    long started = System.nanoTime();
    return withLanguage(received).compose(in -> customerOf(in, now).compose(sender -> !sender.linked()
        ? converse(sender.customer(), shownUnlinked(in), now, started, false)
        : learn(sender.customer(), in, spokenLanguage(received, in))
            .compose(customer -> surveys.answerIn(customer, in).compose(answer -> answer.isPresent()
                ? answered(customer, answer.get(), in, now, started)
                : converse(customer, in, now, started, true)))));
  }

  /**
   * The message with its language: the one its channel declares (an e-mail's Content-Language, a
   * French keyword), else the one its text reads as; unknown when it cannot be told. Stored with the
   * message, seen by the rules as {@code message.language}.
   */
  private Future<InboundMessage> withLanguage(InboundMessage in) {
    Intent intent = in.facts().intent();
    // A keyword (STOP, AIDE) is not prose: its language is the one its channel says, or none.
    if (in.facts().language() != null || intent instanceof Intent.OptOut || intent instanceof Intent.OptIn
        || intent instanceof Intent.Help) {
      return Future.succeededFuture(in);
    }
    return languages.in(in.text()).map(detected -> detected.isEmpty() ? in
        : new InboundMessage(in.channel(), in.externalId(), in.from(), in.senderName(), in.text(), in.receivedAt(),
            in.facts().withLanguage(detected.get()), in.attachments()));
  }

  /**
   * Who wrote: the customer, and whether the address they wrote from is one of that customer's.
   * Unlinked is someone whose address we do not know writing to one of a customer's conversations.
   */
  private record Sender(Customer customer, boolean linked) {
  }

  /**
   * A message from an address that is not the customer's, as the agent sees it: in the thread, with
   * the address in the author's name. It teaches the customer nothing (no name, no survey answer)
   * and replies still go to the customer's own addresses.
   */
  private static InboundMessage shownUnlinked(InboundMessage in) {
    String shown = (in.senderName() == null ? "" : in.senderName() + " ") + "<" + in.from().value() + ">";
    return new InboundMessage(in.channel(), in.externalId(), in.from(), shown, in.text(), in.receivedAt(), in.facts(),
        in.attachments());
  }

  /** An answer to the survey: stored in the surveyed conversation, which stays resolved. */
  private Future<InboundReceipt> answered(Customer customer, Surveys.Answer answer, InboundMessage in, Instant now,
                                          long started) {
    return storeIn(answer.surveyed(), customer, in, now, started, false).compose(stored -> stored.duplicate()
        ? Future.succeededFuture(stored.receipt())
        : surveys.record(customer, answer, stored.message()).map(stored.receipt()));
  }

  /** An ordinary message: joins (or opens) the customer's conversation, decided by the rules, and is routed. */
  private Future<InboundReceipt> converse(Customer customer, InboundMessage in, Instant now, long started, boolean linked) {
    return reopenThread(customer, in, now)
        // The customer's past as counts kept with their conversations: the same cost however long it is.
        .compose(v -> store.conversations().historyOf(customer.id()))
        .compose(past -> rules.decide(RoutingFactsOf.inbound(customer, past.resolved(),
            past.lastScore() == null ? null : past.lastScore().doubleValue(), in, now)))
        .map(decision -> Conversation.open(Ids.near("cnv", customer.id()), customer.id(), customer.ownerId(), in.channel(), now,
            AppliedRouting.of(decision, now)))
        .compose(draftConversation -> store.conversations().openFor(customer.id(), draftConversation))
        .compose(opened -> joinThread(opened.conversation(), customer, in, linked).map(opened))
        .compose(opened -> storeIn(opened.conversation(), customer, in, now, started, true)
            .compose(stored -> stored.duplicate()
                ? Future.succeededFuture(stored.receipt())
                : route(customer, opened, stored.message()).map(stored.receipt())));
  }

  /** Dispatches a stored message (which clears its routing note); a failure leaves the note, so {@link RoutingRetries} does it again. */
  private Future<Void> route(Customer customer, Opened opened, Message message) {
    return dispatch.stored(customer, opened, message)
        .recover(err -> {
          metrics.routing("failed");
          LOG.atWarn().addKeyValue("message", message.id()).addKeyValue("conversation", message.conversationId())
              .addKeyValue("error", err.getMessage()).log("stored message not routed yet; it will be retried");
          return Future.succeededFuture();
        });
  }

  /**
   * Who else is on the thread now: someone who wrote in from an address that is not the customer's,
   * and the people the customer herself copied. They become the conversation's participants, shown
   * to the agent and removable, never the customer's addresses. A From that failed authentication
   * (or one of the customer's own addresses) adds nobody.
   */
  private Future<Void> joinThread(Conversation conversation, Customer customer, InboundMessage in, boolean linked) {
    List<Participant> seen = new java.util.ArrayList<>();
    if (!linked && !customer.identities().contains(in.from()) && !in.facts().sender().failed()) {
      seen.add(new Participant(in.from(), in.senderName(), false, false));
    } else if (linked) {
      in.facts().thread().copied().stream().filter(a -> !customer.identities().contains(a))
          .forEach(a -> seen.add(new Participant(a, null, true, false)));
    }
    if (conversation.withParticipants(seen) == conversation) {
      return Future.succeededFuture();
    }
    return store.conversations().update(conversation.id(), c -> c.withParticipants(seen)).mapEmpty();
  }

  /**
   * Stores the message (and its attachments) in {@code conversation}; a channel's re-delivery is
   * stored once. {@code toRoute}: with a routing note, cleared once it reached its agent.
   */
  private Future<StoredInbound> storeIn(Conversation conversation, Customer customer, InboundMessage in,
                                        Instant now, long started, boolean toRoute) {
    return keepAttachments(in)
        .compose(files -> {
          Message message = toMessage(in, customer, conversation, now, files);
          return (toRoute ? store.messages().appendUnrouted(message, now.plus(retryAfter))
              : store.messages().append(message))
              .compose(appended -> appended.duplicate() ? dropCopies(files).map(appended) : Future.succeededFuture(appended));
        })
        .map(appended -> {
          metrics.inboundStored(in.channel(), Duration.ofNanos(System.nanoTime() - started), appended.duplicate());
          return new StoredInbound(appended.message(), appended.duplicate(),
              receipt(appended.message(), appended.duplicate()));
        });
  }

  /**
   * Stores the bytes of every attachment that came within the channel's limit, before the message
   * (so an acknowledged message never points at missing bytes). A channel re-delivery stores them
   * again under new ids; once the message is found stored, those copies are deleted.
   */
  /**
   * A re-delivery's own copies of the bytes: nothing points at them (the message was stored once,
   * with the first copies), so they go, or an erasure, which follows the messages, could never find them.
   */
  private Future<Void> dropCopies(List<Message.Attachment> files) {
    return Future.all(files.stream().filter(Message.Attachment::kept).map(f -> store.attachments().delete(f.id())).toList())
        .<Void>mapEmpty()
        .recover(err -> {
          LOG.atWarn().setCause(err).log("a re-delivered message's attachment copies could not be deleted");
          return Future.succeededFuture();
        });
  }

  private Future<List<Message.Attachment>> keepAttachments(InboundMessage in) {
    List<Future<Message.Attachment>> stored = in.attachments().stream().map(file -> {
      String id = Ids.next("att");
      Message.Attachment ref = new Message.Attachment(id, file.filename(), file.contentType(), file.size(),
          file.content() != null);
      return file.content() == null ? Future.succeededFuture(ref) : store.attachments().put(id, file.content()).map(ref);
    }).toList();
    return Future.all(stored).map(all -> stored.stream().map(Future::result).toList());
  }

  /**
   * A reply that names its conversation (the {@code support+<token>@} address of an e-mail, or one
   * of our Message-IDs in its In-Reply-To/References) reopens
   * it when it was resolved, instead of starting a new one: the customer answered that thread.
   * Only the customer's own conversations count; anything else is ignored.
   */
  private Future<Void> reopenThread(Customer customer, InboundMessage in, Instant now) {
    return namedConversation(in).compose(id -> id == null ? Future.<Void>succeededFuture() : reopen(customer, id, now));
  }

  /** The conversation a reply names: the token in the address it was sent to, or our message it answers. */
  private Future<String> namedConversation(InboundMessage in) {
    RepliesTo names = in.facts().repliesTo();
    if (names instanceof RepliesTo.Conversation conversation) {
      return Future.succeededFuture(conversation.id());
    }
    return names instanceof RepliesTo.OurMessage ours
        ? store.messages().get(ours.id()).map(m -> m.map(Message::conversationId).orElse(null))
        : Future.succeededFuture(null);
  }

  /**
   * The customer this message is from: the one its address belongs to; or, for an address we have
   * never seen replying to one of our conversations (a colleague in copy, a second mailbox of the
   * customer's, or a stranger who saw the reply address), that conversation's customer, unlinked:
   * the address is never added on the strength of a reply address alone (an agent or admin links
   * it); or else a new customer.
   */
  private Future<Sender> customerOf(InboundMessage in, Instant now) {
    Customer first = Customer.first(Ids.next("cus"), in.from(), in.senderName(), now);
    // Nothing better known yet: a phone number often says where (and so in which time zone) someone lives.
    Customer draft = Address.PHONE.equals(in.from().kind())
        ? Identities.timezone(in.from().value()).map(zone -> first.withProfile(first.tags(), first.locale(), zone)).orElse(first)
        : first;
    return store.customers().byIdentity(in.from()).compose(known -> known.isPresent()
        // A From the receiving server could not authenticate is anyone's claim: shown in the
        // customer's thread with the warning, but it speaks for nobody (no name, opt-out, survey answer).
        ? Future.succeededFuture(new Sender(known.get(), !in.facts().sender().failed()))
        : namedConversation(in)
            .compose(id -> id == null ? Future.succeededFuture(Optional.<Conversation>empty()) : store.conversations().get(id))
            .compose(conversation -> conversation.isEmpty()
                ? store.customers().findOrCreate(in.from(), draft).map(customer -> new Sender(customer, true))
                : store.customers().get(conversation.get().customerId()).compose(owner -> owner.isPresent()
                    ? Future.succeededFuture(new Sender(owner.get(), false))
                    : store.customers().findOrCreate(in.from(), draft).map(customer -> new Sender(customer, true)))));
  }

  private Future<Void> reopen(Customer customer, String token, Instant now) {
    return store.conversations().get(token).compose(found -> {
      if (found.isEmpty() || !found.get().customerId().equals(customer.id()) || found.get().isOpen()) {
        return Future.<Void>succeededFuture();
      }
      return store.conversations().update(token, c -> c.isOpen() ? c : c.reopened(now))
          .<Void>mapEmpty()
          .recover(conflict -> Future.succeededFuture());
    });
  }

  /**
   * The language that may become the customer's locale: one the channel declared, or one detected
   * in a sentence. A word or two ("Question", "OK merci") reads the same in either language: it
   * still gives the message its language, but says nothing lasting about the customer.
   */
  private static String spokenLanguage(InboundMessage received, InboundMessage in) {
    if (received.facts().language() != null) {
      return received.facts().language();
    }
    return in.text().strip().split("\\s+").length >= SENTENCE_WORDS ? in.facts().language() : null;
  }

  /**
   * A name or e-mail the customer typed is kept as a claim for the agent to see; the language they
   * wrote in becomes their locale while none is known.
   */
  private Future<Customer> learn(Customer customer, InboundMessage in, String spoken) {
    SenderClaims said = in.facts().claims();
    Map<String, String> claims = said.email() != null ? Map.of("email", said.email()) : Map.of();
    Intent intent = in.facts().intent();
    // The browser's time zone is better than none (the phone's country is set when a number is learnt).
    String zone = CallWindows.zone(said.timezone()).map(java.time.ZoneId::getId).orElse(null);
    String locale = Customer.languageTag(said.locale()).orElse(localeOf(spoken, customer));
    java.util.function.UnaryOperator<Customer> change = c -> {
      Customer learned = c.learn(in.senderName(), claims);
      if (zone != null && learned.timezone() == null) {
        learned = learned.withProfile(learned.tags(), learned.locale(), zone);
      }
      // The page's language is the best guess of theirs, else the one they wrote in, until an agent says otherwise.
      if (locale != null && learned.locale() == null) {
        learned = learned.withLocale(locale);
      }
      return intent instanceof Intent.OptOut ? learned.optedOut(in.channel(), true)
          : intent instanceof Intent.OptIn ? learned.optedOut(in.channel(), false) : learned;
    };
    Customer learned = change.apply(customer);
    return learned.equals(customer) ? Future.succeededFuture(customer) : store.customers().update(customer.id(), change);
  }

  /**
   * The language a customer wrote in as their locale, with their phone's country when it names none:
   * "fr" texted from a Montréal number is fr-CA. Null when the language is unknown.
   */
  private static String localeOf(String language, Customer customer) {
    String region = PhoneNumbers.regionOf(customer);
    return Customer.languageTag(language)
        .map(tag -> region != null && java.util.Locale.forLanguageTag(tag).getCountry().isEmpty() ? tag + "-" + region : tag)
        .orElse(null);
  }

  private static Message toMessage(InboundMessage in, Customer customer, Conversation conversation, Instant now,
                                   List<Message.Attachment> files) {
    return new Message(Ids.near("msg", customer.id()), conversation.id(), customer.id(), Message.Direction.INBOUND, in.channel(),
        in.text(), new Message.Author("customer", customer.id(), in.senderName() != null ? in.senderName() : customer.displayName()),
        now, null, in.externalId(), null, StoredFacts.inbound(in.facts(), in.from()), files);
  }

  private static InboundReceipt receipt(Message message, boolean duplicate) {
    return new InboundReceipt(message.id(), message.conversationId(), duplicate);
  }

  /** An inbound message as stored: a channel's re-delivery is stored once and only acknowledged. */
  private record StoredInbound(Message message, boolean duplicate, InboundReceipt receipt) {
  }
}
