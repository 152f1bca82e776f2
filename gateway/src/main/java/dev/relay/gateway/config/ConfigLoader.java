package dev.relay.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the {@link RelayConfig}: built-in defaults, then the YAML file, then environment
 * variables. Unknown keys and bad values fail start-up with every problem listed.
 */
public final class ConfigLoader {

  /** Environment variable → path of the key it overrides, from {@link ConfigKey}. */
  public static final Map<String, String> ENV_KEYS = Arrays.stream(ConfigKey.values()).filter(key -> key.env != null)
      .collect(Collectors.toUnmodifiableMap(key -> key.env, key -> key.path));

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
        set(tree, path, TextNode.valueOf(value.strip()));
      }
    });
    RelayConfig config;
    try {
      config = YAML.treeToValue(tree, RelayConfig.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new ConfigException(List.of(describe(e)));
    }
    // Per-key checks need every section present; RelayConfig reports a missing one by itself.
    List<String> problems = new ArrayList<>(config.complete() ? keyProblems(tree) : List.of());
    problems.addAll(config.problems());
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return config;
  }

  private static ObjectNode defaults() {
    ObjectNode tree = YAML.createObjectNode();
    for (ConfigKey key : ConfigKey.values()) {
      set(tree, key.path, defaultNode(key));
    }
    return tree;
  }

  static JsonNode defaultNode(ConfigKey key) {
    return switch (key.type) {
      case TEXT, DURATION -> TextNode.valueOf(key.defaultValue);
      case INT -> IntNode.valueOf(Integer.parseInt(key.defaultValue));
      case BOOL -> BooleanNode.valueOf(Boolean.parseBoolean(key.defaultValue));
      case MAPPING -> "{}".equals(key.defaultValue) ? YAML.createObjectNode() : NullNode.getInstance();
    };
  }

  /** One message per failed check; two keys sharing a message (a pair of limits) report it once. */
  private static List<String> keyProblems(JsonNode tree) {
    Set<String> problems = new LinkedHashSet<>();
    for (ConfigKey key : ConfigKey.values()) {
      Object value = YAML.convertValue(tree.at("/" + key.path.replace('.', '/')), key.type.javaType);
      String problem = key.check.problem(key.path, value);
      if (problem != null) {
        problems.add(problem);
      }
    }
    return List.copyOf(problems);
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

  private static void set(ObjectNode tree, String path, JsonNode value) {
    String[] parts = path.split("\\.");
    ObjectNode node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      node = node.with(parts[i]);
    }
    node.set(parts[parts.length - 1], value);
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
