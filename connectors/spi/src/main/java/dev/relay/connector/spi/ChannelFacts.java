package dev.relay.connector.spi;

import java.util.List;

/**
 * What a connector learnt about an inbound message beyond its text, each fact typed: the gateway acts
 * on the intent, threading and claims, and shows the rest to the agent.
 *
 * @param intent    what the customer asked for in so many words, or null
 * @param thread    its place in an e-mail thread
 * @param repliesTo the conversation or message of ours it answers, or null
 * @param claims    what the sender said about themselves
 * @param media     files the channel links to
 * @param fullText  the text with quoted history and signature, when the message text is trimmed; or null
 * @param html      the HTML the customer sent, or null
 * @param language  the language the channel says the text is in (an e-mail's Content-Language, a French
 *                  carrier keyword such as ARRET), as an ISO 639-1 code; null when it does not say
 */
public record ChannelFacts(Intent intent, ThreadRef thread, RepliesTo repliesTo, SenderClaims claims,
                           List<MediaLink> media, String fullText, String html, String language) {

  public static final ChannelFacts NONE = new ChannelFacts(null, ThreadRef.NONE, null, SenderClaims.NONE, List.of(), null, null,
      null);

  public ChannelFacts {
    thread = thread == null ? ThreadRef.NONE : thread;
    claims = claims == null ? SenderClaims.NONE : claims;
    media = media == null ? List.of() : List.copyOf(media);
  }

  public ChannelFacts withIntent(Intent next) {
    return new ChannelFacts(next, thread, repliesTo, claims, media, fullText, html, language);
  }

  public ChannelFacts withThread(ThreadRef next, RepliesTo answers) {
    return new ChannelFacts(intent, next, answers, claims, media, fullText, html, language);
  }

  public ChannelFacts withClaims(SenderClaims next) {
    return new ChannelFacts(intent, thread, repliesTo, next, media, fullText, html, language);
  }

  public ChannelFacts withMedia(List<MediaLink> next) {
    return new ChannelFacts(intent, thread, repliesTo, claims, next, fullText, html, language);
  }

  public ChannelFacts withBodies(String nextFullText, String nextHtml) {
    return new ChannelFacts(intent, thread, repliesTo, claims, media, nextFullText, nextHtml, language);
  }

  public ChannelFacts withLanguage(String next) {
    return new ChannelFacts(intent, thread, repliesTo, claims, media, fullText, html, next);
  }
}
