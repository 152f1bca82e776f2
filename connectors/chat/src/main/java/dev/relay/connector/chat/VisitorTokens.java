package dev.relay.connector.chat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks visitor tokens: {@code <visitorId>.<HMAC-SHA256>}. Only the gateway can
 * mint one, so holding a token is the proof that lets a visitor see their own history.
 */
public final class VisitorTokens {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  public VisitorTokens(byte[] secret) {
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
  }

  public String newVisitorId() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return "v_" + B64.encodeToString(bytes);
  }

  public String tokenFor(String visitorId) {
    return visitorId + "." + signature(visitorId);
  }

  /** The visitor id the token was issued for, or empty when it was not issued by us. */
  public Optional<String> verify(String token) {
    if (token == null || token.length() > 256) {
      return Optional.empty();
    }
    int dot = token.lastIndexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    String visitorId = token.substring(0, dot);
    byte[] expected = signature(visitorId).getBytes(StandardCharsets.US_ASCII);
    byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given) ? Optional.of(visitorId) : Optional.empty();
  }

  private String signature(String visitorId) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return B64.encodeToString(mac.doFinal(("visitor:" + visitorId).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }
}
