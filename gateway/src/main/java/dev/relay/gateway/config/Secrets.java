package dev.relay.gateway.config;

import io.vertx.core.Future;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import dev.relay.gateway.store.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets come from the environment. When one is not set, Relay generates it once and keeps it
 * in the data directory, readable by its owner only, so a laptop install works with nothing set
 * and survives restarts. Values are never logged; where they are is.
 */
public final class Secrets {

  private static final Logger LOG = LoggerFactory.getLogger(Secrets.class);

  private final String adminToken;
  private final byte[] chatSecret;
  private final byte[] chatIdentitySecret;
  private final String metricsToken;

  private Secrets(String adminToken, byte[] chatSecret, byte[] chatIdentitySecret, String metricsToken) {
    this.adminToken = adminToken;
    this.chatSecret = chatSecret;
    this.chatIdentitySecret = chatIdentitySecret;
    this.metricsToken = metricsToken;
  }

  /** Reads or creates the secrets. Blocking file I/O: call at start-up, off the event loop. */
  public static Secrets load(Path dataDir, Map<String, String> env) throws IOException {
    OwnerOnly.directory(dataDir);
    String admin = fromEnvOrFile(env, "RELAY_ADMIN_TOKEN", dataDir.resolve("admin-token"), "admin token");
    String chat = fromEnvOrFile(env, "RELAY_CHAT_SECRET", dataDir.resolve("chat-secret"), "chat token secret");
    String identity = optional(env, "RELAY_CHAT_IDENTITY_SECRET");
    return new Secrets(admin, chat.getBytes(StandardCharsets.UTF_8),
        identity == null ? null : identity.getBytes(StandardCharsets.UTF_8), optional(env, "RELAY_METRICS_TOKEN"));
  }

  /** Where replicas sharing a store keep the secrets nobody set: one value for all, created once. */
  @FunctionalInterface
  public interface SharedSecrets {
    /** The secret stored under {@code name}, or {@code generated} if there was none (stored atomically). */
    Future<String> getOrCreate(String name, String generated);
  }

  /**
   * The secrets of replicas sharing a store (Redis): from the environment, or, when a variable is
   * not set, generated once in the shared store, so every replica signs and checks with the same
   * one (a secret generated per pod would make a visitor moving between replicas a stranger).
   */
  public static Future<Secrets> shared(Map<String, String> env, SharedSecrets store) {
    String admin;
    String chat;
    String identity;
    String metrics;
    try {
      admin = optional(env, "RELAY_ADMIN_TOKEN");
      chat = optional(env, "RELAY_CHAT_SECRET");
      identity = optional(env, "RELAY_CHAT_IDENTITY_SECRET");
      metrics = optional(env, "RELAY_METRICS_TOKEN");
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    Future<String> adminToken = admin != null ? Future.succeededFuture(admin) : fromStore(store, "admin-token",
        "RELAY_ADMIN_TOKEN", "admin token");
    Future<String> chatSecret = chat != null ? Future.succeededFuture(chat) : fromStore(store, "chat-secret",
        "RELAY_CHAT_SECRET", "chat token secret");
    return Future.all(adminToken, chatSecret).map(both -> new Secrets(adminToken.result(),
        chatSecret.result().getBytes(StandardCharsets.UTF_8),
        identity == null ? null : identity.getBytes(StandardCharsets.UTF_8), metrics));
  }

  private static Future<String> fromStore(SharedSecrets store, String name, String variable, String what) {
    String generated = generate();
    return store.getOrCreate(name, generated).onSuccess(value -> {
      if (value.equals(generated)) {
        LOG.atInfo().addKeyValue("secret", name).addKeyValue("variable", variable)
            .log("generated the " + what + " in the shared store, for every replica; set the variable to choose your own");
      }
    }).recover(err -> Future.failedFuture(new ConfigException(List.of(variable + " is not set and the shared store "
        + "could not give one to every replica (" + err.getMessage() + "): set " + variable + " on every replica"))));
  }

  /** A secret only the environment gives (none is generated), or null; at least 32 characters when set. */
  private static String optional(Map<String, String> env, String variable) {
    String value = env.get(variable);
    if (value == null || value.isBlank()) {
      return null;
    }
    if (value.strip().length() < 32) {
      throw new ConfigException(java.util.List.of(variable + " must be at least 32 characters"));
    }
    return value.strip();
  }

  public String adminToken() {
    return adminToken;
  }

  public byte[] chatSecret() {
    return chatSecret.clone();
  }

  /**
   * The key e-mail reply addresses are signed with: derived from the chat secret (HMAC-SHA256 with
   * its own label), so every replica has it wherever the chat secret is shared, and no address
   * signature can pass for a visitor token's or back (decision 0015).
   */
  public byte[] emailReplyKey() {
    return derived("relay e-mail reply address v1");
  }

  /** The key the links to files agents send (chat, MMS) are signed with: derived like {@link #emailReplyKey}. */
  public byte[] fileLinkKey() {
    return derived("relay file link v1");
  }

  private byte[] derived(String label) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(chatSecret, "HmacSHA256"));
      return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** The key the company's site signs visitor identities with, or null when it does not (not generated: it is shared). */
  public byte[] chatIdentitySecret() {
    return chatIdentitySecret == null ? null : chatIdentitySecret.clone();
  }

  /** The token Prometheus scrapes {@code /metrics} with, or null: then only the admin token may. */
  public String metricsToken() {
    return metricsToken;
  }

  /**
   * Relay's client secret at the OpenID Connect provider: {@code RELAY_OIDC_CLIENT_SECRET}, else the
   * file {@code signin.oidcClientSecretFile}, which must be the owner's only (a secret others on the
   * machine can read is refused, not tightened: the operator put it there). Never generated: the
   * provider issues it. Blocking file I/O: call at start-up, off the event loop.
   */
  public static String oidcClientSecret(Map<String, String> env, String file) {
    String fromEnv = env.get("RELAY_OIDC_CLIENT_SECRET");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.strip();
    }
    if (file == null || file.isBlank()) {
      throw new ConfigException(List.of("signin.oidcIssuer is set: give the client secret in RELAY_OIDC_CLIENT_SECRET "
          + "or in a file named by signin.oidcClientSecretFile (RELAY_OIDC_CLIENT_SECRET_FILE)"));
    }
    Path path = Path.of(file.strip());
    try {
      if (path.getFileSystem().supportedFileAttributeViews().contains("posix")
          && !OwnerOnly.FILE.containsAll(Files.getPosixFilePermissions(path))) {
        throw new ConfigException(List.of("signin.oidcClientSecretFile: " + path + " may be read by other users ("
            + java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(path))
            + "); make it the owner's only (chmod 600) or use RELAY_OIDC_CLIENT_SECRET"));
      }
      String secret = Files.readString(path, StandardCharsets.UTF_8).strip();
      if (secret.isEmpty()) {
        throw new ConfigException(List.of("signin.oidcClientSecretFile: " + path + " is empty"));
      }
      return secret;
    } catch (IOException e) {
      throw new ConfigException(List.of("signin.oidcClientSecretFile: " + path + " cannot be read (" + e.getMessage() + ")"));
    }
  }

  private static String fromEnvOrFile(Map<String, String> env, String variable, Path file, String what)
      throws IOException {
    String fromEnv = env.get(variable);
    if (fromEnv != null && !fromEnv.isBlank()) {
      if (fromEnv.strip().length() < 32) {
        throw new ConfigException(java.util.List.of(variable + " must be at least 32 characters"));
      }
      return fromEnv.strip();
    }
    if (Files.exists(file)) {
      OwnerOnly.file(file);
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
    String generated = generate();
    try {
      Files.writeString(Files.createFile(file, OwnerOnly.newFile(file)), generated, StandardCharsets.UTF_8);
    } catch (FileAlreadyExistsException raced) {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
    LOG.atInfo().addKeyValue("file", file.toAbsolutePath()).addKeyValue("variable", variable)
        .log("generated the " + what + "; it is stored in the file (owner-only); set the variable to choose your own");
    return generated;
  }

  private static String generate() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
