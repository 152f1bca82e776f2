package dev.relay.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link RelayConfig}: built-in defaults, then the YAML file, then environment
 * variables. Unknown keys and bad values fail start-up with every problem listed.
 */
public final class ConfigLoader {

  /** Environment variable → path of the key it overrides. */
  public static final Map<String, String> ENV_KEYS = Map.ofEntries(
      Map.entry("RELAY_HTTP_HOST", "http.host"),
      Map.entry("RELAY_HTTP_PORT", "http.port"),
      Map.entry("RELAY_HTTP_BODY_LIMIT", "http.bodyLimit"),
      Map.entry("RELAY_API_BURST", "http.apiBurst"),
      Map.entry("RELAY_API_PER_MINUTE", "http.apiPerMinute"),
      Map.entry("RELAY_DATA_DIR", "dataDir"),
      Map.entry("RELAY_STORE", "store.kind"),
      Map.entry("RELAY_REDIS_URL", "store.redisUrl"),
      Map.entry("RELAY_REDIS_TYPE", "store.redisType"),
      Map.entry("RELAY_REDIS_MASTER", "store.redisMaster"),
      Map.entry("RELAY_REDIS_POOL", "store.redisPoolSize"),
      Map.entry("RELAY_CHAT_MAX_TEXT", "chat.maxTextLength"),
      Map.entry("RELAY_CHAT_BURST", "chat.burst"),
      Map.entry("RELAY_CHAT_PER_MINUTE", "chat.perMinute"),
      Map.entry("RELAY_IMAP_URL", "email.imapUrl"),
      Map.entry("RELAY_SMTP_URL", "email.smtpUrl"),
      Map.entry("RELAY_SUPPORT_ADDRESS", "email.supportAddress"),
      Map.entry("RELAY_EMAIL_POLL", "email.pollInterval"),
      Map.entry("RELAY_EMAIL_SIGNATURE", "email.signature"),
      Map.entry("RELAY_EMAIL_MAX_ATTACHMENT", "email.maxAttachmentBytes"),
      Map.entry("TWILIO_ACCOUNT_SID", "sms.accountSid"),
      Map.entry("RELAY_TWILIO_NUMBER", "sms.number"),
      Map.entry("RELAY_PUBLIC_URL", "sms.publicUrl"),
      Map.entry("RELAY_TWILIO_API_BASE", "sms.apiBase"),
      Map.entry("RELAY_SMS_SIGNATURE", "sms.signature"),
      Map.entry("RELAY_TWILIO_TIMEOUT", "sms.timeout"),
      Map.entry("RELAY_JOBS_TICK", "jobs.tick"),
      Map.entry("RELAY_RULES_FILE", "rules.initialFile"),
      Map.entry("RELAY_SATISFACTION_SURVEY", "satisfaction.survey"),
      Map.entry("RELAY_SHUTDOWN_GRACE", "shutdown.grace"));

  private static final ObjectMapper YAML = YAMLMapper.builder()
      .addModule(new JavaTimeModule())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private ConfigLoader() {
  }

  /**
   * @param file the operator's YAML file, or null for defaults only
   * @param env  the environment (System.getenv() in production, a map in tests)
   */
  public static RelayConfig load(Path file, Map<String, String> env) {
    ObjectNode tree = defaults();
    if (file != null) {
      merge(tree, readFile(file));
    }
    ENV_KEYS.forEach((variable, path) -> {
      String value = env.get(variable);
      if (value != null && !value.isBlank()) {
        set(tree, path, value.strip());
      }
    });
    RelayConfig config;
    try {
      config = YAML.treeToValue(tree, RelayConfig.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new ConfigException(List.of(describe(e)));
    }
    List<String> problems = config.problems();
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return config;
  }

  private static ObjectNode defaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream("/relay-defaults.yaml")) {
      return (ObjectNode) YAML.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("relay-defaults.yaml is missing from the jar", e);
    }
  }

  private static JsonNode readFile(Path file) {
    if (!Files.isReadable(file)) {
      throw new ConfigException(List.of("config file " + file + " does not exist or is not readable"));
    }
    try {
      JsonNode node = YAML.readTree(file.toFile());
      if (node == null || node.isMissingNode() || node.isNull()) {
        return YAML.createObjectNode();
      }
      if (!node.isObject()) {
        throw new ConfigException(List.of(file + ": the top level must be a mapping of keys"));
      }
      return node;
    } catch (IOException e) {
      throw new ConfigException(List.of(file + ": " + describe(e)));
    }
  }

  private static void merge(ObjectNode into, JsonNode from) {
    Iterator<Map.Entry<String, JsonNode>> fields = from.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode existing = into.get(field.getKey());
      if (existing instanceof ObjectNode target && field.getValue().isObject()) {
        merge(target, field.getValue());
      } else {
        into.set(field.getKey(), field.getValue());
      }
    }
  }

  private static void set(ObjectNode tree, String path, String value) {
    String[] parts = path.split("\\.");
    ObjectNode node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      node = node.with(parts[i]);
    }
    node.put(parts[parts.length - 1], value);
  }

  private static String describe(Exception e) {
    if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
      String key = jme.getPath().stream().map(JsonMappingException.Reference::getFieldName)
          .filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.joining("."));
      return key + ": " + jme.getOriginalMessage();
    }
    if (e instanceof JsonProcessingException jpe) {
      return jpe.getOriginalMessage();
    }
    return e.getMessage();
  }
}
