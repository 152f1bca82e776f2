package dev.relay.connector.spi;

import java.util.List;

/**
 * Where a message sits in an e-mail thread (RFC 5322): inbound, what the customer's mail said;
 * outbound, what a reply needs to join the customer's thread.
 *
 * @param subject    the subject, or null
 * @param inReplyTo  the Message-ID this one answers, or null
 * @param references the thread's Message-IDs, oldest first
 */
public record ThreadRef(String subject, String inReplyTo, List<String> references) {

  /** Not threaded: chat, SMS, or a first e-mail without a subject. */
  public static final ThreadRef NONE = new ThreadRef(null, null, List.of());

  public ThreadRef {
    references = references == null ? List.of() : List.copyOf(references);
  }
}
