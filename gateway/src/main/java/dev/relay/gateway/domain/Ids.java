package dev.relay.gateway.domain;

import java.security.SecureRandom;
import java.util.Base64;

/** Opaque, unguessable ids with a type prefix an operator can read in logs ({@code cus_…}, {@code cnv_…}). */
public final class Ids {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private Ids() {
  }

  public static String next(String prefix) {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return prefix + "_" + B64.encodeToString(bytes);
  }
}
