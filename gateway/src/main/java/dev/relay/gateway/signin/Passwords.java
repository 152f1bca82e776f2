package dev.relay.gateway.signin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Agents' passwords as Argon2id hashes (Bouncy Castle; decision 0017), in the PHC string form
 * {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}, so the cost can be raised later and older
 * hashes still verify. Hashing costs 19 MiB and tens of milliseconds on purpose: call it on a
 * worker thread, never on an event loop.
 */
final class Passwords {

  static final int MIN_LENGTH = 12;
  static final int MAX_LENGTH = 200;
  private static final int MEMORY_KIB = 19 * 1024;
  private static final int ITERATIONS = 2;
  private static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_IN = Base64.getDecoder();
  /** Verified against when the e-mail is unknown, so a wrong address takes as long as a wrong password. */
  private static final String DECOY = hash("not the password of anyone at all");

  private Passwords() {
  }

  /** What is wrong with a new password, or empty when it will do. */
  static Optional<String> problem(String password) {
    if (password == null || password.length() < MIN_LENGTH) {
      return Optional.of("password: at least " + MIN_LENGTH + " characters (a few words make a good one)");
    }
    if (password.length() > MAX_LENGTH) {
      return Optional.of("password: at most " + MAX_LENGTH + " characters");
    }
    if (password.chars().anyMatch(Character::isISOControl)) {
      return Optional.of("password: no control characters");
    }
    return Optional.empty();
  }

  static String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$" + B64.encodeToString(salt)
        + "$" + B64.encodeToString(hash);
  }

  /** Whether {@code password} matches {@code stored} (null: no password set; the check still costs the same). */
  static boolean verify(String password, String stored) {
    boolean known = stored != null;
    String against = known ? stored : DECOY;
    try {
      return matches(password, against) && known;
    } catch (IllegalArgumentException | IllegalStateException e) {
      // A stored hash that is not one (damaged, or of a kind we do not write) matches nothing.
      return false;
    }
  }

  private static boolean matches(String password, String against) {
    List<String> parts = List.of(against.split("\\$"));
    // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
    if (parts.size() != 6 || !"argon2id".equals(parts.get(1)) || !"v=19".equals(parts.get(2))) {
      return false;
    }
    int memory = 0;
    int iterations = 0;
    int parallelism = 0;
    for (String setting : parts.get(3).split(",")) {
      int value = Integer.parseInt(setting.substring(2));
      switch (setting.charAt(0)) {
        case 'm' -> memory = value;
        case 't' -> iterations = value;
        case 'p' -> parallelism = value;
        default -> {
          return false;
        }
      }
    }
    byte[] expected = B64_IN.decode(parts.get(5));
    byte[] actual = derive(password, B64_IN.decode(parts.get(4)), memory, iterations, parallelism, expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  private static byte[] derive(String password, byte[] salt, int memory, int iterations, int parallelism, int length) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memory)
        .withIterations(iterations)
        .withParallelism(parallelism)
        .withSalt(salt)
        .build());
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
