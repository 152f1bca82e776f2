package dev.relay.gateway.domain;

import dev.relay.connector.spi.ChannelFacts;
import dev.relay.connector.spi.Intent;
import dev.relay.connector.spi.MediaLink;
import dev.relay.connector.spi.RepliesTo;
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
    put(out, LANGUAGE, facts.language());
    return out;
  }

  public static ChannelFacts facts(Map<String, String> attributes) {
    return new ChannelFacts(intent(attributes), thread(attributes), repliesTo(attributes),
        new SenderClaims(attributes.get(CLAIMED_EMAIL), attributes.get(TIMEZONE),
            attributes.get(CLAIMED_LOCALE)), media(attributes),
        attributes.get(FULL_TEXT), attributes.get(HTML), attributes.get(LANGUAGE));
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
    return new ThreadRef(attributes.get(SUBJECT), attributes.get(IN_REPLY_TO),
        references == null ? List.of() : Arrays.asList(references.split(" ")));
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
