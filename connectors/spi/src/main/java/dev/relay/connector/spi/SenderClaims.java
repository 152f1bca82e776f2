package dev.relay.connector.spi;

/**
 * What the sender said about themselves (the chat widget's form, the browser): claims for the agent
 * to see and defaults to fill gaps, never proof of identity.
 *
 * @param email    an e-mail address they typed, or null
 * @param timezone their browser's IANA time zone, unchecked, or null
 * @param locale   the language they read, as a BCP 47 tag (the chat page's or browser's), unchecked, or null
 */
public record SenderClaims(String email, String timezone, String locale) {
  public static final SenderClaims NONE = new SenderClaims(null, null, null);

  public SenderClaims(String email, String timezone) {
    this(email, timezone, null);
  }
}
