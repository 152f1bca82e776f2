package dev.relay.connector.chat;

import dev.relay.connector.spi.Address;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks visitor tokens: {@code <visitorId>.<issued>.<vouched>.<HMAC-SHA256>}. Only the
 * gateway can mint one, so holding a token is the proof that lets a visitor see their own history.
 * A token expires a lifetime after it was issued (each welcome issues a fresh one, so a visitor who
 * comes back keeps theirs), and one issued to a visitor the site vouched for names that identity
 * (as a hash), so it resumes only while the site still vouches for the same person.
 */
public final class VisitorTokens {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final String ALGORITHM = "HmacSHA256";
  /** The {@code vouched} part of an anonymous visitor's token. */
  private static final String ANONYMOUS = "-";

  private final SecretKeySpec key;
  private final Clock clock;
  private final Duration lifetime;
  private final SecureRandom random = new SecureRandom();

  public VisitorTokens(byte[] secret, Clock clock, Duration lifetime) {
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    this.clock = clock;
    this.lifetime = lifetime;
  }

  /**
   * A token we issued and that has not expired.
   *
   * @param vouched the keyed hash of the identity the site vouched for, or null for an anonymous visitor
   */
  public record Token(String visitorId, Instant issued, String vouched) {
  }

  /** True when the token was issued to a visitor the site vouched for as {@code identity}. */
  public boolean vouchedFor(Token token, Address identity) {
    return token.vouched() != null && identity != null && token.vouched().equals(hash(identity));
  }

  public String newVisitorId() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return "v_" + B64.encodeToString(bytes);
  }

  /** @param vouched the identity the site vouched for, or null */
  public String tokenFor(String visitorId, Address vouched) {
    String payload = visitorId + "." + Long.toString(clock.instant().getEpochSecond(), 36) + "."
        + (vouched == null ? ANONYMOUS : hash(vouched));
    return payload + "." + signature(payload);
  }

  /** The token's contents, or empty when we did not issue it or it has expired. */
  public Optional<Token> verify(String token) {
    if (token == null || token.length() > 256) {
      return Optional.empty();
    }
    int dot = token.lastIndexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    String payload = token.substring(0, dot);
    byte[] expected = signature(payload).getBytes(StandardCharsets.US_ASCII);
    byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    String[] parts = payload.split("\\.");
    if (!MessageDigest.isEqual(expected, given) || parts.length != 3) {
      return Optional.empty();
    }
    Instant issued;
    try {
      issued = Instant.ofEpochSecond(Long.parseLong(parts[1], 36));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(issued.plus(lifetime))) {
      return Optional.empty();
    }
    return Optional.of(new Token(parts[0], issued, ANONYMOUS.equals(parts[2]) ? null : parts[2]));
  }

  /** Keyed, so the token in the browser's storage does not let anyone test guesses of the address. */
  private String hash(Address identity) {
    return mac("identity:" + identity.kind() + ":" + identity.value()).substring(0, 16);
  }

  private String signature(String payload) {
    return mac("visitor:" + payload);
  }

  private String mac(String text) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return B64.encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }
}
