package dev.relay.connector.chat;

import dev.relay.connector.spi.OutboundMessage;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the chat channel asks the gateway when a visitor (re)connects. The gateway owns
 * customers and conversations; the connector only shows the answer.
 */
public interface ChatVisitors {

  /**
   * The state of a visitor: one whose token we verified, or a new one (then only who is there to
   * answer is known). A visitor the gateway never heard from gets {@link VisitorState#NEW} with it.
   */
  Future<VisitorState> resume(String visitorId);

  /**
   * A visitor the company's site vouched for (a signed user id or e-mail): the visitor becomes, or
   * joins, the customer known by that identity, and sees that customer's conversation.
   */
  Future<VisitorState> vouched(String visitorId, dev.relay.connector.spi.Address identity, String name);

  /**
   * The visitor's chats that are over, older than what they were shown: the page that starts at
   * {@code before} (a {@link EarlierPage#before} the welcome or an earlier page gave).
   *
   * @throws IllegalArgumentException (as the future's failure) when {@code before} is not one given
   */
  Future<EarlierPage> earlier(String visitorId, String before);

  /**
   * The visitor ended the session and asked to be forgotten on their browser: their visitor id no
   * longer reaches their customer, so the token they held opens nothing. What they wrote stays with
   * the company (the agent's record), as any other channel's would.
   */
  Future<Void> forget(String visitorId);

  /**
   * When the visitor could be called back by their agent (or, before they have one, by the company).
   *
   * @param timezone the browser's IANA time zone, used when the customer's own is not known; may be null
   */
  Future<CallbackOffer> callbackOffer(String visitorId, String timezone);

  /**
   * The number a visitor typed in the callback form, read as people write them ("06 98 76 54 32",
   * "(514) 555-0199") in the visitor's region, else the company's.
   *
   * @param locale the visitor's locale (the browser's), used when their customer's is unknown; may be null
   */
  Future<CallbackNumber> callbackNumber(String visitorId, String typed, String locale);

  /**
   * A file the visitor sends, checked by the rules agents' files follow (its type read from its
   * bytes, its size); a refusal says why in the visitor's language.
   *
   * @param content the bytes, or null when they were over {@code maxBytes} and not read
   * @param locale  the language the widget shows (its texts'), a BCP 47 tag; may be null
   */
  VisitorFile file(String filename, byte[] content, String locale);

  /** The largest file a visitor may send, in bytes: larger ones are refused before they are read. */
  long maxFileBytes();

  /** How many files the widget sends at once (one upload each); more are refused together, none sent. */
  int maxFiles();

  /** A file the gateway takes (its type as read from the bytes), or why not. */
  sealed interface VisitorFile {

    record Accepted(dev.relay.connector.spi.InboundAttachment file) implements VisitorFile {
    }

    /** @param explanation what is wrong with the file, for the visitor to read */
    record Refused(dev.relay.connector.spi.RejectReason reason, String explanation) implements VisitorFile {
    }
  }

  /** A number to call; or, when it cannot be read, why, in the visitor's language. */
  sealed interface CallbackNumber {

    /** @param e164 the number to call, "+33698765432" */
    record Readable(String e164) implements CallbackNumber {
    }

    /** @param explanation what is wrong with the number and how to write it, for the visitor to read */
    record Unreadable(String explanation) implements CallbackNumber {
    }
  }

  /**
   * The widget's texts in the language the gateway speaks that is closest to {@code locale} (the
   * page's, a BCP 47 tag, unchecked; null for the company's).
   */
  WidgetTexts texts(String locale);

  /**
   * @param locale the BCP 47 tag the texts are in, for the widget's {@code lang}
   * @param texts  by key ({@code launcher}, {@code error.rate_limited}…); an argument is left as {@code {name}}
   */
  record WidgetTexts(String locale, Map<String, String> texts, WidgetBrand brand) {
    public WidgetTexts {
      texts = Map.copyOf(texts);
      brand = brand == null ? WidgetBrand.NONE : brand;
    }

    public WidgetTexts(String locale, Map<String, String> texts) {
      this(locale, texts, WidgetBrand.NONE);
    }
  }

  /**
   * How the company's site presents the widget (its admins chose it).
   *
   * @param name     the company's name in the header before an agent answers, or null (the texts' "Support")
   * @param colour   {@code #rrggbb}, white text reads on it; null: the widget's own
   * @param greeting the first words a visitor reads, in the texts' language
   * @param position {@code right} or {@code left}
   * @param askName  the widget asks the visitor's name before their first message
   * @param logoUrl  the logo's path on the gateway, or null without one
   */
  record WidgetBrand(String name, String colour, String greeting, String position, boolean askName, String logoUrl) {
    public static final WidgetBrand NONE = new WidgetBrand(null, null, null, "right", false, null);
  }

  /**
   * @param enabled   false when calls are not set up: the widget hides the callback button
   * @param now       someone can call right away
   * @param agentName who will call, or null before the visitor has an agent
   * @param timezone  the zone the slots are meant for (the widget shows them in local time)
   * @param slots     the next times to choose from when not now
   */
  record CallbackOffer(boolean enabled, boolean now, String agentName, String timezone, List<Instant> slots) {
    public CallbackOffer {
      slots = List.copyOf(slots);
    }
  }

  /**
   * @param conversationId the visitor's open conversation, or null
   * @param agent          their dedicated agent, or null before one is assigned
   * @param history        the open conversation so far, oldest first, so a reloaded page shows it
   * @param undelivered    replies written while the visitor was away, oldest first
   * @param availability   who can answer now and when (the widget's header says it), or null when unknown
   * @param earlier        the visitor's last chats that are over, and where older ones are asked from
   */
  record VisitorState(String conversationId, AgentCard agent, List<HistoryEntry> history,
                      List<OutboundMessage> undelivered, Availability availability, EarlierPage earlier) {
    public static final VisitorState NEW = new VisitorState(null, null, List.of(), List.of(), null);

    public VisitorState {
      history = List.copyOf(history);
      undelivered = List.copyOf(undelivered);
      earlier = earlier == null ? EarlierPage.NONE : earlier;
    }

    public VisitorState(String conversationId, AgentCard agent, List<HistoryEntry> history,
                        List<OutboundMessage> undelivered, Availability availability) {
      this(conversationId, agent, history, undelivered, availability, EarlierPage.NONE);
    }
  }

  /**
   * Some of the visitor's chats that are over, most recent first, each oldest message first. A page
   * holds a bounded number of messages, so a long chat may be cut: its older part comes first in the
   * next page, under the same conversation id.
   *
   * @param before where the next, older, page starts, or null when there is nothing older
   */
  record EarlierPage(List<EarlierConversation> conversations, String before) {
    public static final EarlierPage NONE = new EarlierPage(List.of(), null);

    public EarlierPage {
      conversations = List.copyOf(conversations);
    }
  }

  /** A chat of the visitor's that is over, as they may read it again. */
  record EarlierConversation(String conversationId, List<HistoryEntry> messages) {
    public EarlierConversation {
      messages = List.copyOf(messages);
    }
  }

  /**
   * One message of the transcript, as the visitor sees it: from them ({@code visitor}) or from an {@code agent}.
   *
   * @param files the files it carried, each with its signed link (null when the gateway has no public URL)
   */
  record HistoryEntry(String messageId, String from, String authorName, String text, Instant at,
                      List<dev.relay.connector.spi.OutboundAttachment> files) {
    public HistoryEntry {
      files = files == null ? List.of() : List.copyOf(files);
    }
  }

  /** How the widget presents the agent: by name, and whether they are at their desk now. */
  record AgentCard(String name, boolean available) {
  }

  /**
   * What the widget's header tells before anything is sent, for the visitor's agent or (before they
   * have one) the team.
   *
   * @param state   {@code here}, {@code busy} (with other customers), {@code away} or {@code closed}
   * @param back    when work starts again ({@code closed}); the widget shows it in the visitor's zone
   * @param minutes about how long a first answer takes ({@code busy}), or null when too little is measured
   * @param at      the gateway's now, so the widget counts "tomorrow" from the same moment
   */
  record Availability(String state, Instant back, Integer minutes, Instant at) {
  }
}
