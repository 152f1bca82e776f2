package dev.relay.connector.email;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token in a conversation's reply address ({@code support+<token>@}): the conversation id and
 * an HMAC-SHA256 of it (80 bits), so nobody can make the address of a conversation they were not
 * sent. Lower-case base32, because mail systems may change the case of local parts; about 50
 * characters for Relay's ids, within the 64 a local part may have. A valid token names a
 * conversation and nothing more: it never makes its sender one of the customer's addresses.
 */
public final class ReplyTokens {

  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
  private static final int MAC_BYTES = 10;
  /** 10 bytes are 16 base32 characters, without padding. */
  private static final int MAC_CHARS = 16;

  private final SecretKeySpec key;

  /** @param key at least 32 bytes, the same on every replica (a token made by one is checked by another) */
  public ReplyTokens(byte[] key) {
    if (key == null || key.length < 32) {
      throw new IllegalArgumentException("the reply-token key must have at least 32 bytes");
    }
    this.key = new SecretKeySpec(key, "HmacSHA256");
  }

  /** {@code support+<token>@domain}: the address that names a conversation. */
  String address(String supportAddress, String conversationId) {
    int at = supportAddress.indexOf('@');
    return supportAddress.substring(0, at) + "+" + token(conversationId) + supportAddress.substring(at);
  }

  String token(String conversationId) {
    byte[] id = conversationId.getBytes(StandardCharsets.UTF_8);
    return base32(id) + base32(mac(id));
  }

  /** The conversation a token names, or null when it is not one we made (forged, cut, or an old unsigned one). */
  String conversationOf(String token) {
    String lower = token.toLowerCase(Locale.ROOT);
    if (lower.length() <= MAC_CHARS) {
      return null;
    }
    byte[] id = unbase32(lower.substring(0, lower.length() - MAC_CHARS));
    byte[] given = unbase32(lower.substring(lower.length() - MAC_CHARS));
    if (id == null || given == null || !MessageDigest.isEqual(mac(id), given)) {
      return null;
    }
    return new String(id, StandardCharsets.UTF_8);
  }

  private byte[] mac(byte[] id) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return Arrays.copyOf(mac.doFinal(id), MAC_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static String base32(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  private static byte[] unbase32(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (char c : text.toCharArray()) {
      int value = ALPHABET.indexOf(c);
      if (value < 0) {
        return null;
      }
      buffer = (buffer << 5) | value;
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return out.toByteArray();
  }
}
