package dev.relay.connector.chat;

import dev.relay.connector.spi.Address;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an identity the company's own site vouches for: the site's backend signs its signed-in
 * user's id (or e-mail) with a secret it shares with Relay, and puts it in the page. Only then may
 * a visitor see that customer's history. What is signed names its kind,
 * {@code hex(HMAC-SHA256(secret, "userId:" + id))} or {@code "email:" + email}: a signature given
 * for a user id (which may look like an address) is never accepted as an e-mail, nor the reverse.
 */
final class SiteIdentity {

  static final String USER = "site-user";

  private final SecretKeySpec key;

  SiteIdentity(byte[] secret) {
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
  }

  /** The vouched-for address, or empty when the signature is not the site's. */
  Optional<Address> verify(String userId, String email, String signature) {
    String value = userId != null ? "userId:" + userId : email != null ? "email:" + email : null;
    if (value == null || signature == null) {
      return Optional.empty();
    }
    byte[] expected = sign(value).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given)) {
      return Optional.empty();
    }
    return Optional.of(userId != null ? new Address(USER, userId) : new Address(Address.EMAIL, email.toLowerCase(Locale.ROOT)));
  }

  String sign(String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }
}
