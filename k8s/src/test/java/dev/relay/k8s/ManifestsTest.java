package dev.relay.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.relay.gateway.config.ConfigLoader;
import dev.relay.gateway.config.RelayConfig;
import dev.relay.routing.RuleCompiler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests, checked the way a cluster would and an operator should: every object
 * against Kubernetes' own schema (closed: an unknown or misspelt field fails), every Kustomize
 * reference resolved, and what ties them to Relay (selectors, probes, the config file and rules in
 * the ConfigMap, the environment variables) checked against the gateway's code.
 */
class ManifestsTest {

  static final Path K8S = Path.of("").toAbsolutePath().getFileName().toString().equals("k8s")
      ? Path.of("") : Path.of("k8s");
  static final ObjectMapper YAML = new YAMLMapper();
  static final Map<String, String> KINDS = Map.of(
      "apps/v1/Deployment", "kubernetes_apps_Deployment",
      "apps/v1/StatefulSet", "kubernetes_apps_StatefulSet",
      "v1/Service", "kubernetes_core_Service",
      "v1/ServiceAccount", "kubernetes_core_ServiceAccount",
      "v1/ConfigMap", "kubernetes_core_ConfigMap",
      "policy/v1/PodDisruptionBudget", "kubernetes_policy_v1_PodDisruptionBudget",
      "autoscaling/v2/HorizontalPodAutoscaler", "kubernetes_autoscaling_v2_HorizontalPodAutoscaler",
      "networking.k8s.io/v1/NetworkPolicy", "kubernetes_networking_v1_NetworkPolicy");
  static final Set<String> KUSTOMIZATION_KEYS = Set.of("apiVersion", "kind", "resources", "patches", "labels",
      "configMapGenerator", "images", "namespace");
  static final Map<String, JsonNode> DEFINITIONS = new HashMap<>();

  @BeforeAll
  static void loadSchemas() throws IOException {
    ObjectMapper json = new ObjectMapper();
    for (URL url : Collections.list(ManifestsTest.class.getClassLoader().getResources("schema/validation-schema.json"))) {
      try (InputStream in = url.openStream()) {
        json.readTree(in).get("definitions").fields().forEachRemaining(e -> DEFINITIONS.putIfAbsent(e.getKey(), e.getValue()));
      }
    }
    assertTrue(DEFINITIONS.containsKey("kubernetes_apps_Deployment"), "the schemas are on the test classpath");
  }

  /** Every object in a file (YAML documents separated by ---). */
  static List<JsonNode> objects(Path file) throws IOException {
    List<JsonNode> all = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(file.toFile())) {
      Iterator<JsonNode> docs = YAML.readValues(parser, JsonNode.class);
      docs.forEachRemaining(doc -> {
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          all.add(doc);
        }
      });
    }
    return all;
  }

  /** What an overlay builds: its resources and its base's, recursively; patches apart. */
  record Build(List<JsonNode> resources, List<JsonNode> patches, List<Path> generated) {
  }

  static Build build(Path dir) throws IOException {
    Path file = dir.resolve("kustomization.yaml");
    assertTrue(Files.exists(file), "no kustomization.yaml in " + dir);
    JsonNode k = YAML.readTree(file.toFile());
    assertEquals("kustomize.config.k8s.io/v1beta1", k.path("apiVersion").asText(), file.toString());
    assertEquals("Kustomization", k.path("kind").asText(), file.toString());
    k.fieldNames().forEachRemaining(key -> assertTrue(KUSTOMIZATION_KEYS.contains(key), file + ": unknown key " + key));
    Build build = new Build(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (JsonNode entry : k.path("resources")) {
      Path target = dir.resolve(entry.asText()).normalize();
      assertTrue(Files.exists(target), file + ": resource " + entry.asText() + " does not exist");
      if (Files.isDirectory(target)) {
        Build base = build(target);
        build.resources().addAll(base.resources());
        build.patches().addAll(base.patches());
        build.generated().addAll(base.generated());
      } else {
        build.resources().addAll(objects(target));
      }
    }
    for (JsonNode patch : k.path("patches")) {
      Path target = dir.resolve(patch.path("path").asText());
      assertTrue(Files.isRegularFile(target), file + ": patch " + target + " does not exist");
      build.patches().addAll(objects(target));
    }
    for (JsonNode generator : k.path("configMapGenerator")) {
      for (JsonNode generated : generator.path("files")) {
        Path target = dir.resolve(generated.asText());
        assertTrue(Files.isRegularFile(target), file + ": generated file " + target + " does not exist");
        build.generated().add(target);
      }
    }
    return build;
  }

  static List<Path> overlays() throws IOException {
    try (Stream<Path> dirs = Files.list(K8S.resolve("overlays"))) {
      return dirs.filter(Files::isDirectory).sorted().toList();
    }
  }

  @Test
  void everyObjectOfEveryOverlayMatchesKubernetesSchema() throws IOException {
    List<String> problems = new ArrayList<>();
    assertTrue(overlays().size() >= 2, "an in-cluster Redis overlay and a managed-Redis one");
    for (Path overlay : overlays()) {
      Build build = build(overlay);
      for (JsonNode object : build.resources()) {
        validate(object, true, overlay + " " + object.path("kind").asText() + "/" + object.at("/metadata/name").asText(),
            problems);
      }
      for (JsonNode patch : build.patches()) {
        validate(patch, false, overlay + " patch " + patch.path("kind").asText(), problems);
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void theValidatorCatchesWhatACareLessEditWouldBreak() throws IOException {
    JsonNode deployment = objects(K8S.resolve("base/deployment.yaml")).get(0);
    ObjectNode typo = deployment.deepCopy();
    ((ObjectNode) typo.at("/spec/template/spec/containers/0")).set("readinesProbe", typo.at("/spec/template/spec/containers/0/readinessProbe"));
    ((ObjectNode) typo.at("/spec")).put("replicas", "three");
    ObjectNode retired = deployment.deepCopy();
    retired.put("apiVersion", "apps/v1beta1");
    List<String> problems = new ArrayList<>();
    validate(typo, true, "typo", problems);
    validate(retired, true, "retired", problems);
    assertTrue(problems.stream().anyMatch(p -> p.contains("readinesProbe: unknown field")), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.contains("spec.replicas: expected integer")), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.contains("unknown apiVersion/kind apps/v1beta1/Deployment")),
        problems.toString());
  }

  @Test
  void theGatewayDeploymentIsWhatOperatorsNeed() throws IOException {
    JsonNode deployment = find(build(K8S.resolve("base")).resources(), "Deployment", "relay-gateway");
    JsonNode pod = deployment.at("/spec/template/spec");
    JsonNode container = pod.at("/containers/0");
    assertEquals(3, deployment.at("/spec/replicas").asInt());
    assertEquals(deployment.at("/spec/selector/matchLabels"), deployment.at("/spec/template/metadata/labels"));
    assertEquals("/health/ready", container.at("/readinessProbe/httpGet/path").asText());
    assertEquals("/health/live", container.at("/livenessProbe/httpGet/path").asText());
    assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
    assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean());
    assertTrue(container.at("/resources/requests/memory").isTextual() && container.at("/resources/limits/memory").isTextual());
    RelayConfig config = ConfigLoader.load(K8S.resolve("base/relay.yaml"), Map.of("RELAY_REDIS_URL", "redis://redis:6379",
        "RELAY_RULES_FILE", K8S.resolve("base/rules.yaml").toString()));
    assertTrue(config.store().redis(), "replicas share Redis");
    long drain = container.at("/lifecycle/preStop/sleep/seconds").asLong() + config.shutdown().grace().toSeconds();
    assertTrue(pod.at("/terminationGracePeriodSeconds").asLong() > drain,
        "the pod is given time to stop taking traffic and drain WebSockets: " + drain + " s");
    Set<String> known = new java.util.HashSet<>(ConfigLoader.ENV_KEYS.keySet());
    known.addAll(Set.of("RELAY_ADMIN_TOKEN", "RELAY_CHAT_SECRET", "RELAY_CHAT_IDENTITY_SECRET", "RELAY_METRICS_TOKEN",
        "RELAY_OIDC_CLIENT_SECRET",
        "TWILIO_AUTH_TOKEN",
        "RELAY_LOG_FORMAT", "RELAY_LOG_LEVEL", "RELAY_CONFIG"));
    for (JsonNode env : container.path("env")) {
      assertTrue(known.contains(env.path("name").asText()), "Relay does not read " + env.path("name").asText());
      assertTrue(env.has("valueFrom") ? env.at("/valueFrom/secretKeyRef/name").asText().equals("relay-secrets") : true,
          "secrets come from the relay-secrets Secret");
    }
    for (String kind : List.of("Service", "PodDisruptionBudget", "NetworkPolicy")) {
      JsonNode object = find(build(K8S.resolve("base")).resources(), kind, "relay-gateway");
      JsonNode selector = kind.equals("Service") ? object.at("/spec/selector")
          : kind.equals("NetworkPolicy") ? object.at("/spec/podSelector/matchLabels") : object.at("/spec/selector/matchLabels");
      assertEquals(deployment.at("/spec/template/metadata/labels"), selector, kind + " selects the gateway pods");
    }
    assertEquals("relay-gateway", find(build(K8S.resolve("base")).resources(), "HorizontalPodAutoscaler", "relay-gateway")
        .at("/spec/scaleTargetRef/name").asText());
  }

  @Test
  void theConfigMapHoldsAValidConfigAndRulesThatCompile() throws Exception {
    Build base = build(K8S.resolve("base"));
    assertEquals(Set.of("relay.yaml", "rules.yaml"),
        Set.copyOf(base.generated().stream().map(p -> p.getFileName().toString()).toList()));
    new RuleCompiler().compile(Files.readString(K8S.resolve("base/rules.yaml")));
    JsonNode redis = find(build(K8S.resolve("overlays/redis-statefulset")).resources(), "StatefulSet", "relay-redis");
    List<String> args = new ArrayList<>();
    redis.at("/spec/template/spec/containers/0/args").forEach(a -> args.add(a.asText()));
    assertEquals("yes", args.get(args.indexOf("--appendonly") + 1), "Redis keeps what Relay acknowledged (AOF)");
  }

  @Test
  void theImageRunsAsAnUnprivilegedUserOnAJre() throws IOException {
    String dockerfile = Files.readString(K8S.toAbsolutePath().getParent().resolve("Dockerfile"));
    List<String> stages = dockerfile.lines().filter(l -> l.startsWith("FROM ")).toList();
    assertEquals(2, stages.size(), "multi-stage: build, then run");
    assertTrue(stages.get(1).contains("-jre"), "runs on a JRE");
    assertTrue(dockerfile.lines().anyMatch(l -> l.matches("USER 10001(:10001)?")), "not root");
    JsonNode pod = find(build(K8S.resolve("base")).resources(), "Deployment", "relay-gateway").at("/spec/template/spec");
    assertEquals(10001, pod.at("/securityContext/runAsUser").asInt(), "the same user as the image");
  }

  static JsonNode find(List<JsonNode> objects, String kind, String name) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText()) && name.equals(o.at("/metadata/name").asText()))
        .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  /** Checks {@code object} against its kind's schema; {@code complete} false for patches (partial objects). */
  static void validate(JsonNode object, boolean complete, String where, List<String> problems) {
    String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
    String definition = KINDS.get(type);
    if (definition == null) {
      problems.add(where + ": unknown apiVersion/kind " + type);
      return;
    }
    if (complete && object.at("/metadata/name").asText().isEmpty()) {
      problems.add(where + ": metadata.name is required");
    }
    check(object, DEFINITIONS.get(definition), "", where, problems);
  }

  private static void check(JsonNode value, JsonNode schema, String path, String where, List<String> problems) {
    String javaType = schema.path("existingJavaType").asText();
    if (schema.has("$ref")) {
      String name = schema.get("$ref").asText().substring("#/definitions/".length());
      JsonNode target = DEFINITIONS.get(name);
      if (target == null) {
        problems.add(where + ": " + path + ": schema has no " + name);
        return;
      }
      schema = target;
    }
    javaType = javaType.isEmpty() ? schema.path("existingJavaType").asText(schema.path("javaType").asText()) : javaType;
    if (javaType.endsWith("IntOrString") || javaType.endsWith("Quantity")) {
      if (!value.isTextual() && !value.isIntegralNumber()) {
        problems.add(where + ": " + path + ": expected a number or a string");
      }
      return;
    }
    String expected = schema.path("type").asText();
    switch (expected) {
      case "object" -> {
        if (!value.isObject()) {
          problems.add(where + ": " + path + ": expected an object");
          return;
        }
        JsonNode properties = schema.get("properties");
        if (properties != null) {
          value.fields().forEachRemaining(field -> {
            JsonNode property = properties.get(field.getKey());
            String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            if (property == null) {
              problems.add(where + ": " + at + ": unknown field");
            } else {
              check(field.getValue(), property, at, where, problems);
            }
          });
        } else if (schema.get("additionalProperties") instanceof ObjectNode values) {
          value.fields().forEachRemaining(field -> check(field.getValue(), values, path + "." + field.getKey(), where, problems));
        }
      }
      case "array" -> {
        if (!value.isArray()) {
          problems.add(where + ": " + path + ": expected a list");
          return;
        }
        for (int i = 0; i < value.size(); i++) {
          check(value.get(i), schema.get("items"), path + "[" + i + "]", where, problems);
        }
      }
      case "string" -> {
        if (!value.isTextual()) {
          problems.add(where + ": " + path + ": expected string");
        } else if (schema.has("default") && (path.equals("apiVersion") || path.equals("kind"))
            && !schema.get("default").asText().equals(value.asText())) {
          problems.add(where + ": " + path + ": expected " + schema.get("default").asText());
        }
      }
      case "integer" -> {
        if (!value.isIntegralNumber()) {
          problems.add(where + ": " + path + ": expected integer");
        }
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          problems.add(where + ": " + path + ": expected true or false");
        }
      }
      case "number" -> {
        if (!value.isNumber()) {
          problems.add(where + ": " + path + ": expected a number");
        }
      }
      default -> {
        // an untyped field: anything goes
      }
    }
  }
}
