package dev.relay.connector.chat;

import dev.relay.connector.spi.TrustedProxies;
import java.time.Duration;
import java.util.Objects;

/**
 * The chat channel's settings.
 *
 * @param tokenSecret   key that signs visitor tokens; losing it logs every visitor out, so the
 *                      gateway keeps it in the data directory or takes it from the environment
 * @param maxTextLength longest message a visitor may send, in characters
 * @param maxFrameChars longest frame accepted, in characters; longer ones get a {@code too_large} error
 * @param identitySecret the key the company's site signs its users' ids (or e-mails) with, or null
 *                       when the site does not vouch for visitors
 * @param messageBurst      messages a visitor may send at once
 * @param messagesPerMinute messages a visitor may send per minute after the burst
 * @param newVisitorBurst      new anonymous chats one client address may open at once
 * @param newVisitorsPerMinute new anonymous chats per client address per minute after the burst
 * @param helloTimeout      how long a socket may stay open without saying hello; then it is closed
 * @param tokenLifetime     how long a visitor token stays valid after it was issued (each welcome issues a new one)
 * @param trustedProxies    whose {@code X-Forwarded-For} names the client the new-chat limit counts
 */
public record ChatOptions(byte[] tokenSecret, int maxTextLength, int maxFrameChars, byte[] identitySecret,
                          int messageBurst, int messagesPerMinute, int newVisitorBurst, int newVisitorsPerMinute,
                          Duration helloTimeout, Duration tokenLifetime, TrustedProxies trustedProxies) {

  /** Generous for an office behind one NAT; a script opening thousands of chats is stopped. */
  public static final int DEFAULT_NEW_VISITOR_BURST = 20;
  public static final int DEFAULT_NEW_VISITORS_PER_MINUTE = 20;

  /** The widget says hello as soon as it connects; an idle anonymous socket only holds a slot. */
  public static final Duration DEFAULT_HELLO_TIMEOUT = Duration.ofSeconds(10);

  /** A visitor who does not come back for a month starts afresh; one who does keeps their history. */
  public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofDays(30);

  public static final int DEFAULT_BURST = 10;
  public static final int DEFAULT_PER_MINUTE = 30;

  public static final int DEFAULT_MAX_TEXT_LENGTH = 4000;
  public static final int DEFAULT_MAX_FRAME_CHARS = 16 * 1024;

  public ChatOptions {
    Objects.requireNonNull(tokenSecret, "tokenSecret");
    if (tokenSecret.length < 32) {
      throw new IllegalArgumentException("chat token secret must be at least 32 bytes");
    }
    if (messageBurst < 1 || messagesPerMinute < 1 || newVisitorBurst < 1 || newVisitorsPerMinute < 1) {
      throw new IllegalArgumentException("chat rate limits must be positive");
    }
    if (maxTextLength < 1 || maxFrameChars < maxTextLength) {
      throw new IllegalArgumentException("chat limits must satisfy 1 <= maxTextLength <= maxFrameChars");
    }
    if (helloTimeout == null || helloTimeout.isNegative() || helloTimeout.isZero()) {
      throw new IllegalArgumentException("the chat hello timeout must be positive");
    }
    trustedProxies = trustedProxies == null ? TrustedProxies.NONE : trustedProxies;
    if (tokenLifetime == null || tokenLifetime.isNegative() || tokenLifetime.isZero()) {
      throw new IllegalArgumentException("the visitor token lifetime must be positive");
    }
  }

  public ChatOptions(byte[] tokenSecret, int maxTextLength, int maxFrameChars, byte[] identitySecret,
                     int messageBurst, int messagesPerMinute) {
    this(tokenSecret, maxTextLength, maxFrameChars, identitySecret, messageBurst, messagesPerMinute,
        DEFAULT_NEW_VISITOR_BURST, DEFAULT_NEW_VISITORS_PER_MINUTE, DEFAULT_HELLO_TIMEOUT, DEFAULT_TOKEN_LIFETIME, TrustedProxies.NONE);
  }

  public ChatOptions(byte[] tokenSecret) {
    this(tokenSecret, DEFAULT_MAX_TEXT_LENGTH, DEFAULT_MAX_FRAME_CHARS, null, DEFAULT_BURST, DEFAULT_PER_MINUTE);
  }

  public ChatOptions withHelloTimeout(Duration timeout) {
    return new ChatOptions(tokenSecret, maxTextLength, maxFrameChars, identitySecret, messageBurst, messagesPerMinute,
        newVisitorBurst, newVisitorsPerMinute, timeout, tokenLifetime, trustedProxies);
  }

  public ChatOptions withNewVisitorLimit(int burst, int perMinute) {
    return new ChatOptions(tokenSecret, maxTextLength, maxFrameChars, identitySecret, messageBurst, messagesPerMinute,
        burst, perMinute, helloTimeout, tokenLifetime, trustedProxies);
  }
}
