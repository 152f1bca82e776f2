package dev.relay.routing;

import dev.relay.routing.OwnerPolicy.Away;
import java.io.StringReader;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a rule file (YAML, or JSON, which is YAML) into a {@link RuleSet}, keeping the position of
 * every node so each problem is reported at its {@code line:col}. Hostile input is bounded:
 * size, nesting, aliases and the number of rules are limited before anything is built.
 */
public final class RuleSetParser {

  public static final int MAX_SOURCE_CHARS = 1_000_000;
  public static final int MAX_RULES = 1_000;
  public static final int MAX_CONDITION_CHARS = 4_000;
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final Pattern WINDOW = Pattern.compile("(\\d{2}:\\d{2})-(\\d{2}:\\d{2})");
  private static final Set<String> TOP = Set.of("version", "defaults", "rules");
  private static final Set<String> RULE = Set.of("name", "when", "then");
  private static final Set<String> ACTION = Set.of("team", "skills", "languages", "priority", "owner",
      "firstResponse", "followUp", "escalation", "stop");
  private static final Set<String> OWNER = Set.of("whenAway", "waitFor");
  private static final Set<String> ESCALATION = Set.of("warnBefore", "whenMissed");
  private static final Set<String> FOLLOW_UP = Set.of("after", "by", "channel", "window");

  /** What Relay does when a rule file says nothing: keep the owner, 2 minutes then a teammate covers. */
  public static final RuleAction BUILT_IN_DEFAULTS = new RuleAction(null, List.of(), List.of(), 0,
      new OwnerPolicy(Away.COVER, Duration.ofMinutes(2)), Duration.ofHours(1),
      new FollowUpPolicy(Duration.ofDays(7), FollowUpPolicy.By.OWNER, FollowUpPolicy.Channel.PHONE, LocalTime.of(9, 0), LocalTime.of(18, 0)),
      new EscalationPolicy(Duration.ofMinutes(15), EscalationPolicy.WhenMissed.NOTIFY), false);

  private static final RuleAction NOTHING = new RuleAction(null, List.of(), List.of(), null, null, null, null, null, false);

  private final List<RuleError> errors = new ArrayList<>();
  private String currentRule;

  private RuleSetParser() {
  }

  public static RuleSet parse(String source) throws InvalidRuleSetException {
    Parsed parsed = parseAll(source);
    if (!parsed.errors().isEmpty()) {
      throw new InvalidRuleSetException(parsed.errors());
    }
    return parsed.set();
  }

  /**
   * The rule set as far as it could be read, with every structural problem. Rules whose name and
   * condition could be read are kept even when their action is broken, so their conditions can be
   * checked too and the admin sees all problems at once.
   */
  record Parsed(RuleSet set, List<RuleError> errors) {
  }

  static Parsed parseAll(String source) throws InvalidRuleSetException {
    RuleSetParser parser = new RuleSetParser();
    RuleSet set = parser.read(source);
    return new Parsed(set, List.copyOf(parser.errors));
  }

  private RuleSet read(String source) throws InvalidRuleSetException {
    if (source == null || source.isBlank()) {
      throw new InvalidRuleSetException(List.of(new RuleError(null, 1, 1, "the rule set is empty")));
    }
    if (source.length() > MAX_SOURCE_CHARS) {
      throw new InvalidRuleSetException(List.of(new RuleError(null, 1, 1,
          "the rule set is larger than " + MAX_SOURCE_CHARS + " characters")));
    }
    Node root;
    try {
      root = yaml().compose(new StringReader(source));
    } catch (MarkedYAMLException e) {
      var mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw new InvalidRuleSetException(List.of(new RuleError(null, mark == null ? 1 : mark.getLine() + 1,
          mark == null ? 1 : mark.getColumn() + 1, "not valid YAML: " + e.getProblem())));
    } catch (YAMLException e) {
      throw new InvalidRuleSetException(List.of(new RuleError(null, 1, 1, "not valid YAML: " + e.getMessage())));
    }
    if (!(root instanceof MappingNode top)) {
      throw new InvalidRuleSetException(List.of(new RuleError(null, 1, 1,
          "the top level must be a mapping with version, defaults and rules")));
    }
    Map<String, Node> fields = fields(top, TOP);
    int version = integer(fields.get("version"), "version", 1, 1, RuleSet.FORMAT_VERSION);
    RuleAction defaults = fields.containsKey("defaults")
        ? overlay(BUILT_IN_DEFAULTS, action(fields.get("defaults"), "defaults"))
        : BUILT_IN_DEFAULTS;
    List<Rule> rules = rules(fields.get("rules"), top);
    return new RuleSet(version, defaults, rules);
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(20);
    options.setNestingDepthLimit(20);
    options.setCodePointLimit(MAX_SOURCE_CHARS);
    options.setAllowRecursiveKeys(false);
    return new Yaml(options);
  }

  private List<Rule> rules(Node node, Node parent) {
    if (node == null) {
      error(parent, "rules: required (a list, possibly empty)");
      return List.of();
    }
    if (!(node instanceof SequenceNode list)) {
      error(node, "rules: must be a list");
      return List.of();
    }
    if (list.getValue().size() > MAX_RULES) {
      error(node, "rules: at most " + MAX_RULES + " rules");
      return List.of();
    }
    List<Rule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Node item : list.getValue()) {
      currentRule = null;
      if (!(item instanceof MappingNode ruleNode)) {
        error(item, "a rule is a mapping with name, when and then");
        continue;
      }
      Map<String, Node> fields = fields(ruleNode, RULE);
      String name = string(fields.get("name"), "name", ruleNode, true, 64);
      if (name != null && !NAME.matcher(name).matches()) {
        error(fields.get("name"), "name: lower-case letters, digits, '-' and '_', at most 64");
      } else if (name != null && !names.add(name)) {
        error(fields.get("name"), "name: '" + name + "' is used by an earlier rule");
      }
      currentRule = name;
      String when = string(fields.get("when"), "when", ruleNode, true, MAX_CONDITION_CHARS);
      RuleAction then = fields.containsKey("then") ? action(fields.get("then"), "then") : null;
      if (then == null && !fields.containsKey("then")) {
        error(ruleNode, "then: required");
      }
      if (name != null && when != null) {
        Node whenNode = fields.get("when");
        boolean block = whenNode instanceof ScalarNode scalar
            && (scalar.getScalarStyle() == DumperOptions.ScalarStyle.LITERAL
                || scalar.getScalarStyle() == DumperOptions.ScalarStyle.FOLDED);
        boolean quoted = whenNode instanceof ScalarNode scalar
            && (scalar.getScalarStyle() == DumperOptions.ScalarStyle.SINGLE_QUOTED
                || scalar.getScalarStyle() == DumperOptions.ScalarStyle.DOUBLE_QUOTED);
        int column = whenNode.getStartMark().getColumn() + 1 + (quoted ? 1 : 0);
        rules.add(new Rule(name, when, then != null ? then : NOTHING, ruleNode.getStartMark().getLine() + 1,
            new Rule.SourcePosition(whenNode.getStartMark().getLine() + 1, column, block)));
      }
    }
    currentRule = null;
    return rules;
  }

  private RuleAction action(Node node, String where) {
    if (!(node instanceof MappingNode mapping)) {
      error(node, where + ": must be a mapping");
      return null;
    }
    Map<String, Node> f = fields(mapping, ACTION);
    String team = string(f.get("team"), "team", node, false, 60);
    List<String> skills = strings(f.get("skills"), "skills");
    List<String> languages = strings(f.get("languages"), "languages");
    Integer priority = f.containsKey("priority") ? integer(f.get("priority"), "priority", 0, 0, 1000) : null;
    OwnerPolicy owner = f.containsKey("owner") ? owner(f.get("owner")) : null;
    Duration firstResponse = f.containsKey("firstResponse") ? duration(f.get("firstResponse"), "firstResponse") : null;
    FollowUpPolicy followUp = f.containsKey("followUp") ? followUp(f.get("followUp")) : null;
    EscalationPolicy escalation = f.containsKey("escalation") ? escalation(f.get("escalation")) : null;
    boolean stop = f.containsKey("stop") && bool(f.get("stop"), "stop");
    return new RuleAction(team == null ? null : team.toLowerCase(Locale.ROOT), skills, languages, priority,
        owner, firstResponse, followUp, escalation, stop);
  }

  private OwnerPolicy owner(Node node) {
    if (!(node instanceof MappingNode mapping)) {
      error(node, "owner: must be a mapping with whenAway and waitFor");
      return null;
    }
    Map<String, Node> f = fields(mapping, OWNER);
    Away away = BUILT_IN_DEFAULTS.owner().whenAway();
    String raw = string(f.get("whenAway"), "owner.whenAway", node, false, 20);
    if (raw != null) {
      try {
        away = Away.valueOf(raw.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        error(f.get("whenAway"), "owner.whenAway: must be wait, cover or reassign");
      }
    }
    Duration waitFor = f.containsKey("waitFor") ? duration(f.get("waitFor"), "owner.waitFor") : Duration.ZERO;
    return waitFor == null ? null : new OwnerPolicy(away, waitFor);
  }

  private EscalationPolicy escalation(Node node) {
    if (!(node instanceof MappingNode mapping)) {
      error(node, "escalation: must be a mapping with warnBefore and whenMissed");
      return null;
    }
    EscalationPolicy base = BUILT_IN_DEFAULTS.escalation();
    Map<String, Node> f = fields(mapping, ESCALATION);
    Duration warnBefore = f.containsKey("warnBefore") ? duration(f.get("warnBefore"), "escalation.warnBefore")
        : base.warnBefore();
    EscalationPolicy.WhenMissed whenMissed = oneOf(f.get("whenMissed"), "escalation.whenMissed",
        EscalationPolicy.WhenMissed.class, base.whenMissed());
    return warnBefore == null ? null : new EscalationPolicy(warnBefore, whenMissed);
  }

  private FollowUpPolicy followUp(Node node) {
    if (!(node instanceof MappingNode mapping)) {
      error(node, "followUp: must be a mapping with after, by, channel and window");
      return null;
    }
    FollowUpPolicy base = BUILT_IN_DEFAULTS.followUp();
    Map<String, Node> f = fields(mapping, FOLLOW_UP);
    Duration after = f.containsKey("after") ? duration(f.get("after"), "followUp.after") : base.after();
    FollowUpPolicy.By by = oneOf(f.get("by"), "followUp.by", FollowUpPolicy.By.class, base.by());
    FollowUpPolicy.Channel channel = oneOf(f.get("channel"), "followUp.channel", FollowUpPolicy.Channel.class,
        base.channel());
    LocalTime from = base.from();
    LocalTime until = base.until();
    String window = string(f.get("window"), "followUp.window", node, false, 11);
    if (window != null) {
      Matcher m = WINDOW.matcher(window);
      try {
        if (!m.matches()) {
          throw new DateTimeParseException("", window, 0);
        }
        from = LocalTime.parse(m.group(1));
        until = LocalTime.parse(m.group(2));
        if (!from.isBefore(until)) {
          error(f.get("window"), "followUp.window: the start must be before the end");
        }
      } catch (DateTimeParseException e) {
        error(f.get("window"), "followUp.window: must look like 09:00-18:00");
      }
    }
    return new FollowUpPolicy(after, by, channel, from, until);
  }

  /** Later settings win; lists add up. */
  static RuleAction overlay(RuleAction base, RuleAction on) {
    if (on == null) {
      return base;
    }
    return new RuleAction(
        on.team() != null ? on.team() : base.team(),
        union(base.skills(), on.skills()),
        union(base.languages(), on.languages()),
        on.priority() != null ? on.priority() : base.priority(),
        on.owner() != null ? on.owner() : base.owner(),
        on.firstResponse() != null ? on.firstResponse() : base.firstResponse(),
        on.followUp() != null ? on.followUp() : base.followUp(),
        on.escalation() != null ? on.escalation() : base.escalation(),
        on.stop());
  }

  private static List<String> union(List<String> a, List<String> b) {
    if (b.isEmpty()) {
      return a;
    }
    List<String> all = new ArrayList<>(a);
    b.stream().filter(s -> !all.contains(s)).forEach(all::add);
    return all;
  }

  private Map<String, Node> fields(MappingNode node, Set<String> allowed) {
    Map<String, Node> fields = new LinkedHashMap<>();
    for (NodeTuple tuple : node.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        error(tuple.getKeyNode(), "keys must be plain words");
        continue;
      }
      if (!allowed.contains(key.getValue())) {
        error(key, "unknown key '" + key.getValue() + "' (expected one of " + String.join(", ", allowed.stream().sorted().toList()) + ")");
        continue;
      }
      // The composed node graph keeps repeated keys (SnakeYAML checks duplicates only when it
      // constructs objects): without this the last one would win silently.
      if (fields.putIfAbsent(key.getValue(), tuple.getValueNode()) != null) {
        error(key, "'" + key.getValue() + "' is given twice");
      }
    }
    return fields;
  }

  private String string(Node node, String what, Node parent, boolean required, int maxLength) {
    if (node == null) {
      if (required) {
        error(parent, what + ": required");
      }
      return null;
    }
    if (!(node instanceof ScalarNode scalar) || scalar.getValue().isBlank()) {
      error(node, what + ": must be a non-empty text");
      return null;
    }
    if (scalar.getValue().length() > maxLength) {
      error(node, what + ": at most " + maxLength + " characters");
      return null;
    }
    return scalar.getValue().strip();
  }

  /** A value of a closed set, written in lower case in the rules ({@code team} for {@code TEAM}). */
  private <E extends Enum<E>> E oneOf(Node node, String what, Class<E> type, E fallback) {
    String value = string(node, what, null, false, 20);
    if (value == null) {
      return fallback;
    }
    List<String> allowed = Arrays.stream(type.getEnumConstants())
        .map(e -> e.name().toLowerCase(Locale.ROOT)).sorted().toList();
    if (!allowed.contains(value)) {
      error(node, what + ": must be one of " + String.join(", ", allowed));
      return fallback;
    }
    return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
  }

  private List<String> strings(Node node, String what) {
    if (node == null) {
      return List.of();
    }
    if (!(node instanceof SequenceNode list) || list.getValue().size() > 50) {
      error(node, what + ": must be a list of at most 50 words");
      return List.of();
    }
    List<String> values = new ArrayList<>();
    for (Node item : list.getValue()) {
      String value = string(item, what + " item", node, true, 60);
      if (value != null) {
        values.add(value.toLowerCase(Locale.ROOT));
      }
    }
    return values;
  }

  private int integer(Node node, String what, int fallback, int min, int max) {
    return scalar(node, what, fallback, text -> {
      int value = Integer.parseInt(text);
      if (value < min || value > max) {
        throw new IllegalArgumentException();
      }
      return value;
    }, min == max ? "must be " + min : "must be a whole number from " + min + " to " + max);
  }

  private boolean bool(Node node, String what) {
    return scalar(node, what, false, text -> switch (text) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException();
    }, "must be true or false");
  }

  private Duration duration(Node node, String what) {
    return scalar(node, what, null, text -> {
      Duration d = Duration.parse(text);
      if (d.isNegative() || d.compareTo(Duration.ofDays(366)) > 0) {
        throw new IllegalArgumentException();
      }
      return d;
    }, "must be an ISO-8601 duration between PT0S and P366D, such as PT15M or P7D");
  }

  private <T> T scalar(Node node, String what, T fallback, Function<String, T> parse, String rule) {
    if (node == null) {
      return fallback;
    }
    if (node instanceof ScalarNode scalar) {
      try {
        return parse.apply(scalar.getValue().strip());
      } catch (RuntimeException e) {
        // reported below
      }
    }
    error(node, what + ": " + rule);
    return fallback;
  }

  private void error(Node node, String message) {
    int line = node == null ? 1 : node.getStartMark().getLine() + 1;
    int column = node == null ? 1 : node.getStartMark().getColumn() + 1;
    errors.add(new RuleError(currentRule, line, column, message));
  }
}
