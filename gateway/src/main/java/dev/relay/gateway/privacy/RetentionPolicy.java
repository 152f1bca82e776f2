package dev.relay.gateway.privacy;

import java.time.Duration;

/**
 * How long Relay keeps what customers sent, as the admin set it (the {@code retention.*} settings);
 * a null period keeps that data until it is erased. All null (the default): retention is off.
 *
 * @param resolvedConversations a resolved conversation, its messages and attachments, this long after its resolution
 * @param attachments           the bytes of an attachment, this long after its message (the message stays)
 * @param callRecordings        the provider's recordings of a call, this long after the call
 */
public record RetentionPolicy(Duration resolvedConversations, Duration attachments, Duration callRecordings) {

  public static final RetentionPolicy OFF = new RetentionPolicy(null, null, null);

  public boolean enabled() {
    return resolvedConversations != null || attachments != null || callRecordings != null;
  }
}
