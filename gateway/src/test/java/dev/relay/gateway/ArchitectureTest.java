package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package structure, read from the sources: feature packages may depend on one another only
 * one way, and only the wiring knows the concrete connectors. A scan of the source text is enough:
 * every cross-package use is an import or a fully qualified name.
 */
class ArchitectureTest {

  private static final Path SOURCES = Path.of("src/main/java/dev/relay/gateway");
  private static final Pattern GATEWAY_USE = Pattern.compile("dev\\.relay\\.gateway\\.((?:[a-z]\\w*\\.)*)[A-Z]");
  private static final Pattern CONNECTOR_USE = Pattern.compile("dev\\.relay\\.connector\\.(chat|email|twilio)\\.");
  /** Packages that may name a specific connector: the wiring builds them. */
  private static final Set<String> MAY_USE_CONNECTORS = Set.of("wiring",
      // Config still parses the e-mail and SMS settings into those connectors' options (issue 13, item 5).
      "config");

  @Test
  void gatewayPackagesHaveNoCycles() throws IOException {
    Map<String, Set<String>> uses = packageUses();
    List<String> cycles = new ArrayList<>();
    for (String from : uses.keySet()) {
      for (String to : uses.get(from)) {
        if (from.compareTo(to) < 0 && reaches(uses, to, from, new TreeSet<>())) {
          cycles.add(from + " <-> " + to);
        }
      }
    }
    assertEquals(List.of(), cycles, "package pairs that depend on each other (directly or through others)");
  }

  @Test
  void onlyWiringNamesASpecificConnector() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (Path file : sources()) {
      String pkg = packageOf(file);
      Matcher use = CONNECTOR_USE.matcher(Files.readString(file));
      if (use.find() && !MAY_USE_CONNECTORS.contains(pkg)) {
        offenders.add(SOURCES.relativize(file) + " uses the " + use.group(1) + " connector");
      }
    }
    assertEquals(List.of(), offenders);
  }

  @Test
  void domainDependsOnNoOtherGatewayPackage() throws IOException {
    assertEquals(Set.of(), packageUses().getOrDefault("domain", Set.of()));
  }

  @Test
  void scanSeesTheSources() throws IOException {
    assertTrue(packageUses().containsKey("inbound"), "run from the gateway module: " + SOURCES.toAbsolutePath());
  }

  private static boolean reaches(Map<String, Set<String>> uses, String from, String target, Set<String> seen) {
    if (from.equals(target)) {
      return true;
    }
    if (!seen.add(from)) {
      return false;
    }
    for (String next : uses.getOrDefault(from, Set.of())) {
      if (reaches(uses, next, target, seen)) {
        return true;
      }
    }
    return false;
  }

  /** For each gateway package ("" for the root), the other gateway packages its sources name. */
  private static Map<String, Set<String>> packageUses() throws IOException {
    Map<String, Set<String>> uses = new TreeMap<>();
    for (Path file : sources()) {
      String pkg = packageOf(file);
      Set<String> used = uses.computeIfAbsent(pkg, p -> new TreeSet<>());
      Matcher use = GATEWAY_USE.matcher(Files.readString(file));
      while (use.find()) {
        String target = use.group(1).isEmpty() ? "" : use.group(1).substring(0, use.group(1).length() - 1);
        if (!target.equals(pkg)) {
          used.add(target);
        }
      }
    }
    return uses;
  }

  private static String packageOf(Path file) {
    Path dir = SOURCES.relativize(file).getParent();
    return dir == null ? "" : dir.toString().replace(file.getFileSystem().getSeparator(), ".");
  }

  private static List<Path> sources() throws IOException {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
  }
}
