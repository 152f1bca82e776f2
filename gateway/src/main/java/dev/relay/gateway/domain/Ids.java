package dev.relay.gateway.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opaque, unguessable ids with a type prefix an operator can read in logs ({@code cus_…}, {@code cnv_…}).
 * An id made {@link #near} another record carries that record's {@link #home} ({@code msg_<home>.<random>}),
 * so a store that spreads data by home (a Redis Cluster) finds it next to its customer from the id alone.
 */
public final class Ids {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final int HOME = 4;
  private static final int NEAR_RANDOM = 9;
  private static final Pattern NEAR = Pattern.compile("[a-z]+_([A-Za-z0-9_-]{" + HOME + "})\\.[A-Za-z0-9_-]{12}");

  private Ids() {
  }

  public static String next(String prefix) {
    return prefix + "_" + random(12);
  }

  /**
   * An id whose home is {@code anchor}'s: a conversation or message near its customer, a job near
   * its key. Its random part is 9 bytes (72 bits), so with the home it is as long as an id of
   * {@link #next} plus one: a conversation's e-mail reply token still fits a mailbox's local part.
   */
  public static String near(String prefix, String anchor) {
    return prefix + "_" + home(anchor) + "." + random(NEAR_RANDOM);
  }

  /**
   * Four characters that stay the same for everything near {@code anchor}: an id made {@link #near}
   * keeps its anchor's, anything else (a customer id, a job key, an address) hashes to its own.
   */
  public static String home(String anchor) {
    Matcher near = NEAR.matcher(anchor);
    if (near.matches()) {
      return near.group(1);
    }
    try {
      return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(anchor.getBytes(StandardCharsets.UTF_8)))
          .substring(0, HOME);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code id} was made {@link #near} something (ids of earlier versions were not). */
  public static boolean hasHome(String id) {
    return NEAR.matcher(id).matches();
  }

  private static String random(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return B64.encodeToString(bytes);
  }
}
