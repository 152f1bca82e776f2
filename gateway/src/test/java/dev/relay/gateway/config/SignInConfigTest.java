package dev.relay.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the reset links and the OpenID Connect provider are set up, and what start-up refuses. */
class SignInConfigTest {

  @TempDir
  Path dir;

  private static String problems(Map<String, String> env) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.load(null, env)).getMessage();
  }

  @Test
  void offByDefaultAndOnceSetTheProviderIsNamedAndTheLinksLastHalfAnHour() {
    RelayConfig.SignIn off = ConfigLoader.load(null, Map.of()).signin();
    assertFalse(off.oidc());
    assertEquals(null, off.baseUrl());
    assertEquals(Duration.ofMinutes(30), off.resetLinkTtl());

    RelayConfig.SignIn on = ConfigLoader.load(null, Map.of("RELAY_SIGNIN_URL", "https://relay.acme.fr/",
        "RELAY_OIDC_ISSUER", "https://login.microsoftonline.com/6f1c2a/v2.0", "RELAY_OIDC_CLIENT_ID", "relay-desk")).signin();
    assertTrue(on.oidc());
    assertEquals("https://relay.acme.fr", on.baseUrl(), "the links and the redirect are built without a doubled slash");
    assertEquals("login.microsoftonline.com", on.providerName(), "the button names the issuer's host unless told");
  }

  @Test
  void aProviderWithoutClientIdOrPublicAddressOrOverPlainHttpIsRefusedWithEveryProblem() {
    String message = problems(Map.of("RELAY_OIDC_ISSUER", "http://sso.acme.fr"));
    assertTrue(message.contains("signin.oidcIssuer (RELAY_OIDC_ISSUER) must be an https:// address"), message);
    assertTrue(message.contains("signin.oidcClientId (RELAY_OIDC_CLIENT_ID) is required"), message);
    assertTrue(message.contains("signin.publicUrl (RELAY_SIGNIN_URL) is required with signin.oidcIssuer"), message);
    assertTrue(problems(Map.of("RELAY_SIGNIN_URL", "relay.acme.fr")).contains("must be an http:// or https:// address"));
    assertTrue(problems(Map.of("RELAY_RESET_LINK_TTL", "P7D")).contains("signin.resetLinkTtl must be a duration from"));
  }

  @Test
  void theClientSecretComesFromTheEnvironmentOrAFileOnlyItsOwnerMayRead() throws IOException {
    assertEquals("from-the-environment", Secrets.oidcClientSecret(Map.of("RELAY_OIDC_CLIENT_SECRET", "from-the-environment"), ""));
    Path file = Files.writeString(dir.resolve("oidc-client-secret"), "s3cret-du-fichier\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    String readable = assertThrows(ConfigException.class, () -> Secrets.oidcClientSecret(Map.of(), file.toString())).getMessage();
    assertTrue(readable.contains("may be read by other users (rw-r--r--)"), readable);
    assertFalse(readable.contains("s3cret"), "the secret itself is never echoed");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
    assertEquals("s3cret-du-fichier", Secrets.oidcClientSecret(Map.of(), file.toString()));
    String none = assertThrows(ConfigException.class, () -> Secrets.oidcClientSecret(Map.of(), "")).getMessage();
    assertTrue(none.contains("RELAY_OIDC_CLIENT_SECRET"), none);
  }
}
