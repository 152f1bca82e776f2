package dev.relay.connector.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A message a customer sent through a channel, as the connector understood it.
 *
 * @param channel    the connector's channel name ({@code chat}, {@code email}, {@code sms})
 * @param externalId the channel's own id for the message; the gateway stores a given
 *                   (channel, externalId) once, so channel retries are harmless
 * @param from       the sender's normalised address
 * @param senderName a display name the sender gave, or null; a claim, never proof of identity
 * @param text       the text as the agent should read it
 * @param receivedAt when the gateway received it
 * @param facts      what the connector learnt beyond the text: intent, threading, claims, media
 * @param attachments files that came with it (e-mail attachments, MMS media), possibly empty
 */
public record InboundMessage(
    String channel,
    String externalId,
    Address from,
    String senderName,
    String text,
    Instant receivedAt,
    ChannelFacts facts,
    List<InboundAttachment> attachments) {

  public InboundMessage {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(externalId, "externalId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(receivedAt, "receivedAt");
    facts = facts == null ? ChannelFacts.NONE : facts;
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
  }
}
