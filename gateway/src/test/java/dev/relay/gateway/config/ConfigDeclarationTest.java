package dev.relay.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's table and relay-defaults.yaml are written by hand: they must say what {@link ConfigKey} declares. */
class ConfigDeclarationTest {

  private static final Path README = Path.of("../README.md");
  private static final Path DEFAULTS = Path.of("src/main/resources/relay-defaults.yaml");
  private static final Pattern YAML_KEY = Pattern.compile("^( *)(\\w+):(.*)$");
  private static final Pattern ENV_NAME = Pattern.compile("\\b((?:RELAY|TWILIO)_[A-Z_]+)\\b");

  private static List<String> declared(java.util.function.Function<ConfigKey, String> field) {
    return Arrays.stream(ConfigKey.values()).map(field).toList();
  }

  @Test
  void theReadmeTableListsEveryKeyWithItsVariableDefaultAndMeaning() throws IOException {
    Map<String, String[]> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(README)) {
      if (line.startsWith("| `")) {
        String[] cells = Arrays.stream(line.substring(1, line.length() - 1).split(" \\| ")).map(String::strip)
            .toArray(String[]::new);
        rows.put(cells[0].replace("`", ""), cells);
      }
    }
    assertEquals(declared(key -> key.path), List.copyOf(rows.keySet()), "keys, in order");
    for (ConfigKey key : ConfigKey.values()) {
      String[] row = rows.get(key.path);
      assertEquals(key.env == null ? "—" : "`" + key.env + "`", row[1], key.path + " environment");
      assertEquals(unset(key), !row[2].startsWith("`"), key.path + ": an unset default is said in words, a value in code");
      if (!unset(key)) {
        assertEquals("`" + key.defaultValue + "`", row[2], key.path + " default");
      }
      assertEquals(key.doc, row[3], key.path + " meaning");
    }
  }

  @Test
  void theDefaultsFileHasEveryKeyWithItsDefaultAndVariable() throws IOException {
    JsonNode file = new YAMLMapper().readTree(DEFAULTS.toFile());
    Map<String, JsonNode> values = new LinkedHashMap<>();
    leaves("", file, values);
    assertEquals(declared(key -> key.path), List.copyOf(values.keySet()), "keys, in order");
    for (ConfigKey key : ConfigKey.values()) {
      assertEquals(ConfigLoader.defaultNode(key), values.get(key.path), key.path + " default");
    }
    assertEquals(declared(key -> key.path + " " + key.env), envComments(Files.readAllLines(DEFAULTS)));
  }

  private static boolean unset(ConfigKey key) {
    return List.of("", "null", "{}").contains(key.defaultValue);
  }

  /** Scalars, and a declared mapping key as a whole (its default is null or {}). */
  private static void leaves(String prefix, JsonNode node, Map<String, JsonNode> into) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String path = prefix + field.getKey();
      boolean mapping = Arrays.stream(ConfigKey.values()).anyMatch(k -> k.path.equals(path) && k.type == ConfigKey.Type.MAPPING);
      if (field.getValue().isObject() && !mapping) {
        leaves(path + ".", field.getValue(), into);
      } else {
        into.put(path, field.getValue());
      }
    }
  }

  /** "path ENV" for every key line, from the comment after it ("path null" when it names no variable). */
  private static List<String> envComments(List<String> lines) {
    List<String> found = new java.util.ArrayList<>();
    String section = "";
    for (String line : lines) {
      Matcher key = YAML_KEY.matcher(line);
      if (!key.matches()) {
        continue;
      }
      String rest = key.group(3).strip();
      if (key.group(1).isEmpty() && (rest.isEmpty() || rest.startsWith("#"))) {
        section = key.group(2) + ".";
        continue;
      }
      String path = (key.group(1).isEmpty() ? "" : section) + key.group(2);
      int comment = rest.indexOf(" # ") >= 0 ? rest.indexOf(" # ") : rest.indexOf("#");
      Matcher env = ENV_NAME.matcher(comment < 0 ? "" : rest.substring(comment));
      found.add(path + " " + (env.find() ? env.group(1) : null));
    }
    return found;
  }
}
