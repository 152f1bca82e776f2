package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The desk's day-to-day API: search, internal notes, canned replies, transfer and the customer's
 * profile; each with the inputs a person gets wrong and the roles that may not (422, 403, 404),
 * which change nothing.
 */
class DeskApiTest extends GatewayTestCase {

  private static final String ADMIN = TestGateway.ADMIN_TOKEN;

  String kristin;
  String kristinId;
  String olav;
  String olavId;

  @BeforeEach
  void agents() {
    JsonObject k = gateway.createAgent("Kristin Lavransdatter", "kristin@acme.test");
    kristin = k.getString("token");
    kristinId = k.getJsonObject("agent").getString("id");
    gateway.atDesk(kristin);
    gateway.clock.advance(Duration.ofMinutes(1));
    JsonObject o = gateway.createAgent("Olav Audunsson", "olav@acme.test");
    olav = o.getString("token");
    olavId = o.getJsonObject("agent").getString("id");
  }

  private String path(String conversation) {
    return "/api/conversations/" + conversation;
  }

  /** A chat customer of Kristin's who wrote {@code text}; answers the conversation id. */
  private String chatCustomer(ChatVisitor visitor, String text) {
    return visitor.say(text).getString("conversationId");
  }

  private String customerOf(String conversation) {
    return gateway.get(path(conversation), ADMIN).getJsonObject("customer").getString("id");
  }

  private JsonArray messages(String conversation) {
    return gateway.get(path(conversation), ADMIN).getJsonArray("messages");
  }

  private void link(String customer, String kind, String value) {
    gateway.post("/api/admin/customers/" + customer + "/identities", ADMIN,
        new JsonObject().put("kind", kind).put("value", value), 200);
  }

  private JsonObject search(String token, String q) {
    return gateway.get("/api/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), token);
  }

  private static List<String> names(JsonObject found) {
    return found.getJsonArray("items").stream().map(JsonObject.class::cast)
        .map(hit -> hit.getJsonObject("customer").getString("name")).distinct().sorted().toList();
  }

  private static String problems(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").stream().map(String::valueOf)
        .collect(Collectors.joining(" | "));
  }

  // ---- search ----

  @Test
  void searchFindsTheAgentsCustomersByNameEmailPhoneInAnyFormatAndAccentInsensitiveTextOnly() {
    ChatVisitor lea = gateway.newVisitor();
    String leaConv = chatCustomer(lea, "Bonjour, ma commande de l’été n’est jamais arrivée.");
    String leaId = customerOf(leaConv);
    gateway.request(HttpMethod.PATCH, path(leaConv) + "/customer", kristin, new JsonObject().put("name", "Léa Tremblay"));
    link(leaId, "phone", "+33 6 98 76 54 32");
    link(leaId, "email", "Lea.Tremblay@Exemple.fr");

    ChatVisitor marc = gateway.newVisitor();
    String marcConv = chatCustomer(marc, "My invoice for March is wrong");
    gateway.request(HttpMethod.PATCH, path(marcConv) + "/customer", kristin, new JsonObject().put("name", "Marc Gagnon"));
    link(customerOf(marcConv), "phone", "+1 514 555 0199");

    // Olav's own customer: Kristin must not find them, a supervisor must.
    gateway.presence(kristin, "away");
    gateway.atDesk(olav);
    ChatVisitor francois = gateway.newVisitor();
    String francoisConv = chatCustomer(francois, "Été comme hiver, la box redémarre.");
    assertEquals(olavId, gateway.get(path(francoisConv), ADMIN).getJsonObject("conversation").getString("agentId"));
    gateway.request(HttpMethod.PATCH, path(francoisConv) + "/customer", olav, new JsonObject().put("name", "François Tremblay"));

    assertEquals(List.of("Léa Tremblay"), names(search(kristin, "06 98 76 54 32")), "a French national number");
    assertEquals(List.of("Léa Tremblay"), names(search(kristin, "+33 6 98 76 54 32")), "international, with spaces");
    assertEquals(List.of("Léa Tremblay"), names(search(kristin, "0698765432")));
    assertEquals(List.of("Marc Gagnon"), names(search(kristin, "(514) 555-0199")), "a North American number");
    assertEquals("phone", search(kristin, "514-555-0199").getJsonArray("items").getJsonObject(0).getString("matched"));
    assertEquals(List.of("Léa Tremblay"), names(search(kristin, "lea tremblay")), "accents and case aside");
    assertEquals(List.of("Léa Tremblay"), names(search(kristin, "lea.tremblay@exemple")), "part of an e-mail address");
    JsonObject ete = search(kristin, "ete");
    assertEquals(List.of("Léa Tremblay"), names(ete), "'ete' finds 'été', in Kristin's customers only");
    JsonObject hit = ete.getJsonArray("items").getJsonObject(0);
    assertEquals("text", hit.getString("matched"));
    assertTrue(hit.getString("snippet").contains("l’été"), hit.encode());
    assertEquals(leaConv, hit.getJsonObject("conversation").getString("id"));

    assertEquals(List.of("François Tremblay", "Léa Tremblay"), names(search(ADMIN, "tremblay")), "the admin finds both");
    gateway.ok(gateway.request(HttpMethod.PATCH, "/api/admin/agents/" + olavId, ADMIN,
        new JsonObject().put("role", "supervisor")), 200);
    assertEquals(List.of("François Tremblay", "Léa Tremblay"), names(search(olav, "Tremblay")), "so does a supervisor");
    assertEquals(List.of(), names(search(kristin, "François")), "Kristin does not see Olav's customer");
    assertEquals(List.of(), names(search(kristin, "hiver")));

    // A page at a time: the next page goes on after the last conversation looked at.
    JsonObject first = gateway.get("/api/search?q=tremblay&limit=1", ADMIN);
    assertEquals(1, first.getJsonArray("items").size());
    JsonObject second = gateway.get("/api/search?q=tremblay&limit=1&after=" + first.getString("next"), ADMIN);
    assertEquals(1, second.getJsonArray("items").size());
    assertTrue(!first.getJsonArray("items").getJsonObject(0).getJsonObject("customer").getString("name")
        .equals(second.getJsonArray("items").getJsonObject(0).getJsonObject("customer").getString("name")));
    lea.close();
    marc.close();
    francois.close();
  }

  @Test
  void aSearchTooShortTooLongOrWithABadPageIsRefusedSayingWhy() {
    for (String bad : List.of("/api/search", "/api/search?q=e", "/api/search?q=" + "a".repeat(101),
        "/api/search?q=lea&limit=0", "/api/search?q=lea&limit=abc", "/api/search?q=lea&after=!!!")) {
      HttpResponse<Buffer> refused = gateway.request(HttpMethod.GET, bad, kristin, null);
      assertEquals(422, refused.statusCode(), bad);
      assertTrue(problems(refused).matches(".*(q:|limit:|after:).*"), problems(refused));
    }
    assertEquals(401, gateway.request(HttpMethod.GET, "/api/search?q=lea", null, null).statusCode());
  }

  // ---- notes ----

  @Test
  void aNoteIsInTheTimelineMarkedAuditedAndNeverSentToTheChatCustomer() {
    ChatVisitor ann = gateway.newVisitor();
    String conversation = chatCustomer(ann, "Ma box ne s’allume plus depuis l’orage.");
    JsonObject note = gateway.post(path(conversation) + "/notes", kristin,
        new JsonObject().put("text", "Cliente fidèle depuis 2019 : proposer l’échange express."), 201);
    assertEquals("note", note.getString("direction"));
    assertEquals("Kristin Lavransdatter", note.getJsonObject("author").getString("name"));
    gateway.post(path(conversation) + "/messages", kristin, new JsonObject().put("text", "Je vous envoie une box neuve."), 202);

    assertEquals("Je vous envoie une box neuve.", ann.reply().getString("text"), "the first thing she gets is the reply");
    JsonArray timeline = messages(conversation);
    assertEquals(List.of("inbound", "note", "outbound"), timeline.stream().map(JsonObject.class::cast)
        .map(m -> m.getString("direction")).toList());
    assertNull(timeline.getJsonObject(1).getString("status"), "a note has no delivery: it goes nowhere");
    JsonObject audit = gateway.get("/api/admin/audit", ADMIN).getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(e -> "conversation.note".equals(e.getString("action"))).findFirst().orElseThrow();
    assertEquals(conversation, audit.getString("target"));
    assertTrue(!audit.encode().contains("fidèle"), "the audit keeps who and when, not the note's words");

    // Back later (a reload): her history has her message and the reply, not the note.
    ChatVisitor again = gateway.visitor(ann.token());
    String history = again.welcome().encode();
    assertTrue(history.contains("box neuve") && !history.contains("fidèle"), history);
    // The list still shows the customer's last exchange, not the note.
    assertEquals("Je vous envoie une box neuve.", gateway.get("/api/conversations", kristin).getJsonArray("items")
        .getJsonObject(0).getJsonObject("lastMessage").getString("text"));
    ann.close();
    again.close();
  }

  @Test
  void aBadNoteOrOneFromSomeoneWhoMayNotIsRefusedAndNothingIsAdded() {
    ChatVisitor ann = gateway.newVisitor();
    String conversation = chatCustomer(ann, "Bonjour");
    String notes = path(conversation) + "/notes";
    HttpResponse<Buffer> blank = gateway.request(HttpMethod.POST, notes, kristin, new JsonObject().put("text", "   "));
    assertEquals(422, blank.statusCode());
    assertTrue(problems(blank).contains("text:"), problems(blank));
    HttpResponse<Buffer> extra = gateway.request(HttpMethod.POST, notes, kristin,
        new JsonObject().put("text", "ok").put("visibleToCustomer", true));
    assertEquals(422, extra.statusCode());
    assertTrue(problems(extra).contains("visibleToCustomer: unknown field"), problems(extra));
    assertEquals(422, gateway.request(HttpMethod.POST, notes, kristin,
        new JsonObject().put("text", "x".repeat(10_001))).statusCode());
    assertEquals(404, gateway.request(HttpMethod.POST, notes, olav, new JsonObject().put("text", "Je regarde")).statusCode(),
        "another agent's customer does not exist for Olav");
    assertEquals(403, gateway.request(HttpMethod.POST, notes, ADMIN, new JsonObject().put("text", "admin")).statusCode(),
        "a note is written under an agent's name");
    assertEquals(404, gateway.request(HttpMethod.POST, path("conv_nope") + "/notes", kristin,
        new JsonObject().put("text", "x")).statusCode());
    assertEquals(1, messages(conversation).size(), "nothing was added");
    ann.close();
  }

  // ---- canned replies ----

  @Test
  void adminsKeepCannedRepliesPerLocaleAndTheDeskGetsThemFilledInForTheCustomer() {
    JsonObject fr = gateway.post("/api/admin/canned-replies", ADMIN, new JsonObject().put("locale", "fr")
        .put("title", "Colis en retard")
        .put("text", "Bonjour {firstName},\nvotre colis est en route. Bien à vous, {agentName}"), 201);
    gateway.post("/api/admin/canned-replies", ADMIN, new JsonObject().put("locale", "fr-CA")
        .put("title", "Colis en retard (Québec)").put("text", "Bonjour {firstName}, votre colis s’en vient! {agentName}"), 201);
    gateway.post("/api/admin/canned-replies", ADMIN, new JsonObject().put("locale", "en")
        .put("title", "Late parcel").put("text", "Hi {firstName}, your parcel is on its way. {agentName}"), 201);

    ChatVisitor lea = gateway.newVisitor();
    String conversation = chatCustomer(lea, "Où est mon colis ?");
    gateway.ok(gateway.request(HttpMethod.PATCH, path(conversation) + "/customer", kristin,
        new JsonObject().put("name", "Léa Tremblay").put("locale", "fr-FR")), 200);

    JsonObject forLea = gateway.get(path(conversation) + "/canned-replies", kristin);
    assertEquals("fr-FR", forLea.getString("locale"));
    assertEquals(1, forLea.getJsonArray("items").size(), "French, not the Québec one: " + forLea.encode());
    assertEquals("Bonjour Léa,\nvotre colis est en route. Bien à vous, Kristin Lavransdatter",
        forLea.getJsonArray("items").getJsonObject(0).getString("text"));

    gateway.ok(gateway.request(HttpMethod.PATCH, path(conversation) + "/customer", kristin,
        new JsonObject().put("locale", "fr-CA").putNull("name")), 200);
    JsonObject quebec = gateway.get(path(conversation) + "/canned-replies", kristin).getJsonArray("items").getJsonObject(0);
    assertEquals("Colis en retard (Québec)", quebec.getString("title"));
    assertEquals("Bonjour, votre colis s’en vient! Kristin Lavransdatter", quebec.getString("text"),
        "no name known: no blank before the comma");

    // Edited and deleted by admins; each change audited.
    gateway.ok(gateway.request(HttpMethod.PUT, "/api/admin/canned-replies/" + fr.getString("id"), ADMIN,
        new JsonObject().put("locale", "fr").put("title", "Colis en retard").put("text", "Bonjour {firstName} !")), 200);
    gateway.ok(gateway.request(HttpMethod.DELETE, "/api/admin/canned-replies/" + fr.getString("id"), ADMIN, null), 200);
    assertEquals(2, gateway.get("/api/admin/canned-replies", ADMIN).getJsonArray("items").size());
    List<String> actions = gateway.get("/api/admin/audit", ADMIN).getJsonArray("items").stream().map(JsonObject.class::cast)
        .map(e -> e.getString("action")).filter(a -> a.startsWith("canned-reply.")).toList();
    assertEquals(List.of("canned-reply.deleted", "canned-reply.updated", "canned-reply.created", "canned-reply.created",
        "canned-reply.created"), actions);
    lea.close();
  }

  @Test
  void aBadCannedReplyOrOneFromAnAgentIsRefusedAndNothingIsSaved() {
    HttpResponse<Buffer> bad = gateway.request(HttpMethod.POST, "/api/admin/canned-replies", ADMIN, new JsonObject()
        .put("locale", "pas une langue!").put("title", "").put("text", "Bonjour {prenom}"));
    assertEquals(422, bad.statusCode());
    String why = problems(bad);
    assertTrue(why.contains("locale:") && why.contains("title:") && why.contains("[prenom] is not a placeholder"), why);
    HttpResponse<Buffer> broken = gateway.request(HttpMethod.POST, "/api/admin/canned-replies", ADMIN, new JsonObject()
        .put("locale", "fr").put("title", "Cassé").put("text", "Bonjour {firstName"));
    assertEquals(422, broken.statusCode());
    assertTrue(problems(broken).contains("not a valid ICU message"), problems(broken));
    assertEquals(403, gateway.request(HttpMethod.POST, "/api/admin/canned-replies", kristin, new JsonObject()
        .put("locale", "fr").put("title", "Moi").put("text", "Salut")).statusCode(), "agents use them, admins keep them");
    assertEquals(404, gateway.request(HttpMethod.PUT, "/api/admin/canned-replies/can_nope", ADMIN, new JsonObject()
        .put("locale", "fr").put("title", "x").put("text", "y")).statusCode());
    assertEquals(404, gateway.request(HttpMethod.DELETE, "/api/admin/canned-replies/can_nope", ADMIN, null).statusCode());
    assertEquals(0, gateway.get("/api/admin/canned-replies", ADMIN).getJsonArray("items").size(), "nothing saved");
    ChatVisitor ann = gateway.newVisitor();
    String conversation = chatCustomer(ann, "Bonjour");
    assertEquals(404, gateway.request(HttpMethod.GET, path(conversation) + "/canned-replies", olav, null).statusCode());
    ann.close();
  }

  // ---- transfer ----

  @Test
  void anAgentTransfersACustomerToATeammateWithANoteAndNoLongerSeesThem() {
    ChatVisitor ann = gateway.newVisitor();
    String conversation = chatCustomer(ann, "Je voudrais résilier mon abonnement.");
    FrameSocket olavsDesk = gateway.stream(olav);
    gateway.presence(olav, "online");

    JsonArray mates = gateway.get("/api/agents/teammates", kristin).getJsonArray("items");
    assertEquals(List.of("Olav Audunsson"), mates.stream().map(JsonObject.class::cast).map(m -> m.getString("name")).toList());
    assertEquals("here", mates.getJsonObject(0).getString("reachability"), "the desk shows who can be reached");

    JsonObject done = gateway.post(path(conversation) + "/transfer", kristin,
        new JsonObject().put("agentId", olavId).put("note", "Résiliation : elle veut garder son numéro."), 200);
    assertEquals("Olav Audunsson", done.getJsonObject("to").getString("name"));
    assertEquals(1, done.getJsonObject("moved").getInteger("customers"));

    JsonObject assigned = olavsDesk.next(f -> "conversation.assigned".equals(f.getString("event")), "the transfer");
    assertEquals(conversation, assigned.getJsonObject("data").getJsonObject("conversation").getString("id"));
    JsonObject detail = gateway.get(path(conversation), olav);
    assertEquals(olavId, detail.getJsonObject("customer").getString("ownerId"), "Olav is her dedicated agent now");
    assertEquals(olavId, detail.getJsonObject("conversation").getString("agentId"));
    JsonObject note = detail.getJsonArray("messages").getJsonObject(1);
    assertEquals("note", note.getString("direction"));
    assertEquals("Résiliation : elle veut garder son numéro.", note.getString("text"));
    assertEquals("Olav Audunsson", note.getJsonObject("attributes").getString("transfer.to"));
    assertEquals(404, gateway.request(HttpMethod.GET, path(conversation), kristin, null).statusCode(),
        "Kristin no longer sees her");
    assertTrue(gateway.get("/api/admin/audit", ADMIN).getJsonArray("items").stream().map(JsonObject.class::cast)
        .anyMatch(e -> "conversation.transferred".equals(e.getString("action")) && conversation.equals(e.getString("target"))));

    // She writes again: Olav answers, and she is told his name.
    ann.say("Et pour mon numéro ?");
    ann.socket.next(f -> f.encode().contains("Olav Audunsson"), "the new agent's name");
    ann.close();
  }

  @Test
  void aTransferThatBreaksTheOwnershipRulesIsRefusedAndNothingMoves() {
    ChatVisitor ann = gateway.newVisitor();
    String conversation = chatCustomer(ann, "Bonjour");
    String transfer = path(conversation) + "/transfer";
    HttpResponse<Buffer> both = gateway.request(HttpMethod.POST, transfer, kristin,
        new JsonObject().put("agentId", olavId).put("team", "facturation"));
    assertEquals(422, both.statusCode());
    assertTrue(problems(both).contains("give exactly one"), problems(both));
    assertEquals(422, gateway.request(HttpMethod.POST, transfer, kristin, new JsonObject()).statusCode());
    HttpResponse<Buffer> self = gateway.request(HttpMethod.POST, transfer, kristin, new JsonObject().put("agentId", kristinId));
    assertEquals(422, self.statusCode());
    assertTrue(problems(self).contains("themselves"), problems(self));
    HttpResponse<Buffer> nobody = gateway.request(HttpMethod.POST, transfer, kristin, new JsonObject().put("agentId", "agt_nope"));
    assertEquals(422, nobody.statusCode());
    assertEquals(409, gateway.request(HttpMethod.POST, transfer, kristin, new JsonObject().put("team", "facturation"))
        .statusCode(), "a team without an active agent");
    gateway.post("/api/admin/agents/" + olavId + "/deactivate", ADMIN, null, 200);
    assertEquals(409, gateway.request(HttpMethod.POST, transfer, kristin, new JsonObject().put("agentId", olavId))
        .statusCode(), "Olav left");
    JsonObject ben = gateway.createAgent("Ben Leclerc", "ben@acme.test");
    assertEquals(404, gateway.request(HttpMethod.POST, transfer, ben.getString("token"),
        new JsonObject().put("agentId", ben.getJsonObject("agent").getString("id"))).statusCode(),
        "only who holds the customer (or a supervisor) transfers them");
    assertEquals(422, gateway.request(HttpMethod.POST, transfer, kristin, new JsonObject().put("agentId", olavId)
        .put("note", "x".repeat(2001))).statusCode());

    JsonObject detail = gateway.get(path(conversation), kristin);
    assertEquals(kristinId, detail.getJsonObject("customer").getString("ownerId"), "nothing moved");
    assertEquals(1, detail.getJsonArray("messages").size(), "no note was added");
    ann.close();
  }

  // ---- the profile ----

  @Test
  void theAgentEditsNameLocaleZoneAndTagsAndABadFieldChangesNothing() {
    ChatVisitor ann = gateway.newVisitor();
    String conversation = chatCustomer(ann, "Bonjour");
    JsonObject edited = gateway.ok(gateway.request(HttpMethod.PATCH, path(conversation) + "/customer", kristin,
        new JsonObject().put("name", "  Anne-Marie Côté ").put("locale", "fr_ca").put("timezone", "America/Montreal")
            .put("tags", new JsonArray().add("vip").add("résiliation"))), 200);
    assertEquals("Anne-Marie Côté", edited.getString("name"));
    assertEquals("fr-CA", edited.getString("locale"));
    assertEquals("America/Montreal", edited.getString("timezone"));
    assertEquals(List.of("vip", "résiliation"), edited.getJsonArray("tags").getList());
    assertEquals("Anne-Marie Côté", gateway.get("/api/conversations", kristin).getJsonArray("items").getJsonObject(0)
        .getJsonObject("customer").getString("name"), "the list shows the name");

    HttpResponse<Buffer> bad = gateway.request(HttpMethod.PATCH, path(conversation) + "/customer", kristin,
        new JsonObject().put("name", "Anne\nMarie").put("timezone", "Paris").put("locale", "!!").put("age", 40));
    assertEquals(422, bad.statusCode());
    String why = problems(bad);
    assertTrue(why.contains("name:") && why.contains("timezone:") && why.contains("locale:") && why.contains("age:"), why);
    assertEquals(422, gateway.request(HttpMethod.PATCH, path(conversation) + "/customer", kristin, new JsonObject())
        .statusCode(), "an empty change");
    assertEquals(404, gateway.request(HttpMethod.PATCH, path(conversation) + "/customer", olav,
        new JsonObject().put("name", "Quelqu’un")).statusCode());
    JsonObject customer = gateway.get(path(conversation), kristin).getJsonObject("customer");
    assertEquals("Anne-Marie Côté", customer.getString("name"), "unchanged");
    assertEquals("America/Montreal", customer.getString("timezone"));
    assertTrue(gateway.get("/api/admin/audit", ADMIN).getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(e -> "customer.profile".equals(e.getString("action"))).count() == 1, "one change, audited");
    ann.close();
  }

  @Test
  void onlyAFailedReplyOfTheCallersOwnConversationIsSentAgain() {
    ChatVisitor ann = gateway.newVisitor();
    String conversation = chatCustomer(ann, "Bonjour, ma facture est fausse.");
    String reply = gateway.post(path(conversation) + "/messages", kristin, new JsonObject().put("text", "Je regarde."), 202)
        .getString("id");
    ann.reply();
    String inbound = messages(conversation).getJsonObject(0).getString("id");

    HttpResponse<Buffer> delivered = gateway.request(HttpMethod.POST, path(conversation) + "/messages/" + reply + "/retry",
        kristin, new JsonObject());
    assertEquals(409, delivered.statusCode(), delivered.bodyAsString());
    assertEquals("not_failed", delivered.bodyAsJsonObject().getJsonObject("error").getString("code"));
    assertEquals(404, gateway.request(HttpMethod.POST, path(conversation) + "/messages/" + inbound + "/retry", kristin,
        new JsonObject()).statusCode(), "the customer's own message is no reply to send");
    assertEquals(404, gateway.request(HttpMethod.POST, path(conversation) + "/messages/msg_nope/retry", kristin,
        new JsonObject()).statusCode());
    assertEquals(404, gateway.request(HttpMethod.POST, path(conversation) + "/messages/" + reply + "/retry", olav,
        new JsonObject()).statusCode(), "not Olav's conversation");
    assertEquals(1, messages(conversation).stream().map(JsonObject.class::cast)
        .filter(m -> "outbound".equals(m.getString("direction")) && m.getString("text").equals("Je regarde.")).count(),
        "sent once, nothing added");
    ann.close();
  }
}
