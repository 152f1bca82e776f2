package dev.relay.gateway.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
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

  /** The key the company's site signs visitor identities with, or null when it does not (not generated: it is shared). */
  public byte[] chatIdentitySecret() {
    return chatIdentitySecret == null ? null : chatIdentitySecret.clone();
  }

  /** The token Prometheus scrapes {@code /metrics} with, or null: then only the admin token may. */
  public String metricsToken() {
    return metricsToken;
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
