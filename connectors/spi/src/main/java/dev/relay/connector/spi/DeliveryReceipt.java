package dev.relay.connector.spi;

import java.util.Map;
import java.util.Objects;

/**
 * What a channel said about an outbound message.
 *
 * @param messageId  the stored message's id
 * @param status     the new status
 * @param providerId the channel's own id for the sent message (SMTP Message-ID, Twilio SID), or null
 * @param error      why it failed, in words an agent can act on, or null
 * @param details    facts the agent should see, e.g. {@code segments} for a long text
 */
public record DeliveryReceipt(String messageId, DeliveryStatus status, String providerId, String error,
                              Map<String, String> details) {
  public DeliveryReceipt {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(status, "status");
    details = details == null ? Map.of() : Map.copyOf(details);
  }

  public DeliveryReceipt(String messageId, DeliveryStatus status, String providerId, String error) {
    this(messageId, status, providerId, error, Map.of());
  }

  public static DeliveryReceipt of(String messageId, DeliveryStatus status) {
    return new DeliveryReceipt(messageId, status, null, null);
  }

  public static DeliveryReceipt failed(String messageId, String error) {
    return new DeliveryReceipt(messageId, DeliveryStatus.FAILED, null, error);
  }

  /**
   * Not sent now, but it can be later (the channel is down or refusing for a while): the message
   * stays queued, the reason is shown, and the gateway sends it again with backoff.
   */
  public static DeliveryReceipt retryLater(String messageId, String reason) {
    return new DeliveryReceipt(messageId, DeliveryStatus.QUEUED, null, reason);
  }

  /** The channel may have taken it: not sent again (that could send it twice); the reason says what to check. */
  public static DeliveryReceipt unknown(String messageId, String reason) {
    return new DeliveryReceipt(messageId, DeliveryStatus.UNKNOWN, null, reason);
  }

  /** True for {@link #retryLater}: queued with a reason. */
  public boolean shouldRetry() {
    return status == DeliveryStatus.QUEUED && error != null;
  }
}
