package dev.relay.bench;

import dev.relay.routing.CompiledRuleSet;
import dev.relay.routing.Decision;
import dev.relay.routing.RoutingEngine;
import dev.relay.routing.RoutingFacts;
import dev.relay.routing.RuleCompiler;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decisions per second for a rule set of {@code rules} rules of realistic shapes (tags, locale,
 * keywords with regular expressions, time of day), against an empty rule set as the baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RoutingDecisionBenchmark {

  @Param({"200"})
  public int rules;

  /** Which condition shapes the set uses: all four, or all but the regular-expression one. */
  @Param({"all", "no-regex"})
  public String shapes;

  private final RoutingEngine engine = new RoutingEngine();
  private CompiledRuleSet large;
  private CompiledRuleSet empty;
  private RoutingFacts facts;

  @Setup
  public void compile() throws Exception {
    RuleCompiler compiler = new RuleCompiler();
    large = compiler.compile(ruleSet(rules, "all".equals(shapes)));
    empty = compiler.compile("version: 1\nrules: []\n");
    Instant now = Instant.parse("2026-03-02T12:00:00Z");
    facts = new RoutingFacts(
        new RoutingFacts.CustomerFacts("cus_1", List.of("gold", "newsletter"), "de-DE", "Europe/Berlin", "retail",
            List.of("email:ann@example.com", "chat:v_1"), true, 4, 4.5),
        new RoutingFacts.MessageFacts("email", "Hello, my last invoice shows a charge I do not recognise. "
            + "Could you check order 48213 and refund it if it was a mistake?", "Question about my invoice", "de", now),
        now);
  }

  /** Rules cycle through four shapes; only a few match the facts above, as in a real set. */
  static String ruleSet(int count, boolean withRegex) {
    StringBuilder yaml = new StringBuilder("version: 1\nrules:\n");
    for (int i = 0; i < count; i++) {
      int shape = withRegex || i % 4 != 2 ? i % 4 : 0;
      String when = switch (shape) {
        case 0 -> "customer.tags.exists(t, t == \"tag-" + i + "\")";
        case 1 -> "customer.locale.startsWith(\"x" + i + "\") || message.language == \"l" + i + "\"";
        case 2 -> "message.text.matches(\"(?i)\\\\bkeyword" + i + "\\\\b\") || message.subject.contains(\"topic " + i + "\")";
        default -> "now.getHours(\"Europe/Berlin\") == " + (i % 24) + " && customer.pastConversations > " + i;
      };
      yaml.append("  - name: rule-").append(i).append("\n    when: '").append(when.replace("'", "''"))
          .append("'\n    then: { priority: ").append(i % 1000).append(" }\n");
    }
    return yaml.toString();
  }

  @Benchmark
  public Decision decide200Rules() {
    return engine.decide(large, facts);
  }

  @Benchmark
  public Decision decideBaselineNoRules() {
    return engine.decide(empty, facts);
  }
}
