package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A company in France: what customers write in French does what its English twin does (ratings,
 * callback requests, carrier keywords), and numbers are read as the French write them.
 */
class FrenchInputTest extends TwilioGatewayTestCase {

  static final String ADMIN = TestGateway.ADMIN_TOKEN;
  final AtomicInteger sids = new AtomicInteger();
  String kristin;

  @Override
  protected Map<String, String> extraEnv() {
    return Map.of("RELAY_COMPANY_REGION", "FR", "RELAY_COMPANY_LOCALE", "fr");
  }

  @BeforeEach
  void agentWithAFrenchPhone() {
    kristin = gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", "Kristin Lavransdatter")
        .put("email", "kristin@acme.test").put("phone", "06 11 22 33 44").put("capacity", 50), 201).getString("token");
    gateway.atDesk(kristin);
    assertEquals("+33611223344", gateway.get("/api/agents/me", kristin).getString("phone"),
        "the agent's own national number, read in company.region");
  }

  // --- ratings ------------------------------------------------------------------------------

  /** A visitor whose conversation Kristin resolved and who was asked to rate it; returns the conversation. */
  String resolvedAndSurveyed(ChatVisitor visitor, String problem) {
    String conversation = visitor.say(problem).getString("conversationId");
    gateway.post("/api/conversations/" + conversation + "/resolve", kristin, null, 200);
    visitor.socket.next(f -> "notice".equals(f.getString("type")) && f.getString("text").contains("de 1 (mauvais) à 5"),
        "the survey, in French");
    return conversation;
  }

  JsonObject detail(String conversation) {
    return gateway.get("/api/conversations/" + conversation, kristin);
  }

  @Test
  void ratingsInFrenchAndEnglishAreRecordedAndKeepTheFollowUp() {
    Map<String, Integer> answers = new LinkedHashMap<>();
    answers.put("4", 4);
    answers.put("4/5", 4);
    answers.put("4 étoiles", 4);
    answers.put("quatre", 4);
    answers.put("★★★★", 4);
    answers.put("5 étoiles, merci !", 5);
    answers.put("5 stars", 5);
    answers.put("four", 4);
    answers.forEach((answer, score) -> {
      ChatVisitor visitor = gateway.visitor(new JsonObject().put("locale", "fr-FR"));
      String conversation = resolvedAndSurveyed(visitor, "Ma commande n'est toujours pas arrivée");
      assertEquals(conversation, visitor.say(answer).getString("conversationId"), answer + ": kept with the surveyed conversation");
      visitor.socket.next(f -> "notice".equals(f.getString("type")) && f.getString("text").equals("Merci pour votre réponse."),
          "thanked, in French");

      JsonObject rated = detail(conversation);
      assertEquals(score, rated.getJsonObject("conversation").getJsonObject("satisfaction").getInteger("score"), answer);
      assertEquals("resolved", rated.getJsonObject("conversation").getString("status"), answer + " does not reopen it");
      assertEquals(1, rated.getJsonArray("upcoming").size(), answer + " does not cancel the week-later follow-up");
      visitor.close();
    });
  }

  @Test
  void aReplyThatIsNotARatingIsRoutedAsUsualInEitherLanguage() {
    for (String reply : List.of("Merci, mais j'ai encore un souci avec la facture",
        "Thanks, but I still have a problem with the invoice")) {
      ChatVisitor visitor = gateway.newVisitor();
      String resolved = resolvedAndSurveyed(visitor, "Ma facture de mars est fausse");
      String next = visitor.say(reply).getString("conversationId");

      assertNotEquals(resolved, next, reply + ": a new conversation with Kristin, as any message");
      assertNull(detail(resolved).getJsonObject("conversation").getJsonObject("satisfaction").getInteger("score"));
      assertEquals(0, gateway.get("/api/admin/jobs?kind=follow-up&state=pending", ADMIN).getJsonArray("items").size(),
          reply + ": the customer wrote, so the follow-up is cancelled as always");
      visitor.close();
    }
  }

  // --- callback requests by text --------------------------------------------------------------

  String nextSid() {
    return "SM" + String.format("%032d", sids.incrementAndGet());
  }

  JsonArray callbacks() {
    return gateway.get("/api/admin/jobs?kind=callback&state=pending", ADMIN).getJsonArray("items");
  }

  /** The callback planned for the customer who texts from {@code number} (planned before Twilio gets its 200). */
  JsonObject callbackOf(String number) {
    String customer = customerOf(number);
    return callbacks().stream().map(JsonObject.class::cast)
        .filter(j -> customer.equals(j.getJsonObject("payload").getString("customerId"))).findFirst()
        .orElseThrow(() -> new AssertionError("no callback for " + number));
  }

  String customerOf(String number) {
    return conversationOf(number).getJsonObject("customer").getString("id");
  }

  /** The conversation (in detail) of the customer who texts from {@code number}. */
  JsonObject conversationOf(String number) {
    return gateway.get("/api/conversations", ADMIN).getJsonArray("items").stream()
        .map(JsonObject.class::cast).map(c -> detail(c.getJsonObject("conversation").getString("id")))
        .filter(d -> d.getJsonObject("customer").getJsonArray("identities").stream()
            .map(JsonObject.class::cast).anyMatch(i -> number.equals(i.getString("value"))))
        .findFirst().orElseThrow(() -> new AssertionError("no conversation of " + number));
  }

  /** What Relay texted to {@code number}, oldest first. */
  List<String> textsTo(String number) {
    return twilio.requests().stream().filter(r -> r.path().endsWith("/Messages.json") && number.equals(r.form().get("To")))
        .map(r -> r.form().get("Body")).toList();
  }

  @Test
  void askingForACallInFrenchByTextPlansTheCallLikeInEnglish() {
    Map<String, String> asked = new LinkedHashMap<>();
    asked.put("+33610000001", "Rappelez-moi");
    asked.put("+33610000002", "Call me back");
    asked.put("+33610000003", "pouvez-vous m'appeler");
    asked.put("+33610000004", "Can you call me?");
    asked.put("+33610000005", "appelez-moi demain matin");
    asked.put("+33610000006", "Please call me back tomorrow morning");
    asked.forEach((number, text) -> {
      assertEquals(200, text(nextSid(), number, text, TwilioTestServer.AUTH_TOKEN).statusCode());
      JsonObject job = callbackOf(number);
      assertEquals(gateway.get("/api/agents/me", kristin).getString("id"), job.getJsonObject("payload").getString("agentId"),
          text + ": Kristin will call");
      assertNull(job.getJsonObject("payload").getString("phone"), text + ": on the number they texted from");
    });

    text(nextSid(), "+33610000007", "Vous pouvez me rappeler au 06 98 76 54 32 ?", TwilioTestServer.AUTH_TOKEN);
    text(nextSid(), "+33610000008", "Could you call me back on 06 98 76 54 32?", TwilioTestServer.AUTH_TOKEN);
    assertEquals("+33698765432", callbackOf("+33610000007").getJsonObject("payload").getString("phone"),
        "the number they gave, read as the French write it");
    assertEquals("+33698765432", callbackOf("+33610000008").getJsonObject("payload").getString("phone"));
  }

  @Test
  void aNumberInATextThatCannotBeReadIsExplainedInFrenchAndNothingIsPlanned() {
    String number = "+33610000009";
    text(nextSid(), number, "Rappelez-moi au 06 98 76", TwilioTestServer.AUTH_TOKEN);
    String told = Eventually.get(() -> textsTo(number).stream().filter(b -> b.contains("trop court")).findFirst().orElse(null),
        "the customer told why");
    assertTrue(told.startsWith("Le numéro «\u00a006 98 76\u00a0» est trop court. Vérifiez-le, par exemple 06 12 34 56 78."), told);
    String customer = customerOf(number);
    assertTrue(callbacks().stream().map(JsonObject.class::cast)
        .noneMatch(j -> customer.equals(j.getJsonObject("payload").getString("customerId"))), "nothing planned on a guess");
    assertEquals("Rappelez-moi au 06 98 76", conversationOf(number).getJsonArray("messages").getJsonObject(0).getString("text"),
        "and Kristin sees the request");
  }

  // --- carrier keywords ---------------------------------------------------------------------

  @Test
  void arretAndAideAreHonouredAndAnsweredInFrenchStopAndHelpAreLeftToTwilio() {
    text(nextSid(), "+33620000001", "ARRÊT", TwilioTestServer.AUTH_TOKEN);
    text(nextSid(), "+33620000002", "arret", TwilioTestServer.AUTH_TOKEN);
    text(nextSid(), "+33620000003", "STOP", TwilioTestServer.AUTH_TOKEN);
    text(nextSid(), "+33620000004", "AIDE", TwilioTestServer.AUTH_TOKEN);
    text(nextSid(), "+33620000005", "HELP", TwilioTestServer.AUTH_TOKEN);

    for (String number : List.of("+33620000001", "+33620000002")) {
      String confirmed = Eventually.get(() -> textsTo(number).stream().findFirst().orElse(null), "ARRET confirmed");
      assertTrue(confirmed.startsWith("Vous ne recevrez plus de SMS de notre part. Pour les recevoir de nouveau, répondez START."),
          confirmed);
    }
    String help = Eventually.get(() -> textsTo("+33620000004").stream().filter(b -> b.startsWith("Service client"))
        .findFirst().orElse(null), "AIDE answered");
    assertTrue(help.contains("Pour ne plus recevoir de SMS, répondez ARRET."), help);

    for (String number : List.of("+33620000001", "+33620000002", "+33620000003")) {
      String conversation = conversationOf(number).getJsonObject("conversation").getString("id");
      HttpResponse<Buffer> refused = gateway.request(HttpMethod.POST, "/api/conversations/" + conversation + "/messages",
          kristin, new JsonObject().put("text", "Bonjour, encore une question ?"));
      assertEquals(422, refused.statusCode(), number + " opted out: nothing more is sent");
    }
    assertEquals(List.of(), textsTo("+33620000003"), "Twilio answers STOP itself; Relay sends nothing after it");
    assertEquals(1, textsTo("+33620000001").size(), "after ARRET, its confirmation and nothing else");
    assertTrue(textsTo("+33620000005").stream().noneMatch(b -> b.contains("Customer service") || b.contains("Service client")),
        "Twilio answers HELP itself");
  }

  // --- numbers on every entry path ----------------------------------------------------------

  @Test
  void theWidgetsCallbackFormTakesAFrenchNationalNumberAndExplainsOneItCannotRead() {
    ChatVisitor visitor = gateway.visitor(new JsonObject().put("locale", "fr-FR").put("timezone", "Europe/Paris"));
    String conversation = visitor.say("Je préfère qu'on m'appelle").getString("conversationId");
    int stored = detail(conversation).getJsonArray("messages").size();

    visitor.socket.send(new JsonObject().put("type", "callback.request").put("clientId", "cb-short").put("phone", "06 98 76"));
    JsonObject refused = visitor.socket.next("error");
    assertEquals("invalid_phone", refused.getString("code"));
    assertEquals("cb-short", refused.getString("clientId"), "the widget shows it in the callback form");
    assertEquals("Le numéro «\u00a006 98 76\u00a0» est trop court. Vérifiez-le, par exemple 06 12 34 56 78.",
        refused.getString("text"), "at once, in French");
    visitor.socket.send(new JsonObject().put("type", "callback.request").put("clientId", "cb-letters")
        .put("phone", "mon portable"));
    assertTrue(visitor.socket.next("error").getString("text").startsWith("Nous n’avons pas pu lire le numéro «\u00a0mon portable\u00a0»."));
    assertEquals(stored, detail(conversation).getJsonArray("messages").size(), "nothing stored");
    assertEquals(0, callbacks().size(), "nothing scheduled");

    for (String typed : List.of("06 98 76 54 32", "+33 6 98 76 54 32", "0033 6 98 76 54 32")) {
      String clientId = "cb-" + typed.hashCode();
      visitor.socket.send(new JsonObject().put("type", "callback.request").put("clientId", clientId).put("phone", typed));
      assertEquals(clientId, visitor.socket.next("ack").getString("clientId"), typed);
      assertTrue(visitor.socket.next(f -> "notice".equals(f.getString("type")) && f.getString("text").contains("vous rappellera"),
          "the call confirmed, in French").getString("text").startsWith("Kristin Lavransdatter vous rappellera"));
      JsonArray jobs = callbacks();
      assertEquals(1, jobs.size(), typed + ": one callback, the latest request");
      assertEquals("+33698765432", jobs.getJsonObject(0).getJsonObject("payload").getString("phone"), typed);
    }
    visitor.close();
  }

  @Test
  void anAgentPromisesACallOnAFrenchNationalNumber() {
    ChatVisitor visitor = gateway.newVisitor();
    String conversation = visitor.say("Pouvez-vous m'appeler sur mon fixe ?").getString("conversationId");
    String path = "/api/conversations/" + conversation + "/callbacks";

    HttpResponse<Buffer> refused = gateway.request(HttpMethod.POST, path, kristin, new JsonObject().put("phone", "01 23 45"));
    assertEquals(422, refused.statusCode());
    assertEquals(List.of("phone: too short for a phone number (read as a number of FR)"),
        refused.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").getList());
    assertEquals(0, callbacks().size(), "nothing scheduled");

    JsonObject job = gateway.post(path, kristin, new JsonObject().put("phone", "01 23 45 67 89"), 201);
    assertEquals("+33123456789", job.getJsonObject("payload").getString("phone"));
    visitor.close();
  }

  @Test
  void anAdminLinksAFrenchNationalNumberToACustomer() {
    ChatVisitor visitor = gateway.newVisitor();
    String conversation = visitor.say("Bonjour, c'est Élodie").getString("conversationId");
    String customer = detail(conversation).getJsonObject("customer").getString("id");
    String path = "/api/admin/customers/" + customer + "/identities";

    HttpResponse<Buffer> refused = gateway.request(HttpMethod.POST, path, ADMIN,
        new JsonObject().put("kind", "phone").put("value", "06 98 76 54 32 10 11"));
    assertEquals(422, refused.statusCode());
    assertEquals(List.of("value: too long for a phone number (read as a number of FR)"),
        refused.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").getList());
    assertEquals(1, gateway.get("/api/admin/customers/" + customer, ADMIN).getJsonArray("identities").size(), "nothing linked");

    JsonObject linked = gateway.post(path, ADMIN, new JsonObject().put("kind", "phone").put("value", "06 98 76 54 32"), 200);
    assertTrue(linked.getJsonArray("identities").stream().map(JsonObject.class::cast)
        .anyMatch(i -> "phone".equals(i.getString("kind")) && "+33698765432".equals(i.getString("value"))), linked.encode());
    visitor.close();
  }

  @Test
  void anAdminGivesAnAgentANumberAsItIsWrittenInFrance() {
    int agents = gateway.get("/api/admin/agents", ADMIN).getJsonArray("items").size();
    HttpResponse<Buffer> refused = gateway.request(HttpMethod.POST, "/api/admin/agents", ADMIN, new JsonObject()
        .put("name", "Olav Audunsson").put("email", "olav@acme.test").put("phone", "06 55"));
    assertEquals(422, refused.statusCode());
    assertEquals(List.of("phone: too short for a phone number (read as a number of FR)"),
        refused.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").getList());
    assertEquals(agents, gateway.get("/api/admin/agents", ADMIN).getJsonArray("items").size(), "nobody created");

    JsonObject olav = gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", "Olav Audunsson")
        .put("email", "olav@acme.test").put("phone", "0033 6 55 44 33 22"), 201);
    assertEquals("+33655443322", olav.getJsonObject("agent").getString("phone"));
  }
}
