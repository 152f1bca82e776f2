package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.connector.twilio.TwilioTestServer;
import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.Eventually;
import dev.relay.gateway.support.TestGateway;
import dev.relay.gateway.support.TwilioGatewayTestCase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A company in Québec (company.region CA, fr-CA): North American numbers as people write them, on every path. */
class QuebecNumbersTest extends TwilioGatewayTestCase {

  static final String ADMIN = TestGateway.ADMIN_TOKEN;
  String kristin;

  @Override
  protected Map<String, String> extraEnv() {
    return Map.of("RELAY_COMPANY_REGION", "CA", "RELAY_COMPANY_LOCALE", "fr-CA");
  }

  @BeforeEach
  void agentWithAMontrealPhone() {
    JsonObject created = gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", "Kristin Lavransdatter")
        .put("email", "kristin@acme.test").put("phone", "(514) 555-0100"), 201);
    assertEquals("+15145550100", created.getJsonObject("agent").getString("phone"), "read in company.region");
    kristin = created.getString("token");
    gateway.atDesk(kristin);
  }

  JsonArray callbacks() {
    return gateway.get("/api/admin/jobs?kind=callback&state=pending", ADMIN).getJsonArray("items");
  }

  @Test
  void theWidgetTakesMontrealNumbersAsWrittenAndExplainsOthersInQuebecFrench() {
    ChatVisitor visitor = gateway.visitor(new JsonObject().put("locale", "fr-CA").put("timezone", "America/Toronto"));
    visitor.say("J'aimerais qu'on me rappelle");
    visitor.socket.send(new JsonObject().put("type", "callback.request").put("clientId", "cb-0").put("phone", "555-01"));
    JsonObject refused = visitor.socket.next("error");
    assertEquals("invalid_phone", refused.getString("code"));
    assertTrue(refused.getString("text").startsWith("Le numéro «\u00a0555-01\u00a0» est trop court. Vérifiez-le, par exemple "),
        refused.getString("text"));
    assertEquals(0, callbacks().size(), "nothing scheduled");

    for (String typed : List.of("(514) 555-0199", "514 555 0199", "+1 514-555-0199", "1 514 555 0199")) {
      String clientId = "cb-" + typed.hashCode();
      visitor.socket.send(new JsonObject().put("type", "callback.request").put("clientId", clientId).put("phone", typed));
      assertEquals(clientId, visitor.socket.next("ack").getString("clientId"), typed);
      JsonArray jobs = callbacks();
      assertEquals(1, jobs.size(), typed + ": the latest request replaces the one before");
      assertEquals("+15145550199", jobs.getJsonObject(0).getJsonObject("payload").getString("phone"), typed);
    }
    visitor.close();
  }

  @Test
  void theAgentAndAdminApisReadCanadianNumbers() {
    ChatVisitor visitor = gateway.newVisitor();
    String conversation = visitor.say("Pouvez-vous m'appeler au bureau?").getString("conversationId");
    HttpResponse<Buffer> refused = gateway.request(HttpMethod.POST, "/api/conversations/" + conversation + "/callbacks",
        kristin, new JsonObject().put("phone", "(514) 555"));
    assertEquals(422, refused.statusCode());
    assertEquals(List.of("phone: too short for a phone number (read as a number of CA)"),
        refused.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").getList());
    JsonObject job = gateway.post("/api/conversations/" + conversation + "/callbacks", kristin,
        new JsonObject().put("phone", "438 555-0123"), 201);
    assertEquals("+14385550123", job.getJsonObject("payload").getString("phone"));

    String customer = gateway.get("/api/conversations/" + conversation, kristin).getJsonObject("customer").getString("id");
    JsonObject linked = gateway.post("/api/admin/customers/" + customer + "/identities", ADMIN,
        new JsonObject().put("kind", "phone").put("value", "(418) 555-0147"), 200);
    assertTrue(linked.getJsonArray("identities").stream().map(JsonObject.class::cast)
        .anyMatch(i -> "+14185550147".equals(i.getString("value"))), linked.encode());
    visitor.close();
  }

  @Test
  void aideFromACanadianNumberIsAnsweredInQuebecFrench() {
    String number = "+15145550142";
    text("SM" + "7".repeat(32), number, "Aide", TwilioTestServer.AUTH_TOKEN);
    String help = Eventually.get(() -> twilio.requests().stream().filter(r -> r.path().endsWith("/Messages.json")
        && number.equals(r.form().get("To")) && r.form().get("Body").startsWith("Service à la clientèle")).findFirst()
        .map(r -> r.form().get("Body")).orElse(null), "AIDE answered");
    assertTrue(help.contains("Pour ne plus recevoir de textos, répondez ARRET."), help);
  }
}
