package dev.relay.gateway.domain;

import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.ChannelFacts;
import dev.relay.connector.spi.Intent;
import dev.relay.connector.spi.MediaLink;
import dev.relay.connector.spi.RepliesTo;
import dev.relay.connector.spi.SenderCheck;
import dev.relay.connector.spi.SenderClaims;
import dev.relay.connector.spi.ThreadRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place a connector's typed {@link ChannelFacts} become a stored message's attributes and
 * back. The attribute names are what stores and agents' API clients have always seen, so stored
 * messages stay readable; nothing else in the gateway knows them.
 */
public final class StoredFacts {

  private static final String CALLBACK = "callbackRequested";
  private static final String CALLBACK_PHONE = "callbackPhone";
  private static final String CALLBACK_AT = "callbackAt";
  private static final String OPT_OUT = "optOut";
  private static final String KEYWORD = "keyword";
  private static final String SUBJECT = "subject";
  private static final String IN_REPLY_TO = "inReplyTo";
  private static final String REFERENCES = "references";
  private static final String TOKEN = "conversationToken";
  private static final String OUR_MESSAGE = "inReplyToMessage";
  private static final String CLAIMED_EMAIL = "claimedEmail";
  private static final String TIMEZONE = "timezone";
  private static final String CLAIMED_LOCALE = "claimedLocale";
  private static final String MEDIA = "media";
  private static final String FULL_TEXT = "fullText";
  private static final String HTML = "html";
  private static final String COPIED = "copied";
  private static final String SENDER_CHECK = "senderCheck";
  private static final String SENDER_DETAIL = "senderCheckDetail";
  private static final String SENDER_WARNING = "senderWarning";
  private static final String AUTHENTICATION_RESULTS = "authenticationResults";
  private static final String FROM = "from";
  private static final String TO = "to";
  private static final String CC = "cc";
  private static final String ANSWERS = "answers";
  private static final String LANGUAGE = "language";

  private StoredFacts() {
  }

  public static Map<String, String> attributes(ChannelFacts facts) {
    Map<String, String> out = new HashMap<>();
    putIntent(out, facts.intent());
    ThreadRef thread = facts.thread();
    put(out, SUBJECT, thread.subject());
    put(out, IN_REPLY_TO, thread.inReplyTo());
    put(out, REFERENCES, thread.references().isEmpty() ? null : String.join(" ", thread.references()));
    put(out, COPIED, thread.copied().isEmpty() ? null
        : String.join(" ", thread.copied().stream().map(Address::value).toList()));
    if (facts.repliesTo() instanceof RepliesTo.Conversation c) {
      out.put(TOKEN, c.id());
    } else if (facts.repliesTo() instanceof RepliesTo.OurMessage m) {
      out.put(OUR_MESSAGE, m.id());
    }
    put(out, CLAIMED_EMAIL, facts.claims().email());
    put(out, TIMEZONE, facts.claims().timezone());
    put(out, CLAIMED_LOCALE, facts.claims().locale());
    for (int i = 0; i < facts.media().size(); i++) {
      MediaLink link = facts.media().get(i);
      out.put(MEDIA + i, link.url() + " (" + link.contentType() + ")");
    }
    put(out, FULL_TEXT, facts.fullText());
    put(out, HTML, facts.html());
    SenderCheck sender = facts.sender();
    if (sender.verdict() != SenderCheck.Verdict.NONE || sender.header() != null) {
      out.put(SENDER_CHECK, sender.verdict().name().toLowerCase(java.util.Locale.ROOT));
    }
    put(out, SENDER_DETAIL, sender.summary());
    put(out, AUTHENTICATION_RESULTS, sender.header());
    if (sender.failed()) {
      // What the agent reads next to the message.
      out.put(SENDER_WARNING, "the sender's address could not be verified (" + sender.summary()
          + "): this mail may not be from who it says");
    }
    put(out, LANGUAGE, facts.language());
    return out;
  }

  /** An inbound message's attributes: what the channel learnt, and the address it came from (whom a reply to it answers). */
  public static Map<String, String> inbound(ChannelFacts facts, Address from) {
    Map<String, String> out = attributes(facts);
    out.put(FROM, from.value());
    return out;
  }

  /** The address an inbound message came from, of the given kind; null for messages stored before it was kept. */
  public static Address from(Map<String, String> attributes, String kind) {
    String from = attributes.get(FROM);
    return from == null ? null : new Address(kind, from);
  }

  /**
   * Who a reply went to (and, for e-mail, who got a copy and which inbound message it answers), so
   * a retry sends it to the same people and the agent sees them.
   */
  public static Map<String, String> recipients(Address to, List<Address> cc, String answers) {
    Map<String, String> out = new HashMap<>();
    out.put(TO, to.value());
    put(out, CC, cc.isEmpty() ? null : String.join(" ", cc.stream().map(Address::value).toList()));
    put(out, ANSWERS, answers);
    return out;
  }

  /** The recipients {@link #recipients} kept, of the given kind: the first is To, the others Cc; empty when none were kept. */
  public static List<Address> recipients(Map<String, String> attributes, String kind) {
    List<Address> out = new ArrayList<>();
    if (attributes.get(TO) == null) {
      return out;
    }
    out.add(new Address(kind, attributes.get(TO)));
    String cc = attributes.get(CC);
    if (cc != null) {
      Arrays.stream(cc.split(" ")).map(a -> new Address(kind, a)).forEach(out::add);
    }
    return out;
  }

  /** The inbound message a reply answers, or null. */
  public static String answers(Map<String, String> attributes) {
    return attributes.get(ANSWERS);
  }

  public static ChannelFacts facts(Map<String, String> attributes) {
    return new ChannelFacts(intent(attributes), thread(attributes), repliesTo(attributes),
        new SenderClaims(attributes.get(CLAIMED_EMAIL), attributes.get(TIMEZONE),
            attributes.get(CLAIMED_LOCALE)), media(attributes),
        attributes.get(FULL_TEXT), attributes.get(HTML), attributes.get(LANGUAGE), sender(attributes));
  }

  private static void putIntent(Map<String, String> out, Intent intent) {
    if (intent instanceof Intent.CallbackRequest callback) {
      out.put(CALLBACK, "true");
      put(out, CALLBACK_PHONE, callback.phone());
      put(out, CALLBACK_AT, callback.at() == null ? null : callback.at().toString());
    } else if (intent instanceof Intent.OptOut) {
      out.put(OPT_OUT, "stop");
    } else if (intent instanceof Intent.OptIn) {
      out.put(OPT_OUT, "start");
    } else if (intent instanceof Intent.Help) {
      out.put(KEYWORD, "help");
    }
  }

  private static Intent intent(Map<String, String> attributes) {
    if ("true".equals(attributes.get(CALLBACK))) {
      String at = attributes.get(CALLBACK_AT);
      return new Intent.CallbackRequest(attributes.get(CALLBACK_PHONE), at == null ? null : Instant.parse(at));
    }
    String optOut = attributes.get(OPT_OUT);
    if (optOut != null) {
      return "stop".equals(optOut) ? new Intent.OptOut() : new Intent.OptIn();
    }
    return "help".equals(attributes.get(KEYWORD)) ? new Intent.Help() : null;
  }

  private static ThreadRef thread(Map<String, String> attributes) {
    String references = attributes.get(REFERENCES);
    String copied = attributes.get(COPIED);
    return new ThreadRef(attributes.get(SUBJECT), attributes.get(IN_REPLY_TO),
        references == null ? List.of() : Arrays.asList(references.split(" ")),
        copied == null ? List.of() : Arrays.stream(copied.split(" ")).map(a -> new Address(Address.EMAIL, a)).toList());
  }

  private static SenderCheck sender(Map<String, String> attributes) {
    String verdict = attributes.get(SENDER_CHECK);
    if (verdict == null) {
      return SenderCheck.NONE;
    }
    return new SenderCheck(SenderCheck.Verdict.valueOf(verdict.toUpperCase(java.util.Locale.ROOT)), attributes.get(SENDER_DETAIL),
        attributes.get(AUTHENTICATION_RESULTS));
  }

  private static RepliesTo repliesTo(Map<String, String> attributes) {
    return attributes.containsKey(TOKEN) ? new RepliesTo.Conversation(attributes.get(TOKEN))
        : attributes.containsKey(OUR_MESSAGE) ? new RepliesTo.OurMessage(attributes.get(OUR_MESSAGE))
        : null;
  }

  /** {@code media<i>} is {@code "<url> (<content type>)"}, as agents have always read it. */
  private static List<MediaLink> media(Map<String, String> attributes) {
    List<MediaLink> media = new ArrayList<>();
    for (int i = 0; attributes.containsKey(MEDIA + i); i++) {
      String value = attributes.get(MEDIA + i);
      int open = value.lastIndexOf(" (");
      media.add(new MediaLink(value.substring(0, open), value.substring(open + 2, value.length() - 1)));
    }
    return media;
  }

  private static void put(Map<String, String> out, String key, String value) {
    if (value != null) {
      out.put(key, value);
    }
  }
}
