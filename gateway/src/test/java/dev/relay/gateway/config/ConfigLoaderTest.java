package dev.relay.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir
  Path dir;

  @Test
  void defaultsWorkWithNothingSet() {
    RelayConfig config = ConfigLoader.load(null, Map.of());
    assertEquals(8080, config.http().port());
    assertEquals("./data", config.dataDir());
    assertEquals(4000, config.chat().maxTextLength());
    assertEquals(Duration.ofSeconds(10), config.shutdown().grace());
    assertEquals(java.util.Locale.ENGLISH, config.company().defaultLocale());
    assertEquals("", config.company().region());
  }

  @Test
  void aCompanyInQuebecWritesInQuebecFrenchAndALanguageRelayDoesNotSpeakIsRefused() {
    RelayConfig quebec = ConfigLoader.load(null, Map.of("RELAY_COMPANY_LOCALE", "fr-CA", "RELAY_COMPANY_REGION", "CA"));
    assertEquals(java.util.Locale.CANADA_FRENCH, quebec.company().defaultLocale());
    assertEquals("CA", quebec.company().region());
    String refused = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(null, Map.of("RELAY_COMPANY_LOCALE", "de"))).getMessage();
    assertTrue(refused.contains("company.locale must be en, fr or fr-CA, was de"), refused);
  }

  @Test
  void theFileOverridesDefaultsAndTheEnvironmentOverridesTheFile() throws IOException {
    Path file = Files.writeString(dir.resolve("relay.yaml"), """
        http:
          port: 9090
        dataDir: /var/lib/relay
        chat:
          maxTextLength: 2000
        """);
    RelayConfig fromFile = ConfigLoader.load(file, Map.of());
    assertEquals(9090, fromFile.http().port());
    assertEquals("0.0.0.0", fromFile.http().host(), "keys the file leaves out keep their defaults");
    assertEquals("/var/lib/relay", fromFile.dataDir());

    RelayConfig fromEnv = ConfigLoader.load(file, Map.of("RELAY_HTTP_PORT", "7070", "RELAY_DATA_DIR", "/srv/relay",
        "RELAY_SHUTDOWN_GRACE", "PT30S"));
    assertEquals(7070, fromEnv.http().port());
    assertEquals("/srv/relay", fromEnv.dataDir());
    assertEquals(2000, fromEnv.chat().maxTextLength());
    assertEquals(Duration.ofSeconds(30), fromEnv.shutdown().grace());
  }

  @Test
  void mistakesFailStartUpWithEveryProblemNamed() throws IOException {
    Path typo = Files.writeString(dir.resolve("typo.yaml"), "http:\n  prot: 9090\n");
    assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.load(typo, Map.of())).getMessage().contains("prot"));

    Path bad = Files.writeString(dir.resolve("bad.yaml"), "http:\n  port: 70000\n  bodyLimit: 10\n");
    String message = assertThrows(ConfigException.class, () -> ConfigLoader.load(bad, Map.of())).getMessage();
    assertTrue(message.contains("http.port must be 0..65535"), message);
    assertTrue(message.contains("http.bodyLimit must be at least 1024"), message);

    String env = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(null, Map.of("RELAY_HTTP_PORT", "eighty"))).getMessage();
    assertTrue(env.contains("http.port") && env.contains("eighty"), env);

    String missing = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(dir.resolve("absent.yaml"), Map.of())).getMessage();
    assertTrue(missing.contains("does not exist"), missing);

    Path list = Files.writeString(dir.resolve("list.yaml"), "- a\n- b\n");
    assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.load(list, Map.of())).getMessage()
        .contains("mapping"));
  }

  @Test
  void retentionIsOffUntilAPeriodOfAtLeastADayIsSet() throws IOException {
    assertEquals(new RelayConfig.Retention(null, null, null), ConfigLoader.load(null, Map.of()).retention());
    Path file = Files.writeString(dir.resolve("retention.yaml"), "retention:\n  resolvedConversations: P365D\n");
    RelayConfig.Retention set = ConfigLoader.load(file, Map.of("RELAY_RETENTION_ATTACHMENTS", "P90D")).retention();
    assertEquals(new RelayConfig.Retention(Duration.ofDays(365), Duration.ofDays(90), null), set);
    String message = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(null, Map.of("RELAY_RETENTION_RECORDINGS", "PT1H"))).getMessage();
    assertTrue(message.contains("retention.callRecordings must be an ISO-8601 duration of at least P1D"), message);
    assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of("RELAY_RETENTION_ATTACHMENTS", "3 mois")));
  }

  @Test
  void everyKeyProblemIsReportedAtOnceAndAPairOfLimitsOnce() throws IOException {
    Path bad = Files.writeString(dir.resolve("limits.yaml"),
        "http:\n  apiBurst: 0\n  apiPerMinute: 0\nstore:\n  kind: memory\njobs:\n  tick: PT11M\n");
    String message = assertThrows(ConfigException.class, () -> ConfigLoader.load(bad, Map.of())).getMessage();
    assertEquals(1, message.split("http.apiBurst and http.apiPerMinute must be positive", -1).length - 1, message);
    assertTrue(message.contains("store.kind must be embedded or redis, was memory"), message);
    assertTrue(message.contains("jobs.tick must be a duration from PT0.01S to PT10M, such as PT1S"), message);
  }
}
