package dev.relay.connector.spi;

import java.util.List;

/**
 * Where a message sits in an e-mail thread (RFC 5322): inbound, what the customer's mail said;
 * outbound, what a reply needs to join the customer's thread.
 *
 * @param subject    the subject, or null
 * @param inReplyTo  the Message-ID this one answers, or null
 * @param references the thread's Message-IDs, oldest first
 * @param copied     the other people on the thread: inbound, whom the mail was also addressed to (To and
 *                   Cc, our own addresses left out); outbound, who gets a copy (Cc)
 */
public record ThreadRef(String subject, String inReplyTo, List<String> references, List<Address> copied) {

  /** Not threaded: chat, SMS, or a first e-mail without a subject. */
  public static final ThreadRef NONE = new ThreadRef(null, null, List.of(), List.of());

  public ThreadRef {
    references = references == null ? List.of() : List.copyOf(references);
    copied = copied == null ? List.of() : List.copyOf(copied);
  }

  /** A thread with nobody else on it. */
  public ThreadRef(String subject, String inReplyTo, List<String> references) {
    this(subject, inReplyTo, references, List.of());
  }

  public ThreadRef withCopied(List<Address> next) {
    return new ThreadRef(subject, inReplyTo, references, next);
  }
}
