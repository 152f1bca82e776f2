package dev.relay.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which conditions the index reads, and which rules it lets through for a message. */
class RuleIndexTest {

  static final Instant MONDAY_NOON = Instant.parse("2026-03-02T12:00:00Z");
  final RuleCompiler compiler = new RuleCompiler();

  static String rules(List<String> conditions) {
    StringBuilder yaml = new StringBuilder("version: 1\nrules:\n");
    for (int i = 0; i < conditions.size(); i++) {
      yaml.append("  - name: r").append(i).append("\n    when: '").append(conditions.get(i).replace("'", "''"))
          .append("'\n    then: { priority: ").append(i).append(" }\n");
    }
    return yaml.toString();
  }

  private List<String> candidates(CompiledRuleSet set, RoutingFacts facts) {
    boolean[] candidates = set.index().candidates(ContextTypes.activation(facts));
    List<String> names = new ArrayList<>();
    for (int i = 0; i < candidates.length; i++) {
      if (candidates[i]) {
        names.add(set.rules().rules().get(i).name());
      }
    }
    return names;
  }

  private static RoutingFacts sms(String text, List<String> tags, String locale) {
    return new RoutingFacts(
        new RoutingFacts.CustomerFacts("cus_1", tags, locale, "Europe/Paris", "FR", List.of("sms:+33698765432"), false, 2,
            null),
        new RoutingFacts.MessageFacts("sms", text, "", "fr", MONDAY_NOON), MONDAY_NOON);
  }

  @Test
  void onlyRulesWhoseConditionsTheMessageMeetsAreEvaluated() throws Exception {
    CompiledRuleSet set = compiler.compile(rules(List.of(
        "message.channel == \"email\" && message.subject.matches(\"(?i)urgent\")",
        "message.channel == \"sms\"",
        "customer.locale in [\"fr-FR\", \"fr-CA\"] && customer.pastConversations > 1",
        "customer.tags.exists(t, t == \"vip\")",
        "\"réclamation\" in customer.tags || message.text.contains(\"réclamation\")",
        "message.text.matches(\"(?i)\\\\brembours(e|ement)\")",
        "customer.locale.startsWith(\"en\") || message.language == \"en\"",
        "now.getHours(\"America/Montreal\") == 7 && !customer.hasOwner",
        "message.text.size() > 10 && customer.segment == \"CA\"",
        "customer.pastConversations > 1")));
    assertEquals(0, set.index().unindexed(), "every one of these conditions is read by the index");

    assertEquals(List.of("r1", "r2", "r5", "r7", "r9"),
        candidates(set, sms("Je veux être REMBOURSÉ, c'est la deuxième fois", List.of(), "fr-FR")));
    assertEquals(List.of("r1", "r3", "r4", "r7", "r9"),
        candidates(set, sms("Bonjour", List.of("vip", "réclamation"), "de-DE")));
  }

  @Test
  void conditionsWithMacrosTheIndexCannotReadAreEvaluatedForEveryMessage() throws Exception {
    CompiledRuleSet set = compiler.compile(rules(List.of(
        "customer.tags.exists(t, t.startsWith(\"vip\"))",
        "message.channel == \"sms\" || customer.tags.all(t, t != \"x\")",
        "message.channel == \"chat\"")));
    assertEquals(2, set.index().unindexed());
    assertEquals(List.of("r0", "r1"), candidates(set, sms("Mon colis", List.of(), "fr-FR")));
  }

  @Test
  void anyOtherTestOfTheFactsAloneIsComputedOnceForAllRules() throws Exception {
    CompiledRuleSet set = compiler.compile(rules(List.of(
        "message.channel != \"sms\"",
        "message.text.matches(\"colis|paquet\")",
        "message.text.matches(\"colis|paquet\") && customer.pastConversations > 5",
        "customer.pastConversations > 5")));
    assertEquals(0, set.index().unindexed());
    assertEquals(3, set.index().probes().size(), "the same test in two rules is computed once: " + set.index().probes());
    assertEquals(List.of("r1", "r2"), candidates(set, sms("Mon colis", List.of(), "fr-FR")));
  }

  @Test
  void aProbeThatFailsLetsItsRulesThrough() throws Exception {
    CompiledRuleSet set = compiler.compile(rules(List.of(
        "message.text.split(\" \")[3] == \"colis\"",
        "message.channel == \"voice\"")));
    // "Mon colis" has two words: the probe fails, so its rule is evaluated (and its error traced).
    assertEquals(List.of("r0"), candidates(set, sms("Mon colis", List.of(), "fr-FR")));
    Decision decision = new RoutingEngine().decide(set, sms("Mon colis", List.of(), "fr-FR"));
    assertTrue(decision.trace().get(0).outcome().startsWith("error:"), decision.trace().get(0).outcome());
    assertEquals("no match", decision.trace().get(1).outcome());
  }

  @Test
  void aLiteralEveryMatchContainsIsFoundInThePatternOrNothing() {
    assertEquals(Optional.of("keyword42"), RequiredLiteral.of("(?i)\\bkeyword42\\b"));
    assertEquals(Optional.of("commande "), RequiredLiteral.of("commande [0-9]+"));
    assertEquals(Optional.of("rembours"), RequiredLiteral.of("(?i)rembours(e|ement)?"));
    assertEquals(Optional.of("factur"), RequiredLiteral.of("factur(e|ation)s?"));
    assertEquals(Optional.of("urgent"), RequiredLiteral.of("urgent!*"), "a repeated character is not required");
    assertEquals(Optional.of("échéance."), RequiredLiteral.of("^échéance\\."));
    assertEquals(Optional.of("a.b"), RequiredLiteral.of("x\\d+a\\.b"));
    assertEquals(Optional.of("ab"), RequiredLiteral.of("abc?"), "c may be absent");
    assertEquals(Optional.of("ab"), RequiredLiteral.of("abc{0,2}"));
    assertEquals(Optional.empty(), RequiredLiteral.of("colis|paquet"), "an alternation has no required literal");
    assertEquals(Optional.empty(), RequiredLiteral.of("\\Qa.b\\E"));
    assertEquals(Optional.empty(), RequiredLiteral.of("\\pL+ 48"));
    assertEquals(Optional.empty(), RequiredLiteral.of("(?i:urgent) colis"));
    assertEquals(Optional.empty(), RequiredLiteral.of("[a-z]+\\d"));
    assertEquals(Optional.of("ok "), RequiredLiteral.of("(?i)ok Ωμέγα"), "(?i) keeps to letters folded like RE2 folds them");
    assertEquals(Optional.of("ok Ωμέγα"), RequiredLiteral.of("ok Ωμέγα"));
  }
}
