package dev.relay.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.routing.OwnerPolicy.Away;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingEngineTest {

  static final Instant MONDAY_NOON = Instant.parse("2026-03-02T12:00:00Z");
  final RuleCompiler compiler = new RuleCompiler();
  final RoutingEngine engine = new RoutingEngine();

  static RoutingFacts facts(List<String> tags, String locale, String text, Instant now) {
    return new RoutingFacts(
        new RoutingFacts.CustomerFacts("cus_1", tags, locale, "Europe/Paris", "", List.of("chat:v_1"), false, 0, null),
        new RoutingFacts.MessageFacts("chat", text, "", "", now), now);
  }

  static String read(String file) throws IOException {
    return Files.readString(Path.of("rules", file));
  }

  @Test
  void theDefaultRulesKeepTheOwnerAndCallBackAWeekLater() throws Exception {
    Decision decision = engine.decide(compiler.compile(read("default.yaml")), facts(List.of(), "en", "hi", MONDAY_NOON));
    assertEquals(new OwnerPolicy(Away.COVER, Duration.ofMinutes(2)), decision.owner());
    assertEquals(Duration.ofHours(1), decision.firstResponse());
    assertEquals(new FollowUpPolicy(Duration.ofDays(7), FollowUpPolicy.By.OWNER, FollowUpPolicy.Channel.PHONE, LocalTime.of(9, 0), LocalTime.of(18, 0)),
        decision.followUp());
    assertNull(decision.team());
    assertTrue(decision.trace().isEmpty());
  }

  @Test
  void matchingRulesApplyInOrderAndTheTraceSaysWhich() throws Exception {
    CompiledRuleSet examples = compiler.compile(read("examples.yaml"));
    Decision vipFrenchBilling = engine.decide(examples,
        facts(List.of("vip"), "fr-FR", "I was charged twice", MONDAY_NOON));
    assertEquals("premium", vipFrenchBilling.team());
    assertEquals(List.of("billing"), vipFrenchBilling.skills());
    assertEquals(List.of("fr"), vipFrenchBilling.languages());
    assertEquals(5, vipFrenchBilling.priority(), "billing comes after vip and overrides its priority");
    assertEquals(Duration.ofMinutes(15), vipFrenchBilling.firstResponse());
    assertEquals(new OwnerPolicy(Away.COVER, Duration.ofMinutes(10)), vipFrenchBilling.owner());
    assertEquals(new EscalationPolicy(Duration.ofMinutes(5), EscalationPolicy.WhenMissed.COVER),
        vipFrenchBilling.escalation());
    assertEquals(List.of("vip", "french", "billing"), vipFrenchBilling.matchedRules());
    assertEquals("no match", vipFrenchBilling.trace().get(3).outcome());

    Decision night = engine.decide(examples, facts(List.of(), "en", "hello", Instant.parse("2026-03-02T23:30:00Z")));
    assertEquals(List.of("out-of-hours"), night.matchedRules());
    assertEquals(Duration.ZERO, night.owner().waitFor());
    assertEquals(Duration.ofHours(4), night.firstResponse());
  }

  @Test
  void aRuleCanStopLaterRules() throws Exception {
    CompiledRuleSet rules = compiler.compile("""
        version: 1
        rules:
          - name: first
            when: 'true'
            then: { team: alpha, stop: true }
          - name: second
            when: 'true'
            then: { team: beta }
        """);
    Decision decision = engine.decide(rules, facts(List.of(), "en", "x", MONDAY_NOON));
    assertEquals("alpha", decision.team());
    assertEquals("skipped", decision.trace().get(1).outcome());
  }

  @Test
  void typeErrorsAreFoundWhenSavedWithRuleNameAndPosition() {
    InvalidRuleSetException invalid = assertThrows(InvalidRuleSetException.class, () -> compiler.compile("""
        version: 1
        rules:
          - name: ok
            when: 'customer.hasOwner'
            then: { team: a }
          - name: typo
            when: 'customer.tagz.size() > 0'
            then: { team: b }
          - name: not-boolean
            when: customer.pastConversations + 1
            then: { team: c }
          - name: bad-syntax
            when: 'message.text.contains("x" '
            then: { team: d }
        """));
    List<RuleError> errors = invalid.errors();
    assertEquals(3, errors.size(), errors::toString);
    RuleError typo = errors.get(0);
    assertEquals("typo", typo.rule());
    assertEquals(7, typo.line());
    assertEquals(20, typo.column(), "points at '.tagz' (CEL marks the selection's dot): " + typo);
    assertTrue(typo.message().contains("tagz"), typo.message());
    assertEquals("not-boolean", errors.get(1).rule());
    assertEquals(10, errors.get(1).line());
    assertEquals("bad-syntax", errors.get(2).rule());
    assertEquals(13, errors.get(2).line());
  }

  @Test
  void aRuleSaysWhatAMissedFirstResponseTargetDoes() throws Exception {
    Decision plain = engine.decide(compiler.compile(read("default.yaml")), facts(List.of(), "en", "hi", MONDAY_NOON));
    assertEquals(new EscalationPolicy(Duration.ofMinutes(15), EscalationPolicy.WhenMissed.NOTIFY), plain.escalation(),
        "by default supervisors are told, 15 minutes ahead the agent is nudged");
    Decision vip = engine.decide(compiler.compile("""
        version: 1
        defaults:
          escalation: { whenMissed: cover }
        rules:
          - name: vip
            when: 'customer.tags.exists(t, t == "vip")'
            then: { firstResponse: PT15M, escalation: { warnBefore: PT5M, whenMissed: reassign } }
        """), facts(List.of("vip"), "fr-FR", "Ma commande n’est pas arrivée", MONDAY_NOON));
    assertEquals(new EscalationPolicy(Duration.ofMinutes(5), EscalationPolicy.WhenMissed.REASSIGN), vip.escalation());
    Decision other = engine.decide(compiler.compile("""
        version: 1
        defaults:
          escalation: { whenMissed: cover }
        rules: []
        """), facts(List.of(), "en", "hello", MONDAY_NOON));
    assertEquals(new EscalationPolicy(Duration.ofMinutes(15), EscalationPolicy.WhenMissed.COVER), other.escalation(),
        "warnBefore left out keeps Relay's 15 minutes");

    InvalidRuleSetException invalid = assertThrows(InvalidRuleSetException.class, () -> compiler.compile("""
        version: 1
        defaults:
          escalation: { whenMissed: shout, warnBefore: soon }
        rules:
          - name: late
            when: 'true'
            then: { escalation: cover }
          - name: typo
            when: 'true'
            then: { escalation: { whenMised: notify } }
        """));
    String all = invalid.errors().toString();
    assertTrue(all.contains("3:29: escalation.whenMissed: must be one of cover, notify, reassign"), all);
    assertTrue(all.contains("3:48: escalation.warnBefore: must be an ISO-8601 duration"), all);
    assertTrue(all.contains("rule 'late' 7:25: escalation: must be a mapping with warnBefore and whenMissed"), all);
    assertTrue(all.contains("rule 'typo' 10:27: unknown key 'whenMised' (expected one of warnBefore, whenMissed)"), all);
  }

  @Test
  void structuralMistakesAreAllReportedWithPositions() {
    InvalidRuleSetException invalid = assertThrows(InvalidRuleSetException.class, () -> compiler.compile("""
        version: 2
        defaults:
          owner: { whenAway: sometimes, waitFor: two minutes }
          followUp: { window: "18:00-09:00" }
          colour: blue
        rules:
          - name: Bad Name
            when: 'true'
            then: { priority: high }
          - name: dup
            when: 'true'
          - name: dup
            when: 'true'
            then: {}
        """));
    String all = invalid.errors().toString();
    assertTrue(all.contains("1:10: version: must be 1"), all);
    assertTrue(all.contains("3:22: owner.whenAway: must be wait, cover or reassign"), all);
    assertTrue(all.contains("3:42: owner.waitFor"), all);
    assertTrue(all.contains("4:23: followUp.window: the start must be before the end"), all);
    assertTrue(all.contains("5:3: unknown key 'colour'"), all);
    assertTrue(all.contains("7:11: name: lower-case letters"), all);
    assertTrue(all.contains("9:23: priority: must be a whole number from 0 to 1000"), all);
    assertTrue(all.contains("rule 'dup' 10:5: then: required"), all);
    assertTrue(all.contains("12:11: name: 'dup' is used by an earlier rule"), all);
  }

  @Test
  void aKeyGivenTwiceIsRefusedInsteadOfTheLastOneWinning() {
    InvalidRuleSetException invalid = assertThrows(InvalidRuleSetException.class, () -> compiler.compile("""
        version: 1
        rules:
          - name: vip
            when: 'customer.tags.exists(t, t == "vip")'
            then: { team: premium, team: general }
            when: 'true'
        """));
    String all = invalid.errors().toString();
    assertTrue(all.contains("5:28: 'team' is given twice"), all);
    assertTrue(all.contains("6:5: 'when' is given twice"), all);
  }

  @Test
  void malformedOrHostileSourcesAreRefusedWithAClearError() {
    assertEquals("the rule set is empty", error("").message());
    assertTrue(error("rules: [\n  - name: x\n").message().startsWith("not valid YAML"), error("rules: [").toString());
    assertTrue(error("- just\n- a list\n").message().contains("top level must be a mapping"));
    String deep = "rules: " + "[".repeat(200) + "]".repeat(200);
    assertTrue(error(deep).message().startsWith("not valid YAML"), "nesting is bounded");
    String bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n".repeat(1)
        + "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n";
    assertTrue(error(bomb).message().startsWith("not valid YAML"), "alias expansion is bounded: " + error(bomb));
    assertTrue(error("version: 1\nrules: []\n" + "#".repeat(RuleSetParser.MAX_SOURCE_CHARS)).message().contains("larger than"));
    String longCondition = "version: 1\nrules:\n  - name: long\n    when: '" + "true && ".repeat(600) + "true'\n    then: {}\n";
    assertTrue(error(longCondition).message().contains("4000"), error(longCondition).toString());
    String nested = "version: 1\nrules:\n  - name: nested\n    when: '" + "(".repeat(100) + "true" + ")".repeat(100) + "'\n    then: {}\n";
    assertEquals("nested", error(nested).rule(), "deeply nested conditions are refused when saved");
  }

  private RuleError error(String source) {
    return assertThrows(InvalidRuleSetException.class, () -> compiler.compile(source)).errors().get(0);
  }

  /** Twelve replaces that each double the text: 4,000 characters become 16 million. */
  static final String CHAINED_REPLACE = "message.text" + ".replace(\"a\", \"aa\")".repeat(12) + ".contains(\"zzz\")";

  @Test
  void aConditionThatCouldRunForSecondsIsRefusedWhenSavedWithItsPosition() {
    InvalidRuleSetException invalid = assertThrows(InvalidRuleSetException.class, () -> compiler.compile("""
        version: 1
        rules:
          - name: facturation
            when: 'message.text.lowerAscii().contains("facture")'
            then: { team: billing }
          - name: doubler
            when: '%s'
            then: { team: never }
        """.formatted(CHAINED_REPLACE)));
    assertEquals(1, invalid.errors().size(), invalid.errors()::toString);
    RuleError error = invalid.errors().get(0);
    assertEquals("doubler", error.rule());
    assertEquals(7, error.line());
    assertTrue(error.message().contains("could cost up to") && error.message().contains("simplify"), error.message());
  }

  @Test
  void aCostlyConditionStoredBeforeTheLimitIsStoppedWhileRunning() throws Exception {
    // Stored sets load without the save-time limit (the gateway must start); the run-time budget holds them.
    CompiledRuleSet stored = new RuleCompiler(Long.MAX_VALUE).compile("""
        version: 1
        rules:
          - name: doubler
            when: '%s'
            then: { team: never }
          - name: after
            when: 'true'
            then: { team: reached }
        """.formatted(CHAINED_REPLACE));
    // Run to its end it produced 32 million characters (2.7 s here); it is stopped at the budget instead.
    Decision decision = engine.decide(stored, facts(List.of(), "fr", "a".repeat(4000), MONDAY_NOON));
    assertTrue(decision.trace().get(0).outcome().startsWith("error: stopped"), decision.trace().get(0).outcome());
    assertFalse(decision.trace().get(0).matched());
    assertEquals("reached", decision.team(), "a stopped rule does not stop routing");
  }

  @Test
  void evaluationIsBoundedEvenForConditionsThatTryToRunAway() throws Exception {
    // Nested comprehensions over a long text: refused when saved; stored, the iteration budget stops it.
    assertTrue(error("""
        version: 1
        rules:
          - name: runaway
            when: 'message.text.split("").map(a, message.text.split("").map(b, a + b)).size() == 0'
            then: { team: never }
        """).message().contains("could cost up to"));
    CompiledRuleSet rules = new RuleCompiler(Long.MAX_VALUE).compile("""
        version: 1
        rules:
          - name: runaway
            when: 'message.text.split("").map(a, message.text.split("").map(b, a + b)).size() == 0'
            then: { team: never }
          - name: after
            when: 'true'
            then: { team: reached }
        """);
    long started = System.nanoTime();
    Decision decision = engine.decide(rules, facts(List.of(), "en", "x".repeat(3000), MONDAY_NOON));
    assertTrue(decision.trace().get(0).outcome().contains("Iteration budget exceeded"), decision.trace().get(0).outcome());
    assertFalse(decision.trace().get(0).matched());
    assertEquals("reached", decision.team(), "a failing rule does not stop routing");
    assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 10, "bounded, not stuck");
  }

  @Test
  void aFailingConditionCountsAsNoMatchAndIsTraced() throws Exception {
    CompiledRuleSet rules = compiler.compile("""
        version: 1
        rules:
          - name: divide
            when: '10 / customer.pastConversations > 1'
            then: { team: a }
        """);
    Decision decision = engine.decide(rules, facts(List.of(), "en", "x", MONDAY_NOON));
    assertFalse(decision.trace().get(0).matched());
    assertTrue(decision.trace().get(0).outcome().contains("by zero"), decision.trace().get(0).outcome());
  }

  @Test
  void theDocumentedExampleConditionsCompileAndRun() throws Exception {
    List<String> conditions = List.of(
        "customer.tags.exists(t, t == \"vip\")",
        "customer.locale.startsWith(\"fr\") || message.language == \"fr\"",
        "message.text.lowerAscii().contains(\"invoice\")",
        "message.channel == \"email\" && message.subject.matches(\"(?i)urgent\")",
        "now.getHours(customer.timezone == \"\" ? \"UTC\" : customer.timezone) >= 18",
        "customer.pastConversations == 0",
        "has(customer.lastSatisfaction) && customer.lastSatisfaction < 3.0");
    StringBuilder yaml = new StringBuilder("version: 1\nrules:\n");
    for (int i = 0; i < conditions.size(); i++) {
      yaml.append("  - name: r").append(i).append("\n    when: '").append(conditions.get(i).replace("'", "''"))
          .append("'\n    then: { priority: ").append(i).append(" }\n");
    }
    CompiledRuleSet rules = compiler.compile(yaml.toString());
    Decision decision = engine.decide(rules, new RoutingFacts(
        new RoutingFacts.CustomerFacts("cus_1", List.of("vip"), "fr-FR", "Europe/Paris", "", List.of(), true, 0, 2.5),
        new RoutingFacts.MessageFacts("email", "My INVOICE", "Urgent!", "fr", MONDAY_NOON),
        Instant.parse("2026-03-02T17:30:00Z")));
    assertEquals(List.of("r0", "r1", "r2", "r3", "r4", "r5", "r6"), decision.matchedRules(), decision.trace()::toString);
  }
}
