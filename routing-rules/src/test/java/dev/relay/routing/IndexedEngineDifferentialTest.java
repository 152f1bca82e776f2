package dev.relay.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The indexed engine (index, regular expressions compiled once) against the plain one (every rule
 * evaluated with CEL's own functions) on generated rule sets and messages: every decision, trace
 * and error text included, must be the same. The conditions mix what the index reads with what it
 * cannot and with what fails at run time; the messages are French and English, with accents.
 */
class IndexedEngineDifferentialTest {

  private static final long SEED = 20261202L;
  private static final int RULE_SETS = 400;
  private static final int MESSAGES_PER_SET = 25;

  private static final List<String> CHANNELS = List.of("chat", "email", "sms", "voice");
  private static final List<String> LANGUAGES = List.of("fr", "en", "es", "");
  private static final List<String> LOCALES = List.of("fr-FR", "fr-CA", "en-CA", "en-US", "de-DE", "", "FR-fr");
  private static final List<String> TAGS = List.of("vip", "VIP", "gold", "newsletter", "réclamation", "été", "");
  private static final List<String> SEGMENTS = List.of("FR", "CA", "");
  private static final List<String> IDENTITIES = List.of("email:anne.lefevre@exemple.fr", "sms:+33698765432",
      "sms:+15145550123", "chat:v_1");
  private static final List<String> TEXTS = List.of(
      "Bonjour, je voudrais être remboursé pour ma commande 48213, le colis n'est jamais arrivé.",
      "Ma facture de février est erronée : j'ai été facturé deux fois. Merci de corriger.",
      "URGENT — colis pas reçu depuis le 3 mars, numéro de suivi FR-7781",
      "Hello, I need help with my invoice #4471, the amount is wrong",
      "ÉCHÉANCE dépassée ? Je n'ai reçu aucun courriel de rappel.",
      "Allô, pouvez-vous me rappeler au 06 98 76 54 32 après 18 h ?",
      "Straße, ſtop, \u212Aelvin (the Kelvin sign), µ-Gerät: letters (?i) folds oddly",
      "STOP", "ARRET", "aide", "", "ok");
  private static final List<String> SUBJECTS = List.of("", "Re: Votre commande 48213", "Facture / Invoice",
      "Urgent !", "TR: réclamation", "3");
  private static final List<String> WORDS = List.of("rembours", "facture", "FACTURE", "colis", "invoice", "été",
      "ÉTÉ", "urgent", "reçu", "échéance", "48213", "k", "K", "stop", "Straße", "STRASSE", "µ", "appel", "x");
  private static final List<String> PATTERNS = List.of("(?i)\\\\brembours(e|ement)?", "commande [0-9]+",
      "(?i)fact?ure", "colis|paquet", "^Bonjour", "(?i)ÉTÉ", "reçu\\\\b", "a{2,3}", "\\\\d{5}", "urgent!*",
      "(?i)strasse", "(?i)KELVIN k", "(?i)ſtop", "(?i)stop", "(?i)kelvin", "\\\\.", "[Ff]acture", "(?i)(échéance|retard)", "(?i:urgent) colis",
      "(", "(?i)x", "FR-\\\\d+", "^$", "(?s).*", "\\\\Qa.b\\\\E", "\\\\pL+ 48213", "é+t", "rappel(er)? au");

  // Without the save-time cost limit, as stored sets load: conditions over the budget are not indexed.
  private final RuleCompiler indexed = new RuleCompiler(Long.MAX_VALUE);
  private final RuleCompiler plain = new RuleCompiler(Long.MAX_VALUE, false);
  private final RoutingEngine engine = new RoutingEngine();

  @Test
  void theIndexedEngineDecidesAsThePlainOneOnGeneratedRuleSetsAndMessages() throws Exception {
    Random random = new Random(SEED);
    int decisions = 0;
    int matched = 0;
    int errors = 0;
    int rules = 0;
    int leftOut = 0;
    for (int set = 0; set < RULE_SETS; set++) {
      String source = ruleSet(random, 1 + random.nextInt(40));
      CompiledRuleSet fast = indexed.compile(source);
      CompiledRuleSet reference = plain.compile(source);
      for (int m = 0; m < MESSAGES_PER_SET; m++) {
        RoutingFacts facts = facts(random);
        Decision expected = engine.decide(reference, facts);
        assertEquals(expected, engine.decide(fast, facts), () -> "rule set " + source + "\nfacts " + facts);
        decisions++;
        boolean[] candidates = fast.index().candidates(ContextTypes.activation(facts));
        rules += candidates.length;
        for (boolean candidate : candidates) {
          leftOut += candidate ? 0 : 1;
        }
        matched += expected.matchedRules().size();
        errors += (int) expected.trace().stream().filter(s -> s.outcome().startsWith("error")).count();
      }
    }
    // The generator is worth something only if rules match, miss and fail.
    assertTrue(matched > decisions, "matches: " + matched);
    assertTrue(errors > decisions / 10, "errors: " + errors);
    assertTrue(leftOut > rules / 3, "the index left out " + leftOut + " of " + rules + " rule evaluations");
  }

  static String ruleSet(Random random, int count) {
    StringBuilder yaml = new StringBuilder("version: 1\nrules:\n");
    for (int i = 0; i < count; i++) {
      yaml.append("  - name: r").append(i).append("\n    when: '").append(condition(random, 0).replace("'", "''"))
          .append("'\n    then: { team: t").append(random.nextInt(5)).append(", priority: ").append(random.nextInt(10))
          .append(", skills: [s").append(random.nextInt(4)).append("]")
          .append(random.nextInt(12) == 0 ? ", stop: true" : "").append(" }\n");
    }
    return yaml.toString();
  }

  private static String condition(Random random, int depth) {
    int pick = random.nextInt(depth >= 2 ? 10 : 14);
    return switch (pick) {
      case 10, 11 -> "(" + condition(random, depth + 1) + ") && (" + condition(random, depth + 1) + ")";
      case 12 -> "(" + condition(random, depth + 1) + ") || (" + condition(random, depth + 1) + ")";
      case 13 -> "!(" + condition(random, depth + 1) + ")";
      default -> atom(random);
    };
  }

  private static String atom(Random random) {
    return switch (random.nextInt(24)) {
      case 0 -> "message.channel == " + q(any(random, CHANNELS));
      case 1 -> q(any(random, CHANNELS)) + " == message.channel";
      case 2 -> "message.language in [" + q(any(random, LANGUAGES)) + ", " + q(any(random, LANGUAGES)) + "]";
      case 3 -> q(any(random, TAGS)) + " in customer.tags";
      case 4 -> "customer.tags.exists(t, t == " + q(any(random, TAGS)) + ")";
      case 5 -> "customer.locale." + any(random, List.of("startsWith", "endsWith", "contains")) + "("
          + q(any(random, List.of("fr", "CA", "en-", "FR", "x1"))) + ")";
      case 6 -> "message." + any(random, List.of("text", "subject")) + ".contains(" + q(any(random, WORDS)) + ")";
      case 7, 8 -> "message." + any(random, List.of("text", "subject")) + ".matches(\"" + any(random, PATTERNS) + "\")";
      case 9 -> "matches(message.text, \"" + any(random, PATTERNS) + "\")";
      case 10 -> random.nextBoolean() ? "customer.hasOwner" : "!customer.hasOwner";
      case 11 -> "customer.pastConversations " + any(random, List.of(">", "==", "<=")) + " " + random.nextInt(4);
      case 12 -> "now.getHours(" + q(any(random, List.of("Europe/Paris", "America/Montreal"))) + ") == "
          + random.nextInt(24);
      case 13 -> "customer.segment == " + q(any(random, SEGMENTS));
      case 14 -> "customer.lastSatisfaction <= " + (1 + random.nextInt(5)) + ".0";
      case 15 -> "message.text.split(\" \")[" + random.nextInt(6) + "] == " + q(any(random, List.of("je", "Ma", "colis")));
      case 16 -> "int(message.subject) > 2";
      case 17 -> "message.text.matches(message.subject)";
      case 18 -> "message.text.lowerAscii().contains(" + q(any(random, WORDS)) + ")";
      case 19 -> "customer.identities.exists(i, i.startsWith(" + q(any(random, List.of("sms:", "email:", "sms:+1"))) + "))";
      case 20 -> "size(message.text) > " + 20 * random.nextInt(5);
      case 21 -> "customer.tags.exists(t, t == message.language)";
      case 22 -> "message.subject == " + q(any(random, SUBJECTS));
      default -> random.nextBoolean() ? "true" : "false";
    };
  }

  static RoutingFacts facts(Random random) {
    Instant now = Instant.parse("2026-03-02T00:00:00Z").plus(Duration.ofMinutes(random.nextInt(7 * 24 * 60)));
    String text = any(random, TEXTS);
    if (random.nextInt(4) == 0) {
      text = text + " " + any(random, TEXTS);
    }
    return new RoutingFacts(
        new RoutingFacts.CustomerFacts("cus_" + random.nextInt(100), some(random, TAGS), any(random, LOCALES),
            any(random, List.of("Europe/Paris", "America/Toronto", "")), any(random, SEGMENTS), some(random, IDENTITIES),
            random.nextBoolean(), random.nextInt(4), random.nextBoolean() ? null : (double) (1 + random.nextInt(5))),
        new RoutingFacts.MessageFacts(any(random, CHANNELS), text, any(random, SUBJECTS), any(random, LANGUAGES), now),
        now);
  }

  private static String q(String text) {
    return "\"" + text + "\"";
  }

  private static String any(Random random, List<String> from) {
    return from.get(random.nextInt(from.size()));
  }

  private static List<String> some(Random random, List<String> from) {
    List<String> picked = new ArrayList<>();
    for (String item : from) {
      if (random.nextInt(3) == 0) {
        picked.add(item);
      }
    }
    return picked;
  }
}
