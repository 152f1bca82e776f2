package dev.relay.gateway.texts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextCatalogueTest {

  private final Texts texts = Texts.bundled(Locale.ENGLISH);

  @Test
  void aCallbackIsConfirmedInTheCustomersLanguageTimeAndZone() {
    ZonedDateTime montreal = ZonedDateTime.of(2026, 3, 3, 10, 0, 0, 0, ZoneId.of("America/Toronto"));
    Map<String, Object> args = new LinkedHashMap<>(Texts.moment(montreal, Locale.CANADA_FRENCH));
    args.put("agent", "Kristin");
    assertEquals("Kristin vous rappellera mardi 3 mars à 10 h (heure de l’Est).",
        texts.format(Locale.CANADA_FRENCH, TextKey.CALLBACK_CONFIRMED, args));

    ZonedDateTime paris = ZonedDateTime.of(2026, 3, 3, 14, 30, 0, 0, ZoneId.of("Europe/Paris"));
    args = new LinkedHashMap<>(Texts.moment(paris, Locale.FRANCE));
    args.put("agent", "Élodie Tremblay");
    assertEquals("Élodie Tremblay vous rappellera mardi 3 mars à 14 h 30 (heure de Paris).",
        texts.format(Locale.FRANCE, TextKey.CALLBACK_CONFIRMED, args));

    args.put("agent", "Olav Audunsson");
    assertEquals("Olav Audunsson will call you Tuesday 3 March at 14:30 (your time).",
        texts.format(Locale.UK, TextKey.CALLBACK_CONFIRMED, args));
  }

  @Test
  void quebecWritesWithoutTheSpaceFranceLeavesBeforeAQuestionMark() {
    String france = texts.format(Locale.FRANCE, TextKey.SURVEY_QUESTION, Map.of("agent", "Élodie"));
    String quebec = texts.format(Locale.CANADA_FRENCH, TextKey.SURVEY_QUESTION, Map.of("agent", "Élodie"));
    assertTrue(france.contains("service\u202f?"), france);
    assertTrue(quebec.contains("service?"), quebec);
    // What Québec does not say differently comes from fr.
    assertEquals("Élodie vous répondra.", texts.format(Locale.CANADA_FRENCH, TextKey.NOTICE_AGENT_ANSWERS,
        Map.of("agent", "Élodie")));
    assertEquals("Clavarder avec nous", texts.widget(Locale.CANADA_FRENCH).get("launcher"));
    assertEquals("Discuter avec nous", texts.widget(Locale.FRANCE).get("launcher"));
    assertEquals("{agent} écrit…", texts.widget(Locale.FRANCE).get("typing"));
  }

  @Test
  void frenchIsWrittenInFrenchWithFrenchTypography() {
    TextCatalogue catalogue = texts.catalogue();
    for (TextKey key : TextKey.values()) {
      String france = catalogue.preview(Locale.FRANCE, key, null);
      String quebec = catalogue.preview(Locale.CANADA_FRENCH, key, null);
      if (key != TextKey.EMAIL_SIGNATURE) {
        assertTrue(!france.equals(catalogue.preview(Locale.ENGLISH, key, null)), key.key() + " is not translated: " + france);
      }
      for (Locale locale : List.of(Locale.FRANCE, Locale.CANADA_FRENCH)) {
        String message = catalogue.pattern(locale, key);
        assertTrue(!message.contains("'"), key.key() + ": a typographic apostrophe (’), ' is ICU's quote: " + message);
      }
      for (String text : List.of(france, quebec)) {
        assertTrue(!text.contains("\""), key.key() + ": « » rather than \": " + text);
        assertTrue(!text.matches("(?s).*[^\u00a0\\d]:.*"), key.key() + ": a no-break space before a colon: " + text);
      }
      assertTrue(!france.matches("(?s).*[^\u202f][?!;].*"), key.key() + ": France puts a narrow no-break space before ? ! ; : " + france);
      assertTrue(!quebec.matches("(?s).*\\s[?!;].*"), key.key() + ": Québec puts no space before ? ! ; : " + quebec);
    }
  }

  @Test
  void aLanguageRelayDoesNotSpeakGetsTheCompanys() {
    Texts french = Texts.bundled(Locale.FRENCH);
    assertEquals(Locale.FRENCH, french.localeOf("de-DE"));
    assertEquals(Locale.forLanguageTag("fr-CA"), french.localeOf("fr-CA"));
    assertEquals(Locale.forLanguageTag("en-GB"), french.localeOf("en-GB"));
    assertEquals(Locale.FRENCH, french.localeOf((String) null));
  }

  @Test
  void greetingsNameTheCustomerOnlyWhenTheNameIsKnown() {
    assertTrue(texts.format(Locale.FRENCH, TextKey.FOLLOW_UP_CHECK_IN,
        Map.of("named", "yes", "customer", "Léa", "agent", "Élodie")).startsWith("Bonjour Léa, ici Élodie."));
    assertTrue(texts.format(Locale.FRENCH, TextKey.FOLLOW_UP_CHECK_IN,
        Map.of("named", "no", "customer", "", "agent", "Élodie")).startsWith("Bonjour, ici Élodie."));
  }

  @Test
  void everyProblemOfAnOverrideIsNamed() {
    Map<String, String> broken = new LinkedHashMap<>();
    broken.put("notice.agentAnswers", "{agnt} vous répondra.");
    broken.put("survey.thanks", "Merci {");
    broken.put("notice.nothing", "Bonjour");
    broken.put("callback.confirmed", "{agent} vous rappellera {due, number}.");
    broken.put("survey.question", "Votre avis sur {agent}, de 1 à 5 ?");
    List<String> problems = TextCatalogue.problems(broken);
    assertEquals(4, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("notice.agentAnswers: [agnt] is not an argument of this text (it has [agent])"));
    assertTrue(problems.get(1).startsWith("survey.thanks: not a valid ICU message"));
    assertEquals("notice.nothing: no such text", problems.get(2));
    assertTrue(problems.get(3).startsWith("callback.confirmed: cannot be formatted"), problems.get(3));
  }
}
