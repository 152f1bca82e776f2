package dev.relay.connector.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * Something the gateway asks a connector to deliver to a customer.
 *
 * @param messageId      the stored message's id (null for a notice, which is not a stored message)
 * @param kind           a reply written by an agent, or a notice the gateway tells the customer (the survey is one)
 * @param to             the customer's address on this channel
 * @param text           the body, without signature: the connector signs it as its channel expects
 * @param agentName      the name of the agent who answers; every reply is signed with it
 * @param conversationId the conversation it belongs to, for threading on channels that thread
 * @param at             when it was written
 * @param thread         what threading channels need (from the customer's last message on this channel);
 *                       {@link ThreadRef#NONE} when unknown
 * @param wording        the subject and signature in the customer's language; {@link Wording#NONE}: the connector's
 * @param attachments    files sent with a reply, on a channel that {@link Connector#carriesFiles carries them}
 */
public record OutboundMessage(
    String messageId,
    Kind kind,
    Address to,
    String text,
    String agentName,
    String conversationId,
    Instant at,
    ThreadRef thread,
    Wording wording,
    java.util.List<OutboundAttachment> attachments) {

  /** {@code SURVEY}: the notice asking the satisfaction survey (a channel that can may offer the scores to tap). */
  public enum Kind { REPLY, NOTICE, SURVEY }

  public OutboundMessage(String messageId, Kind kind, Address to, String text, String agentName, String conversationId,
                         Instant at, ThreadRef thread) {
    this(messageId, kind, to, text, agentName, conversationId, at, thread, Wording.NONE, java.util.List.of());
  }

  public OutboundMessage(String messageId, Kind kind, Address to, String text, String agentName, String conversationId,
                         Instant at, ThreadRef thread, Wording wording) {
    this(messageId, kind, to, text, agentName, conversationId, at, thread, wording, java.util.List.of());
  }

  public OutboundMessage {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(at, "at");
    thread = thread == null ? ThreadRef.NONE : thread;
    wording = wording == null ? Wording.NONE : wording;
    attachments = attachments == null ? java.util.List.of() : java.util.List.copyOf(attachments);
    if (kind == Kind.REPLY && (messageId == null || agentName == null)) {
      throw new IllegalArgumentException("a reply needs its message id and the agent's name");
    }
  }

  public OutboundMessage withWording(Wording next) {
    return new OutboundMessage(messageId, kind, to, text, agentName, conversationId, at, thread, next, attachments);
  }

  public OutboundMessage withAttachments(java.util.List<OutboundAttachment> files) {
    return new OutboundMessage(messageId, kind, to, text, agentName, conversationId, at, thread, wording, files);
  }
}
