package dev.relay.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

  @TempDir
  Path dir;

  @Test
  void anUnsetAdminTokenIsGeneratedOnceAndKeptReadableByTheOwnerOnly() throws IOException {
    Secrets first = Secrets.load(dir, Map.of());
    Path file = dir.resolve("admin-token");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(first.adminToken(), Files.readString(file));
    assertTrue(first.adminToken().length() >= 40);
    assertEquals(first.adminToken(), Secrets.load(dir, Map.of()).adminToken(), "stable across restarts");
    assertNotEquals(first.adminToken(), new String(first.chatSecret()), "each secret is its own");
  }

  @Test
  void theEnvironmentWinsAndShortSecretsAreRefused() throws IOException {
    String chosen = "an-admin-token-chosen-by-the-operator-0123";
    assertEquals(chosen, Secrets.load(dir, Map.of("RELAY_ADMIN_TOKEN", chosen)).adminToken());
    assertTrue(Files.notExists(dir.resolve("admin-token")), "nothing written when the operator chose");
    String message = assertThrows(ConfigException.class,
        () -> Secrets.load(dir, Map.of("RELAY_ADMIN_TOKEN", "secret"))).getMessage();
    assertTrue(message.contains("RELAY_ADMIN_TOKEN must be at least 32 characters"), message);
    assertTrue(!message.contains("secret\""), "the value itself is never echoed");
  }
}
