package dev.relay.gateway.wiring;

import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.callback.Callbacks;
import dev.relay.gateway.outbound.FileLinks;
import dev.relay.gateway.outbound.OutgoingFiles;
import dev.relay.gateway.outbound.Replies;
import dev.relay.connector.chat.ChatConnector;
import dev.relay.connector.chat.ChatVisitors;
import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.DeliveryStatus;
import dev.relay.connector.spi.InboundAttachment;
import dev.relay.connector.spi.RejectReason;
import dev.relay.connector.spi.OutboundAttachment;
import dev.relay.connector.spi.OutboundMessage;
import dev.relay.connector.spi.ThreadRef;
import dev.relay.gateway.brand.BrandBook;
import dev.relay.gateway.brand.BrandRoutes;
import dev.relay.gateway.domain.Brand;
import dev.relay.gateway.domain.Ids;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.PhoneNumbers;
import dev.relay.gateway.texts.TextKey;
import dev.relay.gateway.presence.Outlook;
import dev.relay.gateway.presence.Outlooks;
import dev.relay.gateway.texts.Texts;
import dev.relay.gateway.store.MessageStore;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Answers the chat widget when a verified visitor comes back: their open conversation, their
 * dedicated agent by name, and the replies they missed while away.
 */
public final class ChatVisitorState implements ChatVisitors {

  /**
   * How much of the visitor's timeline a welcome reads (the open chat as it was, their queued
   * replies, their last chats), and a page of older ones.
   */
  private static final int RECENT = 100;

  private final Store store;
  private final Callbacks callbacks;
  private final Texts texts;
  private final Outlooks outlooks;
  private final FileLinks links;
  private final BrandBook brand;
  private final Clock clock;

  public ChatVisitorState(Store store, Callbacks callbacks, Texts texts, Outlooks outlooks, FileLinks links,
                          BrandBook brand, Clock clock) {
    this.links = links;
    this.store = store;
    this.brand = brand;
    this.callbacks = callbacks;
    this.texts = texts;
    this.outlooks = outlooks;
    this.clock = clock;
  }

  /** Read in the visitor's region (their customer's, else their browser's), else the company's; refused in their language. */
  @Override
  public Future<CallbackNumber> callbackNumber(String visitorId, String typed, String locale) {
    return store.customers().byIdentity(new Address(Address.CHAT, visitorId)).map(found -> {
      Customer customer = found.orElse(null);
      PhoneNumbers.Parsed read = callbacks.numberOf(customer, locale, typed);
      if (read instanceof PhoneNumbers.Parsed.Valid valid) {
        return new CallbackNumber.Readable(valid.e164());
      }
      Locale language = customer != null && customer.locale() != null ? texts.localeOf(customer) : texts.localeOf(locale);
      return new CallbackNumber.Unreadable(texts.format(language, TextKey.PHONE_UNREADABLE,
          ((PhoneNumbers.Parsed.Invalid) read).arguments(typed)));
    });
  }

  /** Checked as an agent's file is ({@link OutgoingFiles#check}); refused in the widget's language. */
  @Override
  public VisitorFile file(String filename, byte[] content, String locale) {
    OutgoingFiles.Checked checked = content == null
        ? new OutgoingFiles.Refused(OutgoingFiles.Problem.TOO_LARGE, filename) : OutgoingFiles.check(filename, content);
    if (checked instanceof OutgoingFiles.OutgoingFile file) {
      return new VisitorFile.Accepted(new InboundAttachment(file.filename(), file.contentType(), file.size(), file.content()));
    }
    OutgoingFiles.Refused refused = (OutgoingFiles.Refused) checked;
    Locale language = texts.localeOf(locale);
    Map<String, Object> named = Map.of("name", refused.name(), "max", megabytes(language, OutgoingFiles.MAX_BYTES));
    return switch (refused.problem()) {
      case TOO_LARGE -> new VisitorFile.Refused(RejectReason.TOO_LARGE, texts.format(language, TextKey.WIDGET_FILE_TOO_LARGE, named));
      case TYPE -> new VisitorFile.Refused(RejectReason.FILE_TYPE, texts.format(language, TextKey.WIDGET_FILE_TYPE, named));
      case EMPTY -> new VisitorFile.Refused(RejectReason.BAD_FILE, texts.format(language, TextKey.WIDGET_FILE_EMPTY, named));
      case NAME -> new VisitorFile.Refused(RejectReason.BAD_FILE, texts.format(language, TextKey.WIDGET_FILE_NAME, named));
    };
  }

  @Override
  public long maxFileBytes() {
    return OutgoingFiles.MAX_BYTES;
  }

  /** As many as an agent's reply carries. */
  @Override
  public int maxFiles() {
    return OutgoingFiles.MAX_FILES;
  }

  /** "10 MB", "10 Mo": as the widget writes it (Intl's short megabyte unit). */
  private static String megabytes(Locale locale, long bytes) {
    return com.ibm.icu.text.MeasureFormat.getInstance(locale, com.ibm.icu.text.MeasureFormat.FormatWidth.SHORT)
        .format(new com.ibm.icu.util.Measure(bytes / (1024 * 1024), com.ibm.icu.util.MeasureUnit.MEGABYTE));
  }

  /** @param locale the languages the visitor reads, best first, comma-separated ({@code de-DE,fr-FR,fr}) */
  @Override
  public WidgetTexts texts(String locale) {
    Locale chosen = texts.firstSpoken(locale == null ? List.of() : List.of(locale.split(",", 10)));
    return new WidgetTexts(chosen.toLanguageTag(), texts.widget(chosen), widgetBrand(chosen));
  }

  /** The admins' brand, its greeting in {@code locale} (fr-CA, else fr; else the shipped text). */
  private WidgetBrand widgetBrand(Locale locale) {
    Brand current = brand.current();
    String tag = locale.toLanguageTag();
    String greeting = current.greeting().getOrDefault(tag, current.greeting().get(locale.getLanguage()));
    return new WidgetBrand(current.name(), current.colour(),
        greeting != null ? greeting : texts.format(locale, TextKey.WIDGET_GREETING, java.util.Map.of()),
        current.position().name().toLowerCase(Locale.ROOT), current.askName(), BrandRoutes.logoUrl(current.logo()));
  }

  @Override
  public Future<ChatVisitors.CallbackOffer> callbackOffer(String visitorId, String timezone) {
    return store.customers().byIdentity(new Address(Address.CHAT, visitorId))
        .compose(customer -> callbacks.offer(customer.orElse(null), timezone))
        .map(ChatVisitorState::toChat);
  }

  /**
   * The gateway's offer in the chat connector's terms, so callbacks need not know the connector
   * (named in full: inside a {@code ChatVisitors}, {@code CallbackOffer} is the connector's).
   */
  private static ChatVisitors.CallbackOffer toChat(dev.relay.gateway.callback.CallbackOffer offer) {
    return new ChatVisitors.CallbackOffer(offer.enabled(), offer.now(), offer.agentName(), offer.timezone(), offer.slots());
  }

  @Override
  public Future<VisitorState> resume(String visitorId) {
    Address address = new Address(Address.CHAT, visitorId);
    return store.customers().byIdentity(address).compose(found -> found.isEmpty()
        ? outlooks.ofTeam().map(team -> new VisitorState(null, null, List.of(), List.of(), toChat(team)))
        : stateOf(found.get(), address));
  }

  /**
   * The visitor's chat address leaves their customer: their token then resumes nothing. The customer
   * and conversations stay for the agent (a chat is the company's record, as a mail is).
   */
  @Override
  public Future<Void> forget(String visitorId) {
    Address address = new Address(Address.CHAT, visitorId);
    return store.customers().byIdentity(address).compose(found -> found.isEmpty()
        ? Future.succeededFuture()
        : store.customers().update(found.get().id(), c -> c.withoutIdentity(address)).mapEmpty());
  }

  /**
   * The site vouched for this visitor. They join the customer known by that identity (and see their
   * conversation); the first time, the identity joins the visitor's customer, or starts one. An
   * anonymous history the visitor already has under another customer is left apart, not merged.
   */
  @Override
  public Future<VisitorState> vouched(String visitorId, Address identity, String name) {
    Address chat = new Address(Address.CHAT, visitorId);
    return store.customers().byIdentity(identity).compose(known -> store.customers().byIdentity(chat)
        .compose(visitor -> {
          if (known.isPresent()) {
            boolean elsewhere = visitor.isPresent() && !visitor.get().id().equals(known.get().id());
            return elsewhere
                ? stateOf(visitor.get(), chat)
                : store.customers().update(known.get().id(), c -> c.withIdentity(chat).learn(name, java.util.Map.of()))
                    .compose(c -> stateOf(c, chat));
          }
          if (visitor.isPresent()) {
            return store.customers().update(visitor.get().id(), c -> c.withIdentity(identity).learn(name, java.util.Map.of()))
                .compose(c -> stateOf(c, chat));
          }
          Customer draft = Customer.first(Ids.next("cus"), identity, name, clock.instant()).withIdentity(chat);
          // The name the site gives a known customer fills in one not known yet (never overwrites).
          return store.customers().findOrCreate(identity, draft).compose(c -> stateOf(c, chat));
        }));
  }

  /**
   * The welcome reads the end of the visitor's timeline, never all of it: its cost stays the same
   * however long they have been writing. What is older comes a page at a time ({@link #earlier}).
   */
  private Future<VisitorState> stateOf(Customer customer, Address address) {
    Future<Optional<Agent>> owner = customer.ownerId() == null
        ? Future.succeededFuture(Optional.empty())
        : store.agents().get(customer.ownerId());
    return owner.compose(agent -> store.conversations().openOf(customer.id()).compose(open -> {
      boolean counted = open.isPresent() && agent.isPresent() && agent.get().id().equals(open.get().agentId());
      Future<Outlook> outlook = agent.isPresent() ? outlooks.of(agent.get(), counted) : outlooks.ofTeam();
      Future<MessageStore.Tail> recent = store.messages().tailOfCustomer(customer.id(), null, RECENT);
      String openId = open.map(Conversation::id).orElse(null);
      return Future.all(outlook, recent).map(read -> {
        Outlook now = outlook.result();
        List<Message> timeline = recent.result().messages();
        return new VisitorState(openId,
            agent.map(a -> new AgentCard(a.name(), now.state() == Outlook.State.HERE || now.state() == Outlook.State.BUSY))
                .orElse(null),
            history(timeline, openId), undelivered(timeline, address), toChat(now), earlier(recent.result(), openId));
      });
    }));
  }

  /** Older than the welcome showed, so the open chat's start (when it is long) comes too, under its id. */
  @Override
  public Future<EarlierPage> earlier(String visitorId, String before) {
    // Refused the same whoever asks: a new visitor learns nothing from the answer either.
    return Future.succeededFuture(before).map(MessageStore.Tail::position)
        .compose(valid -> store.customers().byIdentity(new Address(Address.CHAT, visitorId)))
        .compose(found -> found.isEmpty()
            ? Future.succeededFuture(EarlierPage.NONE)
            : store.messages().tailOfCustomer(found.get().id(), before, RECENT).map(tail -> earlier(tail, null)));
  }

  private ChatVisitors.Availability toChat(Outlook outlook) {
    return new ChatVisitors.Availability(outlook.state().name().toLowerCase(Locale.ROOT), outlook.back(),
        outlook.expectedMinutes(), clock.instant());
  }

  /** The open conversation's messages among the recent ones: what a reloaded page shows again. */
  private List<HistoryEntry> history(List<Message> timeline, String openId) {
    return timeline.stream().filter(m -> m.conversationId().equals(openId) && !m.isNote()).map(this::entry).toList();
  }

  /**
   * The visitor's chats in this part of their timeline but {@code openId} (the welcome shows it as
   * history), most recent first: what they wrote and what they were answered, as they saw it, on
   * this channel only (never an internal note).
   */
  private EarlierPage earlier(MessageStore.Tail tail, String openId) {
    java.util.Map<String, List<HistoryEntry>> byConversation = new java.util.LinkedHashMap<>();
    tail.messages().stream()
        .filter(m -> ChatConnector.CHANNEL.equals(m.channel()) && !m.conversationId().equals(openId) && !m.isNote())
        .forEach(m -> byConversation.computeIfAbsent(m.conversationId(), id -> new java.util.ArrayList<>()).add(entry(m)));
    List<EarlierConversation> all = new java.util.ArrayList<>();
    byConversation.forEach((id, messages) -> all.add(new EarlierConversation(id, messages)));
    java.util.Collections.reverse(all);
    return new EarlierPage(all, tail.before());
  }

  private HistoryEntry entry(Message m) {
    return new HistoryEntry(m.id(), m.direction() == Message.Direction.INBOUND ? "visitor" : "agent",
        m.author().name(), m.direction() == Message.Direction.OUTBOUND ? withLinks(m) : m.text(), m.at(), linked(m));
  }

  /** Replies still queued for the chat, among the visitor's last {@link #RECENT} messages (they are delivered at each hello). */
  private List<OutboundMessage> undelivered(List<Message> timeline, Address address) {
    return timeline.stream()
        .filter(m -> m.direction() == Message.Direction.OUTBOUND)
        .filter(m -> ChatConnector.CHANNEL.equals(m.channel()) && m.status() == DeliveryStatus.QUEUED)
        .map(m -> Replies.toOutbound(address, m, ThreadRef.NONE).withAttachments(linked(m)))
        .toList();
  }

  /** The files as the chat carries them (the agent's, and the visitor's own): links; the bytes stay in the store. */
  private List<OutboundAttachment> linked(Message m) {
    return m.attachments().stream().filter(Message.Attachment::kept)
        .map(f -> new OutboundAttachment(f.filename(), f.contentType(), f.size(), links.link(f, m.at()), null)).toList();
  }

  /** A reply seen again (a reload) shows its files' links as it did live. */
  private String withLinks(Message m) {
    List<OutboundAttachment> files = linked(m);
    return files.isEmpty() ? m.text() : ChatConnector.withLinks(m.text(), files);
  }
}
