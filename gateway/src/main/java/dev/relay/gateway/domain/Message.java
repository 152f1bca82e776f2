package dev.relay.gateway.domain;

import dev.relay.connector.spi.DeliveryStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One message in a customer's timeline, on whichever channel it travelled.
 *
 * @param externalId the channel's id (inbound) or provider's id (outbound), for de-duplication and threading
 * @param status     delivery status of an outbound message; null for inbound
 * @param error      why delivery failed, for the agent
 * @param attachments files that came with it; their bytes are in the attachment store
 */
public record Message(
    String id,
    String conversationId,
    String customerId,
    Direction direction,
    String channel,
    String text,
    Author author,
    Instant at,
    DeliveryStatus status,
    String externalId,
    String error,
    Map<String, String> attributes,
    List<Attachment> attachments) {

  /**
   * {@code NOTE}: an agent's internal note on the conversation, for colleagues only. No connector is
   * ever given one and no customer-facing view lists one (see {@link #isNote}).
   */
  public enum Direction { INBOUND, OUTBOUND, NOTE }

  /** An internal note: kept in the timeline for agents, never sent or shown to the customer. */
  public boolean isNote() {
    return direction == Direction.NOTE;
  }

  /** Who wrote it: {@code customer} or {@code agent}, with the name shown to the other side. */
  public record Author(String kind, String id, String name) {
  }

  /**
   * A file as the agent sees it.
   *
   * @param kept false when it was over the channel's size limit: listed, but its bytes were not kept
   */
  public record Attachment(String id, String filename, String contentType, long size, boolean kept) {
  }

  public Message {
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
  }

  /** The status, plus what the channel told about it (kept in the attributes the agent sees). */
  public Message withStatus(DeliveryStatus next, String providerId, String reason, Map<String, String> details) {
    Map<String, String> merged = new java.util.HashMap<>(attributes);
    merged.putAll(details);
    return new Message(id, conversationId, customerId, direction, channel, text, author, at, next,
        providerId == null ? externalId : providerId, reason, merged, attachments);
  }

  /** A retention period removed the attachments' bytes: they stay listed (name, type, size), no longer kept. */
  public Message attachmentsRemoved() {
    List<Attachment> listed = attachments.stream()
        .map(a -> new Attachment(a.id(), a.filename(), a.contentType(), a.size(), false)).toList();
    return new Message(id, conversationId, customerId, direction, channel, text, author, at, status, externalId, error,
        attributes, listed);
  }

  public Message withAttribute(String key, String value) {
    Map<String, String> merged = new java.util.HashMap<>(attributes);
    merged.put(key, value);
    return new Message(id, conversationId, customerId, direction, channel, text, author, at, status, externalId, error,
        merged, attachments);
  }

  public Message withStatus(DeliveryStatus next, String providerId, String reason) {
    return new Message(id, conversationId, customerId, direction, channel, text, author, at, next,
        providerId == null ? externalId : providerId, reason, attributes, attachments);
  }
}
