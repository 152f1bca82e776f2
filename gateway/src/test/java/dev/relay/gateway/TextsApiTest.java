package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Admins word the customer-facing texts per locale: checked, versioned, audited, and used at once. */
class TextsApiTest extends GatewayTestCase {

  static final String ADMIN = TestGateway.ADMIN_TOKEN;
  String kristin;

  @BeforeEach
  void agent() {
    kristin = gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
  }

  private ChatVisitor frenchVisitor() {
    return gateway.visitor(new JsonObject().put("locale", "fr-FR").put("timezone", "Europe/Paris"));
  }

  private static String text(JsonObject texts, String key) {
    return texts.getJsonArray("texts").stream().map(JsonObject.class::cast).filter(t -> key.equals(t.getString("key")))
        .findFirst().orElseThrow().getString("text");
  }

  @Test
  void anOverrideIsUsedAtOnceForTheNextCustomerAndTheWidget() {
    JsonObject fr = gateway.get("/api/admin/texts/fr", ADMIN);
    assertEquals(0, fr.getLong("version"), "nothing overridden yet");
    assertEquals("{agent} vous répondra.", text(fr, "notice.agentAnswers"));
    ChatVisitor before = frenchVisitor();
    before.say("Bonjour, j’ai une question sur ma facture.");
    assertEquals("Kristin Lavransdatter vous répondra.", before.notice().getString("text"));

    HttpResponse<Buffer> saved = gateway.request(HttpMethod.PUT, "/api/admin/texts/fr", ADMIN, new JsonObject()
        .put("overrides", new JsonObject()
            .put("notice.agentAnswers", "Bonjour\u00a0! {agent} a bien reçu votre message et vous répond très vite.")
            .put("widget.launcher", "Une question\u202f? Écrivez-nous"))
        .put("note", "ton plus chaleureux"));
    assertEquals(200, saved.statusCode(), saved.bodyAsString());
    assertEquals("\"1\"", saved.getHeader("ETag"));
    assertEquals("{agent} vous répondra.", saved.bodyAsJsonObject().getJsonArray("texts").stream()
        .map(JsonObject.class::cast).filter(t -> "notice.agentAnswers".equals(t.getString("key"))).findFirst()
        .orElseThrow().getString("shipped"), "the shipped words stay visible next to the override");

    ChatVisitor after = frenchVisitor();
    after.say("Bonjour, ma livraison est en retard.");
    assertEquals("Bonjour\u00a0! Kristin Lavransdatter a bien reçu votre message et vous répond très vite.",
        after.notice().getString("text"));
    JsonObject widget = gateway.request(HttpMethod.GET, "/chat/texts?locale=fr-FR,fr", null, null).bodyAsJsonObject();
    assertEquals("fr-FR", widget.getString("locale"));
    assertEquals("Une question\u202f? Écrivez-nous", widget.getJsonObject("texts").getString("launcher"));
    JsonObject quebec = gateway.request(HttpMethod.GET, "/chat/texts?locale=fr-CA", null, null).bodyAsJsonObject();
    assertEquals("Clavarder avec nous", quebec.getJsonObject("texts").getString("launcher"),
        "Québec keeps the words it ships for itself");
    ChatVisitor montreal = gateway.visitor(new JsonObject().put("locale", "fr-CA"));
    montreal.say("Allô, mon forfait ne fonctionne plus.");
    assertTrue(montreal.notice().getString("text").endsWith("a bien reçu votre message et vous répond très vite."),
        "what Québec does not word for itself comes from fr, overrides included");
  }

  @Test
  void aBrokenOverrideIsRefusedWithEveryProblemAndChangesNothing() {
    gateway.request(HttpMethod.PUT, "/api/admin/texts/fr", ADMIN, new JsonObject().put("overrides",
        new JsonObject().put("survey.thanks", "Merci beaucoup pour votre réponse.")));
    HttpResponse<Buffer> refused = gateway.request(HttpMethod.PUT, "/api/admin/texts/fr", ADMIN, new JsonObject()
        .put("overrides", new JsonObject()
            .put("survey.thanks", "Merci {")
            .put("notice.agentAnswers", "{agnt} vous répondra.")
            .put("notice.bienvenue", "Bienvenue")
            .put("survey.question", 5)
            .put("callback.confirmed", "{agent} vous rappellera {due, number}.")));
    assertEquals(422, refused.statusCode());
    List<String> details = refused.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").stream()
        .map(String.class::cast).toList();
    assertEquals(5, details.size(), details.toString());
    for (String expected : List.of("overrides.survey.question: must be a string",
        "overrides.survey.thanks: not a valid ICU message", "overrides.notice.agentAnswers: [agnt] is not an argument",
        "overrides.notice.bienvenue: no such text", "overrides.callback.confirmed: cannot be formatted")) {
      assertTrue(details.stream().anyMatch(d -> d.startsWith(expected)), expected + " in " + details);
    }
    JsonObject fr = gateway.get("/api/admin/texts/fr", ADMIN);
    assertEquals(1, fr.getLong("version"), "nothing was saved");
    assertEquals("Merci beaucoup pour votre réponse.", fr.getJsonObject("overrides").getString("survey.thanks"));
    assertEquals("{agent} vous répondra.", text(fr, "notice.agentAnswers"));
    ChatVisitor visitor = frenchVisitor();
    visitor.say("Bonjour\u00a0!");
    assertEquals("Kristin Lavransdatter vous répondra.", visitor.notice().getString("text"), "customers see no change");
  }

  @Test
  void versionsAreKeptAuditedAndRestorableAndOnlyAdminsChangeThem() {
    JsonObject first = new JsonObject().put("overrides", new JsonObject().put("survey.thanks", "Merci infiniment\u202f!"));
    assertEquals(200, gateway.request(HttpMethod.PUT, "/api/admin/texts/fr-ca", ADMIN, first).statusCode(),
        "the tag's case does not matter");
    HttpResponse<Buffer> stale = gateway.request(HttpMethod.PUT, "/api/admin/texts/fr-CA", ADMIN,
        new JsonObject().put("overrides", new JsonObject()), java.util.Map.of("If-Match", "\"0\""));
    assertEquals(409, stale.statusCode(), "an editor who saw version 0 does not overwrite version 1");
    assertEquals(200, gateway.request(HttpMethod.PUT, "/api/admin/texts/fr-CA", ADMIN,
        new JsonObject().put("overrides", new JsonObject()), java.util.Map.of("If-Match", "\"1\"")).statusCode());
    JsonArray versions = gateway.get("/api/admin/texts/fr-CA/versions", ADMIN).getJsonArray("items");
    assertEquals(List.of(2, 1), versions.stream().map(v -> ((JsonObject) v).getInteger("version")).toList());
    JsonObject restored = gateway.post("/api/admin/texts/fr-CA/versions/1/restore", ADMIN, null, 200);
    assertEquals(3, restored.getLong("version"));
    assertEquals("Merci infiniment\u202f!", restored.getJsonObject("overrides").getString("survey.thanks"));
    assertTrue(gateway.get("/api/admin/audit", ADMIN).encode().contains("texts.saved"), "audited");

    JsonObject preview = gateway.post("/api/admin/texts/fr/preview", ADMIN, new JsonObject()
        .put("key", "callback.confirmed").put("text", "{agent} vous appellera {due, date, ::MMMMEEEEd}."), 200);
    assertEquals("Élodie Gagnon vous appellera mardi 3 mars.", preview.getString("preview"));
    assertEquals(422, gateway.request(HttpMethod.POST, "/api/admin/texts/fr/preview", ADMIN,
        new JsonObject().put("key", "survey.thanks").put("text", "{oups")).statusCode());

    assertEquals(404, gateway.request(HttpMethod.GET, "/api/admin/texts/de", ADMIN, null).statusCode());
    assertEquals(403, gateway.request(HttpMethod.PUT, "/api/admin/texts/fr", kristin, first).statusCode());
  }
}
