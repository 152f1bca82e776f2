package dev.relay.gateway.survey;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Survey answers as customers type them on a phone, in French and English. */
class RatingsTest {

  @Test
  void aScoreIsReadHoweverItIsWritten() {
    Map<String, Integer> said = new LinkedHashMap<>();
    said.put("4", 4);
    said.put(" 5 ", 5);
    said.put("4/5", 4);
    said.put("4 / 5", 4);
    said.put("3 sur 5", 3);
    said.put("2 out of 5", 2);
    said.put("4 étoiles", 4);
    said.put("4 ETOILES", 4);
    said.put("1 étoile", 1);
    said.put("5 stars", 5);
    said.put("5 stars!", 5);
    said.put("4*", 4);
    said.put("quatre", 4);
    said.put("Cinq !", 5);
    said.put("une étoile", 1);
    said.put("four", 4);
    said.put("Five stars, thank you!", 5);
    said.put("★★★★", 4);
    said.put("★★★☆☆", 3);
    said.put("⭐️⭐️⭐️⭐️⭐️", 5);
    said.put("5 étoiles, merci !", 5);
    said.put("5 étoiles, merci\u202f!", 5);
    said.put("4, merci beaucoup", 4);
    said.forEach((text, score) -> assertEquals(Optional.of(score), Ratings.score(text), text));
  }

  @Test
  void anythingMoreIsAMessageForTheAgent() {
    for (String text : List.of("Merci, mais j'ai encore un souci avec la facture", "I would give 4 but the parcel is late",
        "4 jours que j'attends", "6", "0", "10/10", "4,5", "ok", "merci", "", "5 étoiles mais le colis est abîmé")) {
      assertEquals(Optional.empty(), Ratings.score(text), text);
    }
    assertEquals(Optional.empty(), Ratings.score(null));
  }
}
