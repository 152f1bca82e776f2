package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.connector.twilio.TwilioTestServer;
import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.TestGateway;
import dev.relay.gateway.support.TwilioGatewayTestCase;
import dev.relay.gateway.support.Await;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The dedicated-agent journey for French-speaking customers, in France and in Québec: every word
 * Relay writes to them is French, dates and times as they write them, in their own time zone.
 * The clock starts on Monday 2 March 2026, 09:00 UTC (10:00 in Paris, 04:00 in Montréal).
 */
class FrenchJourneyTest extends TwilioGatewayTestCase {

  static final String ADMIN = TestGateway.ADMIN_TOKEN;
  static final String ELODIE_PHONE = "+33144556677";
  static final String MONTREAL_TEXTER = "+15149876543";

  String elodie;

  String agent(String name, String email, String phone) {
    String token = gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", name).put("email", email)
        .put("phone", phone), 201).getString("token");
    gateway.presence(token, "online");
    return token;
  }

  String noticeText(ChatVisitor visitor) {
    return visitor.notice().getString("text");
  }

  @Test
  void aVisitorFromFranceHearsEverythingInFrenchWithParisDates() {
    elodie = agent("Élodie Tremblay", "elodie@acme.test", ELODIE_PHONE);
    ChatVisitor lea = gateway.visitor(new JsonObject().put("name", "Léa").put("timezone", "Europe/Paris")
        .put("locale", "fr-FR"));
    String conversation = lea.say("Bonjour, ma commande n’est toujours pas arrivée.").getString("conversationId");
    assertEquals("Élodie Tremblay vous répondra.", noticeText(lea));

    // Élodie promises a call tomorrow at 9:00 UTC: 10 h in Paris, said the French way.
    gateway.post("/api/conversations/" + conversation + "/callbacks", elodie,
        new JsonObject().put("at", "2026-03-03T09:00:00Z").put("phone", "+33 6 98 76 54 32"), 201);
    assertEquals("Élodie Tremblay vous rappellera mardi 3 mars à 10 h (heure de Paris).", noticeText(lea));
    gateway.post("/api/conversations/" + conversation + "/callbacks", elodie,
        new JsonObject().put("at", "2026-03-03T13:30:00Z").put("phone", "06 98 76 54 32".replaceFirst("^0", "+33 ")), 201);
    assertEquals("Élodie Tremblay vous rappellera mardi 3 mars à 14 h 30 (heure de Paris).", noticeText(lea),
        "minutes when the time is not on the hour");

    gateway.post("/api/conversations/" + conversation + "/resolve", elodie, null, 200);
    assertEquals("Merci pour votre échange avec Élodie Tremblay. Qu’avez-vous pensé de notre service\u202f? "
        + "Répondez par une note de 1 (mauvais) à 5 (excellent).", noticeText(lea), "French spacing before ?");
    lea.say("5");
    assertEquals("Merci pour votre réponse.", noticeText(lea));
    assertEquals(5, gateway.get("/api/conversations/" + conversation, elodie).getJsonObject("conversation")
        .getJsonObject("satisfaction").getInteger("score"));

    // A week later Élodie checks in; Léa has no phone of her own, so it is written, in French.
    gateway.clock.advance(Duration.ofDays(7));
    gateway.runDueJobs();
    JsonObject checkIn = lea.reply();
    assertEquals("Bonjour Léa, ici Élodie Tremblay. Nous avons réglé votre demande il y a quelque temps\u00a0: "
        + "tout va-t-il toujours bien\u202f? Si quelque chose ne va pas, répondez-moi simplement ici.",
        checkIn.getString("text"));
    lea.close();
  }

  @Test
  void aTexterFromQuebecIsWrittenToInQuebecFrenchFromTheFirstAnswerAndTheAgentCanSetIt() {
    elodie = agent("Élodie Tremblay", "elodie@acme.test", ELODIE_PHONE);
    FrameSocket stream = gateway.stream(elodie);
    text("SM" + "7".repeat(32), MONTREAL_TEXTER, "Bonjour, mon modem ne fonctionne plus", TwilioTestServer.AUTH_TOKEN);
    String conversation = stream.next(f -> "message.received".equals(f.getString("event")), "the text")
        .getJsonObject("data").getString("conversationId");
    assertEquals("Élodie Tremblay vous répondra.", textStartingWith("Élodie Tremblay vous"),
        "the text reads as French and the number is Montréal's: Québec French from the first answer");

    HttpResponse<Buffer> refused = gateway.request(HttpMethod.PUT, "/api/conversations/" + conversation
        + "/customer/locale", elodie, new JsonObject().put("locale", "pas une langue"));
    assertEquals(422, refused.statusCode());
    assertTrue(refused.bodyAsString().contains("locale: not a BCP 47 language tag"), refused.bodyAsString());
    JsonObject customer = gateway.request(HttpMethod.PUT, "/api/conversations/" + conversation + "/customer/locale",
        elodie, new JsonObject().put("locale", "fr_CA")).bodyAsJsonObject();
    assertEquals("fr-CA", customer.getString("locale"));
    assertEquals("fr-CA", gateway.get("/api/conversations/" + conversation, elodie).getJsonObject("customer")
        .getString("locale"), "the desk shows it on the profile");
    assertTrue(gateway.get("/api/admin/audit", ADMIN).encode().contains("customer.locale"), "audited");

    // 14:00 UTC is 9 h in Montréal (UTC-5 until 8 March).
    gateway.post("/api/conversations/" + conversation + "/callbacks", elodie,
        new JsonObject().put("at", "2026-03-03T14:00:00Z"), 201);
    assertEquals("Élodie Tremblay vous rappellera mardi 3 mars à 9 h (heure de l’Est).",
        textStartingWith("Élodie Tremblay vous rappellera"));
    gateway.post("/api/conversations/" + conversation + "/resolve", elodie, null, 200);
    assertEquals("Merci pour votre échange avec Élodie Tremblay. Qu’avez-vous pensé de notre service? Répondez par une "
        + "note de 1 (mauvais) à 5 (excellent).", textStartingWith("Merci pour"),
        "Québec puts no space before ?");
    stream.close();
  }

  /** The body of the text sent through Twilio that starts with {@code start}, once it is sent. */
  private String textStartingWith(String start) {
    Promise<String> sent = Promise.promise();
    long poll = gateway.vertx().setPeriodic(20, id -> twilio.requests().stream()
        .filter(r -> r.path().endsWith("/Messages.json")).map(r -> r.form().getOrDefault("Body", ""))
        .filter(body -> body.startsWith(start)).findFirst().ifPresent(sent::tryComplete));
    try {
      return Await.result(sent.future());
    } finally {
      gateway.vertx().cancelTimer(poll);
    }
  }
}
