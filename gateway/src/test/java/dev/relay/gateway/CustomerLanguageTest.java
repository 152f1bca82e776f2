package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.connector.twilio.TwilioTestServer;
import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.TestGateway;
import dev.relay.gateway.support.TwilioGatewayTestCase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The language a customer writes in is known without asking: stored on every message, learnt as
 * their locale, and seen by routing rules, so the French example of docs/routing-rules.md routes
 * a French texter to an agent who speaks French.
 */
class CustomerLanguageTest extends TwilioGatewayTestCase {

  static final String ADMIN = TestGateway.ADMIN_TOKEN;
  /** The example of docs/routing-rules.md, word for word, and one on the customer's region. */
  static final String RULES = """
      version: 1
      rules:
        - name: french
          when: 'customer.locale.startsWith("fr") || message.language == "fr"'
          then: { languages: [fr] }
        - name: france
          when: 'customer.segment == "FR"'
          then: { priority: 7 }
      """;

  String agent(String name, String email, List<String> languages) {
    String token = gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", name).put("email", email)
        .put("languages", languages), 201).getString("token");
    gateway.presence(token, "online");
    return token;
  }

  JsonObject received(FrameSocket stream) {
    String conversation = stream.next(f -> "message.received".equals(f.getString("event")), "the text")
        .getJsonObject("data").getString("conversationId");
    return gateway.get("/api/conversations/" + conversation, ADMIN);
  }

  @Test
  void theDocumentedFrenchRuleSendsAFrenchTexterToTheAgentWhoSpeaksFrench() {
    HttpResponse<Buffer> saved = gateway.request(HttpMethod.PUT, "/api/admin/routing-rules", ADMIN, RULES,
        Map.of("Content-Type", "application/yaml", "If-Match", "\"1\""));
    assertEquals(200, saved.statusCode(), saved.bodyAsString());
    String olav = agent("Olav Audunsson", "olav@acme.test", List.of("en"));
    String elodie = agent("Élodie Tremblay", "elodie@acme.test", List.of("fr", "en"));
    gateway.presence(olav, "offline");
    FrameSocket elodieStream = gateway.stream(elodie);
    gateway.presence(olav, "online");
    FrameSocket olavStream = gateway.stream(olav);

    text("SM" + "1".repeat(32), "+33 6 12 34 56 78", "Bonjour, ma box ne marche plus depuis hier soir", TwilioTestServer.AUTH_TOKEN);
    JsonObject french = received(elodieStream);
    assertEquals(List.of("french", "france"), french.getJsonObject("conversation").getJsonObject("routing")
        .getJsonArray("matchedRules").getList(), "message.language is fr, customer.segment is FR");
    assertEquals("Élodie Tremblay", french.getJsonObject("owner").getString("name"));
    assertEquals("fr", french.getJsonArray("messages").getJsonObject(0).getJsonObject("attributes").getString("language"),
        "the language is kept with the message");
    assertEquals("fr-FR", french.getJsonObject("customer").getString("locale"),
        "and becomes the customer's, unknown till then, with their phone's country");

    text("SM" + "2".repeat(32), "+44 20 7946 0123", "Hi, my router has stopped working since last night",
        TwilioTestServer.AUTH_TOKEN);
    JsonObject english = received(olavStream);
    assertEquals(List.of(), english.getJsonObject("conversation").getJsonObject("routing").getJsonArray("matchedRules").getList());
    assertEquals("en", english.getJsonArray("messages").getJsonObject(0).getJsonObject("attributes").getString("language"));
    assertEquals("en-GB", english.getJsonObject("customer").getString("locale"));
    elodieStream.close();
    olavStream.close();
  }

  @Test
  void aWordOrTwoTeachesNothingAndTheBrowsersLanguageComesFirst() {
    agent("Kristin Lavransdatter", "kristin@acme.test", List.of("en"));
    ChatVisitor ok = gateway.newVisitor();
    String conversation = ok.say("ok").getString("conversationId");
    JsonObject detail = gateway.get("/api/conversations/" + conversation, ADMIN);
    assertEquals(null, detail.getJsonArray("messages").getJsonObject(0).getJsonObject("attributes").getString("language"));
    assertEquals(null, detail.getJsonObject("customer").getString("locale"), "nothing learnt from \"ok\"");
    String again = ok.say("Question").getString("conversationId");
    assertEquals(null, gateway.get("/api/conversations/" + again, ADMIN).getJsonObject("customer").getString("locale"),
        "a word that reads the same in French and English says nothing lasting about the customer");

    ChatVisitor quebec = gateway.visitor(new JsonObject().put("locale", "fr-CA"));
    String theirs = quebec.say("Hello, I need help with my order").getString("conversationId");
    JsonObject written = gateway.get("/api/conversations/" + theirs, ADMIN);
    assertEquals("en", written.getJsonArray("messages").getJsonObject(0).getJsonObject("attributes").getString("language"));
    assertEquals("fr-CA", written.getJsonObject("customer").getString("locale"), "the page's language, which they chose");
    ok.close();
    quebec.close();
  }
}
