package dev.relay.connector.spi;

/**
 * What the sender said about themselves (the chat widget's form, the browser): claims for the agent
 * to see and defaults to fill gaps, never proof of identity.
 *
 * @param email    an e-mail address they typed, or null
 * @param timezone their browser's IANA time zone, unchecked, or null
 */
public record SenderClaims(String email, String timezone) {
  public static final SenderClaims NONE = new SenderClaims(null, null);
}
