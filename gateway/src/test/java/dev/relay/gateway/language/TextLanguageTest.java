package dev.relay.gateway.language;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The language of what customers really send: short texts, chat lines, the start of an e-mail. */
class TextLanguageTest {

  private static TextLanguage language;

  @BeforeAll
  static void load() {
    Vertx vertx = Vertx.vertx();
    language = TextLanguage.load(vertx).await();
    vertx.close();
  }

  @Test
  void shortFrenchAndEnglishMessagesAreTold() {
    Map<String, String> said = new LinkedHashMap<>();
    said.put("Bonjour, ma commande n'est toujours pas arrivée", "fr");
    said.put("Hi, my order still hasn't arrived", "en");
    said.put("Rappelez-moi svp", "fr");
    said.put("Please call me back", "en");
    said.put("Merci, mais j'ai encore un souci avec la facture", "fr");
    said.put("Thanks, but I still have a problem with the invoice", "en");
    said.put("Mon colis est en retard", "fr");
    said.put("My parcel is late", "en");
    said.put("Est-ce que je peux changer l'adresse de livraison ?", "fr");
    said.put("Can I change the delivery address?", "en");
    said.put("Allô, ça marche toujours pas chez nous depuis hier soir", "fr");
    said.put("The router keeps dropping the connection since last night", "en");
    said.put("Je voudrais annuler mon abonnement", "fr");
    said.put("I'd like to cancel my subscription", "en");
    said.put("Merci", "fr");
    said.put("Thanks!", "en");
    said.put("Salut", "fr");
    said.put("Hello", "en");
    said.forEach((text, expected) -> assertEquals(Optional.of(expected), language.of(text), text));
  }

  @Test
  void theStartOfAnEmailIsEnough() {
    String french = """
        Bonjour Madame,

        Je reviens vers vous au sujet de la facture n° 2026-0412 du 3 mars : le montant prélevé (89,90 €)
        ne correspond pas au devis que vous m'aviez envoyé. Pourriez-vous vérifier et me rembourser la différence ?

        Cordialement,
        Élodie Tremblay
        """;
    String english = """
        Hello,

        I am writing about invoice 2026-0412 dated 3 March: the amount charged (€89.90) does not match the
        quote you sent me. Could you please check and refund the difference?

        Best regards,
        Ann Example
        """;
    assertEquals(Optional.of("fr"), language.of(french));
    assertEquals(Optional.of("en"), language.of(english));
    assertEquals(Optional.of("fr"), language.of(french.repeat(50)), "a long mail is read from its start");
  }

  @Test
  void whatCannotBeToldIsUnknownNotGuessed() {
    for (String text : new String[] {"ok", "OK", "no", "4", "4/5", "+33 6 98 76 54 32", "👍", "", "   ",
        "https://acme.test/orders/12345", "ann.example@example.com"}) {
      assertEquals(Optional.empty(), language.of(text), text);
    }
    assertEquals(Optional.empty(), language.of(null));
  }
}
