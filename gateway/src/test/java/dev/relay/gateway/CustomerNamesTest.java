package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.relay.connector.spi.Address;
import dev.relay.connector.twilio.TwilioTestServer;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.Eventually;
import dev.relay.gateway.support.TwilioGatewayTestCase;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Customers are shown by the best name known, not "Visitor": the name they gave (the widget asks it
 * when the company wants, the company's site gives its signed-in user's, a mail's From), else their
 * number as it is written in its country, else their e-mail address.
 */
class CustomerNamesTest extends TwilioGatewayTestCase {

  String kristin;

  @BeforeEach
  void agent() {
    kristin = gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
  }

  /** The name Kristin's conversation list shows for the customer who wrote last. */
  private String listedName() {
    return gateway.get("/api/conversations", kristin).getJsonArray("items").getJsonObject(0)
        .getJsonObject("customer").getString("name");
  }

  @Test
  void aTexterIsShownByTheirNumberAsPeopleOfTheirCountryWriteIt() {
    assertEquals(200, text("SM" + "a".repeat(32), "+33698765432", "Bonjour, ma box ne marche plus", TwilioTestServer.AUTH_TOKEN)
        .statusCode());
    Eventually.get(() -> gateway.get("/api/conversations", kristin).getJsonArray("items").isEmpty() ? null : true, "listed");
    assertEquals("06 98 76 54 32", listedName());
  }

  @Test
  void aQuebecTexterIsShownTheQuebecWay() {
    assertEquals(200, text("SM" + "b".repeat(32), "+15145550199", "Bonjour, mon modem ne fonctionne plus", TwilioTestServer.AUTH_TOKEN)
        .statusCode());
    Eventually.get(() -> gateway.get("/api/conversations", kristin).getJsonArray("items").isEmpty() ? null : true, "listed");
    assertEquals("(514) 555-0199", listedName());
  }

  @Test
  void anEmailWithoutADisplayNameIsShownByItsAddressAndANamedOneByItsName() {
    Instant now = Instant.parse("2026-03-02T09:00:00Z");
    assertEquals("elodie.gagnon@example.fr",
        Customer.first("cus_1", new Address(Address.EMAIL, "elodie.gagnon@example.fr"), null, now).displayName());
    assertEquals("Élodie Gagnon",
        Customer.first("cus_2", new Address(Address.EMAIL, "elodie.gagnon@example.fr"), "Élodie Gagnon", now).displayName());
    assertNull(Customer.first("cus_3", new Address(Address.CHAT, "v_1"), null, now).displayName(),
        "an anonymous visitor who gave no name: the desk names them in the agent's language");
  }

  @Test
  void theSitesSignedInUsersNameAndEmailReachTheProfile() throws Exception {
    JsonObject identity = new JsonObject().put("userId", "u-4512").put("name", "Élodie Gagnon")
        .put("email", "elodie.gagnon@example.fr").put("signature", sign("userId:u-4512"));
    try (ChatVisitor elodie = gateway.visitor(new JsonObject().put("identity", identity))) {
      elodie.say("Bonjour, ma commande n° 4512 n’est pas arrivée");
    }
    assertEquals("Élodie Gagnon", listedName());
    String id = gateway.get("/api/conversations", kristin).getJsonArray("items").getJsonObject(0)
        .getJsonObject("conversation").getString("id");
    assertEquals("elodie.gagnon@example.fr", gateway.get("/api/conversations/" + id, kristin).getJsonObject("customer")
        .getJsonObject("claims").getString("email"), "shown to her agent as what the site says");
  }

  @Test
  void aKnownCustomerWithoutANameGetsTheOneTheSiteGivesLater() throws Exception {
    JsonObject anonymous = new JsonObject().put("userId", "u-77").put("signature", sign("userId:u-77"));
    try (ChatVisitor first = gateway.visitor(new JsonObject().put("identity", anonymous))) {
      first.say("Bonjour");
    }
    assertNull(listedName(), "no name yet");
    try (ChatVisitor named = gateway.visitor(new JsonObject().put("identity", anonymous.copy().put("name", "Jean Tremblay")))) {
      assertEquals(0, named.welcome().getJsonArray("earlier").size(), "her first chat is still open");
    }
    assertEquals("Jean Tremblay", listedName());
  }

  private static String sign(String what) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SITE_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(what.getBytes(StandardCharsets.UTF_8)));
  }
}
