package dev.relay.connector.spi;

import java.util.Objects;

/**
 * Where a customer can be reached on a channel: {@code kind} names the address space
 * ({@code chat} visitor id, {@code email}, {@code phone} in E.164), {@code value} is normalised
 * by the connector that produced it, so equal addresses mean the same person.
 */
public record Address(String kind, String value) {
  public static final String CHAT = "chat";
  public static final String EMAIL = "email";
  public static final String PHONE = "phone";
  /**
   * Who sent a text when it is not a phone number we can text back: a short code ({@code 36179}),
   * an alphanumeric sender ({@code ORANGE}), a number without its country code. Kept as Twilio
   * gave it, so the message is stored and the agent sees who wrote; no reply goes to it.
   */
  public static final String SMS_SENDER = "sms-sender";

  public Address {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    if (kind.isBlank() || value.isBlank()) {
      throw new IllegalArgumentException("address kind and value must not be blank");
    }
  }

  /** A stable single-string key, used by stores to index identities. */
  public String key() {
    return kind + ":" + value;
  }
}
