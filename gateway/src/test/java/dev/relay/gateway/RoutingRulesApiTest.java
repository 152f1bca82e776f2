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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Admins change routing without a deploy, and cannot break it: every endpoint and every refusal. */
class RoutingRulesApiTest extends GatewayTestCase {

  static final String ADMIN = TestGateway.ADMIN_TOKEN;
  static final String RULES = "/api/admin/routing-rules";
  static final String PREMIUM_FIRST = """
      version: 1
      rules:
        - name: everyone-premium
          when: 'true'
          then: { team: premium }
      """;

  HttpResponse<Buffer> send(HttpMethod method, String path, String body, Map<String, String> headers) {
    return gateway.request(method, path, ADMIN, body, headers);
  }

  HttpResponse<Buffer> yaml(HttpMethod method, String path, String body, Map<String, String> extra) {
    java.util.Map<String, String> headers = new java.util.HashMap<>(extra);
    headers.putIfAbsent("Content-Type", "application/yaml");
    return send(method, path, body, headers);
  }

  @Test
  void aRulesFileGivenAtInstallIsVersionOneAndABrokenOneStopsTheStart(io.vertx.core.Vertx vertx,
                                                                      @org.junit.jupiter.api.io.TempDir Path other)
      throws IOException {
    Path file = Files.writeString(other.resolve("rules.yaml"), PREMIUM_FIRST);
    TestGateway installed = TestGateway.start(vertx, other.resolve("data"), Map.of("RELAY_RULES_FILE", file.toString()));
    try {
      JsonObject current = installed.get(RULES, ADMIN);
      assertEquals(1, current.getInteger("version"));
      assertEquals(PREMIUM_FIRST, current.getString("source"));
      assertEquals("installed from rules.yaml", current.getString("note"));
    } finally {
      installed.close();
    }
    Files.writeString(file, "version: 1\nrules:\n  - name: broken\n    when: \"customer.nope\"\n");
    Throwable refused = org.junit.jupiter.api.Assertions.assertThrows(Throwable.class,
        () -> TestGateway.start(vertx, other.resolve("fresh"), Map.of("RELAY_RULES_FILE", file.toString())));
    assertTrue(String.valueOf(refused.getMessage()).contains("broken"), "the start fails naming the bad rule: " + refused);
  }

  @Test
  void aRuleThatWouldHoldEveryMessageForSecondsIsRefusedWhenSaved() {
    // Twelve replaces, each doubling the text: a 4,000-character message became 16 million characters.
    String doubling = "message.text" + ".replace(\"a\", \"aa\")".repeat(12) + ".contains(\"remboursement\")";
    String attack = """
        version: 1
        rules:
          - name: remboursements
            when: '%s'
            then: { team: facturation }
        """.formatted(doubling);
    HttpResponse<Buffer> refused = yaml(HttpMethod.PUT, RULES, attack, Map.of());
    assertEquals(422, refused.statusCode(), refused.bodyAsString());
    String details = refused.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").encode();
    assertTrue(details.contains("rule 'remboursements' 4:") && details.contains("could cost up to"), details);
    assertEquals(1, send(HttpMethod.GET, RULES, null, Map.of()).bodyAsJsonObject().getLong("version"), "nothing changed");
  }

  @Test
  void aLargeRuleSetIsDecidedOnAWorkerNotOnTheEventLoop() {
    StringBuilder large = new StringBuilder("version: 1\nrules:\n");
    for (String word : java.util.List.of("facture", "remboursement", "livraison", "colis", "retour", "garantie",
        "abonnement", "resiliation")) {
      large.append("  - name: ").append(word).append("\n    when: 'message.text.lowerAscii().contains(\"")
          .append(word).append("\")'\n    then: { team: ").append(word).append(" }\n");
    }
    HttpResponse<Buffer> saved = yaml(HttpMethod.PUT, RULES, large.toString(), Map.of());
    assertEquals(200, saved.statusCode(), saved.bodyAsString());
    try (var visitor = gateway.newVisitor()) {
      String conversation = visitor.say("Bonjour, mon colis n'est jamais arrivé").getString("conversationId");
      assertEquals("colis", gateway.get("/api/conversations/" + conversation, ADMIN).getJsonObject("conversation")
          .getJsonObject("routing").getString("team"), "decided by the large set");
    }
    String metrics = send(HttpMethod.GET, "/metrics", null, Map.of()).bodyAsString();
    assertTrue(metrics.contains("relay_rules_decisions_total{where=\"worker\"} 1.0"), metrics.lines()
        .filter(l -> l.startsWith("relay_rules")).toList().toString());
  }

  @Test
  void theShippedDefaultsAreVersionOneAndAnEditNeedsTheCurrentVersion() {
    HttpResponse<Buffer> current = send(HttpMethod.GET, RULES, null, Map.of());
    assertEquals(200, current.statusCode());
    assertEquals("\"1\"", current.getHeader("ETag"));
    assertTrue(current.bodyAsJsonObject().getString("source").contains("whenAway: cover"));

    HttpResponse<Buffer> saved = yaml(HttpMethod.PUT, RULES, PREMIUM_FIRST, Map.of("If-Match", "\"1\""));
    assertEquals(200, saved.statusCode(), saved.bodyAsString());
    assertEquals(2, saved.bodyAsJsonObject().getLong("version"));
    assertEquals("\"2\"", saved.getHeader("ETag"));

    HttpResponse<Buffer> stale = yaml(HttpMethod.PUT, RULES, "version: 1\nrules: []\n", Map.of("If-Match", "\"1\""));
    assertEquals(409, stale.statusCode());
    assertEquals("version_conflict", stale.bodyAsJsonObject().getJsonObject("error").getString("code"));
    assertEquals(400, yaml(HttpMethod.PUT, RULES, PREMIUM_FIRST, Map.of("If-Match", "latest")).statusCode());
    assertEquals(2, send(HttpMethod.GET, RULES, null, Map.of()).bodyAsJsonObject().getLong("version"), "nothing changed");
  }

  @Test
  void anInvalidRuleSetIsRefusedWithEveryErrorAndChangesNothing() {
    String broken = """
        version: 1
        rules:
          - name: vip
            when: 'customer.tags.exists(t, t == "vip")'
            then: { team: premium }
          - name: typo
            when: 'customer.tagz.size() > 0'
            then: { team: b, colour: red }
        """;
    for (String path : new String[] {RULES, RULES + "/validate"}) {
      HttpResponse<Buffer> refused = yaml(path.equals(RULES) ? HttpMethod.PUT : HttpMethod.POST, path, broken, Map.of());
      assertEquals(422, refused.statusCode(), refused.bodyAsString());
      JsonArray details = refused.bodyAsJsonObject().getJsonObject("error").getJsonArray("details");
      assertTrue(details.encode().contains("rule 'typo' 8:22: unknown key 'colour'"), details.encode());
      assertTrue(details.encode().contains("rule 'typo' 7:20: undefined field 'tagz'"), details.encode());
    }
    assertEquals(400, yaml(HttpMethod.PUT, RULES, "", Map.of()).statusCode());
    assertEquals(400, send(HttpMethod.PUT, RULES, PREMIUM_FIRST, Map.of("Content-Type", "image/png")).statusCode());
    assertEquals(422, yaml(HttpMethod.PUT, RULES, "rules: [unclosed", Map.of()).statusCode());
    assertEquals(1, send(HttpMethod.GET, RULES, null, Map.of()).bodyAsJsonObject().getLong("version"));
    assertEquals(1, gateway.get(RULES + "/versions", ADMIN).getJsonArray("items").size());

    HttpResponse<Buffer> valid = yaml(HttpMethod.POST, RULES + "/validate", PREMIUM_FIRST, Map.of());
    assertEquals(200, valid.statusCode());
    assertEquals(new JsonArray().add("everyone-premium"), valid.bodyAsJsonObject().getJsonArray("rules"));
    assertEquals(403, gateway.request(HttpMethod.GET, RULES, gateway.createAgent("Kristin", "k@acme.test").getString("token"), null)
        .statusCode(), "agents cannot read or change routing");
  }

  @Test
  void simulateShowsTheDecisionAndTraceAndTouchesNothing() throws IOException {
    String examples = Files.readString(Path.of("../routing-rules/rules/examples.yaml"));
    JsonObject answer = gateway.post(RULES + "/simulate", ADMIN, new JsonObject()
        .put("rules", examples)
        .put("now", "2026-03-02T12:00:00Z")
        .put("customer", new JsonObject().put("tags", new JsonArray().add("vip")).put("locale", "en-GB"))
        .put("message", new JsonObject().put("channel", "email").put("text", "I want a refund")), 200);
    assertEquals(new JsonArray().add("vip").add("billing"), answer.getJsonArray("matchedRules"));
    JsonObject decision = answer.getJsonObject("decision");
    assertEquals("premium", decision.getString("team"));
    assertEquals(new JsonArray().add("billing"), decision.getJsonArray("skills"));
    assertEquals("PT15M", decision.getString("firstResponse"));
    assertEquals("cover", decision.getJsonObject("owner").getString("whenAway"));
    assertEquals(4, decision.getJsonArray("trace").size());
    assertEquals("no match", decision.getJsonArray("trace").getJsonObject(1).getString("outcome"));

    JsonObject onCurrent = gateway.post(RULES + "/simulate", ADMIN, new JsonObject()
        .put("customer", new JsonObject()).put("message", new JsonObject().put("text", "hi")), 200);
    assertEquals(1, onCurrent.getJsonObject("decision").getLong("rulesVersion"));

    HttpResponse<Buffer> bad = gateway.request(HttpMethod.POST, RULES + "/simulate", ADMIN, new JsonObject()
        .put("customer", new JsonObject().put("tags", "vip").put("lastSatisfaction", 9))
        .put("message", new JsonObject().put("receivedAt", "yesterday")).put("extra", 1));
    assertEquals(422, bad.statusCode());
    String details = bad.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").encode();
    assertTrue(details.contains("customer.tags: must be a list"), details);
    assertTrue(details.contains("customer.lastSatisfaction: must be a number from 0.0 to 5.0"), details);
    assertTrue(details.contains("message.receivedAt: must be an ISO-8601"), details);
    assertTrue(details.contains("extra: unknown field"), details);
    assertEquals(1, gateway.get(RULES + "/versions", ADMIN).getJsonArray("items").size(), "simulation saves nothing");
    assertEquals(0, gateway.get("/api/conversations", ADMIN).getJsonArray("items").size());
  }

  @Test
  void versionsCanBeListedReadAndRestoredAndEveryChangeIsAudited() {
    yaml(HttpMethod.PUT, RULES, PREMIUM_FIRST, Map.of());
    JsonArray versions = gateway.get(RULES + "/versions", ADMIN).getJsonArray("items");
    assertEquals(2, versions.getJsonObject(0).getLong("version"));
    assertEquals("admin", versions.getJsonObject(0).getString("author"));
    String original = gateway.get(RULES + "/versions/1", ADMIN).getString("source");

    JsonObject restored = gateway.post(RULES + "/versions/1/restore", ADMIN, null, 200);
    assertEquals(3, restored.getLong("version"));
    assertEquals(original, gateway.get(RULES, ADMIN).getString("source"));
    assertEquals("restored from version 1", restored.getString("note"));
    assertEquals(404, gateway.request(HttpMethod.POST, RULES + "/versions/99/restore", ADMIN, new JsonObject()).statusCode());
    assertEquals(404, gateway.request(HttpMethod.GET, RULES + "/versions/abc", ADMIN, null).statusCode());

    JsonArray audit = gateway.get("/api/admin/audit?limit=10", ADMIN).getJsonArray("items");
    assertEquals("routing-rules.saved", audit.getJsonObject(0).getString("action"));
    assertEquals(3, audit.getJsonObject(0).getJsonObject("details").getLong("version"));
    assertEquals(3, audit.size(), "defaults, the edit and the restore");
    assertEquals(400, gateway.request(HttpMethod.GET, "/api/admin/audit?limit=0", ADMIN, null).statusCode());
  }

  @Test
  void aRuleChangeReroutesTheNextNewCustomerWhileExistingCustomersKeepTheirOwner() {
    String kristin = gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", "Kristin Lavransdatter")
        .put("email", "kristin@acme.test").put("team", "support"), 201).getString("token");
    gateway.clock.advance(java.time.Duration.ofMinutes(1));
    String olav = gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", "Olav Audunsson")
        .put("email", "olav@acme.test").put("team", "premium"), 201).getString("token");
    gateway.atDesk(kristin);
    gateway.atDesk(olav);

    ChatVisitor ann = gateway.newVisitor();
    ann.say("Hello");
    assertEquals("Kristin Lavransdatter will answer you.", ann.notice().getString("text"));

    assertEquals(200, yaml(HttpMethod.PUT, RULES, PREMIUM_FIRST, Map.of()).statusCode());
    ChatVisitor ben = gateway.newVisitor();
    String benConversation = ben.say("Hello").getString("conversationId");
    assertEquals("Olav Audunsson will answer you.", ben.notice().getString("text"),
        "Kristin is less loaded, but the new rule sends new customers to the premium team");
    JsonObject routing = gateway.get("/api/conversations/" + benConversation, ADMIN).getJsonObject("conversation")
        .getJsonObject("routing");
    assertEquals(2, routing.getLong("rulesVersion"));
    assertEquals(new JsonArray().add("everyone-premium"), routing.getJsonArray("matchedRules"));

    String annAgain = ann.say("Me again").getString("conversationId");
    assertEquals("Kristin Lavransdatter", gateway.get("/api/conversations/" + annAgain, ADMIN)
        .getJsonObject("owner").getString("name"), "Ann keeps her dedicated agent");
    ann.close();
    ben.close();
  }

  @Test
  void anAdminReassignsACustomerWhoHearsTheNewNameOnTheirNextContact() {
    String kristin = gateway.createAgent("Kristin Lavransdatter", "kristin@acme.test").getString("token");
    gateway.clock.advance(java.time.Duration.ofMinutes(1));
    JsonObject olav = gateway.createAgent("Olav Audunsson", "olav@acme.test");
    gateway.atDesk(kristin);
    gateway.atDesk(olav.getString("token"));
    ChatVisitor ann = gateway.newVisitor();
    String conversation = ann.say("Hello").getString("conversationId");
    ann.notice();
    String customerId = gateway.get("/api/conversations/" + conversation, ADMIN).getJsonObject("customer").getString("id");
    String path = "/api/admin/customers/" + customerId + "/agent";
    String olavId = olav.getJsonObject("agent").getString("id");

    assertEquals(404, gateway.request(HttpMethod.PUT, "/api/admin/customers/cus_nope/agent", ADMIN,
        new JsonObject().put("agentId", olavId)).statusCode());
    assertEquals(422, gateway.request(HttpMethod.PUT, path, ADMIN, new JsonObject().put("agentId", "agt_nope")).statusCode());
    assertEquals(422, gateway.request(HttpMethod.PUT, path, ADMIN, new JsonObject()).statusCode());
    assertEquals(403, gateway.request(HttpMethod.PUT, path, kristin, new JsonObject().put("agentId", olavId)).statusCode());

    HttpResponse<Buffer> moved = gateway.request(HttpMethod.PUT, path, ADMIN, new JsonObject().put("agentId", olavId));
    assertEquals(200, moved.statusCode(), moved.bodyAsString());
    assertEquals(olavId, moved.bodyAsJsonObject().getString("ownerId"));
    assertEquals(200, gateway.request(HttpMethod.GET, "/api/conversations/" + conversation, olav.getString("token"), null)
        .statusCode(), "the open conversation moved with the customer");
    JsonObject audit = gateway.get("/api/admin/audit", ADMIN).getJsonArray("items").getJsonObject(0);
    assertEquals("customer.reassigned", audit.getString("action"));
    assertEquals(customerId, audit.getString("target"));

    ann.say("Are you still there?");
    assertEquals("Olav Audunsson is now your dedicated agent and will answer you.", ann.notice().getString("text"));
    ann.say("Thanks");
    ann.socket.expectNone(f -> "notice".equals(f.getString("type")), "a second announcement", 300);
    ann.close();
  }

  @Test
  void aReturningCustomersResolvedConversationsAndLastScoreDriveTheRules() {
    assertEquals(200, yaml(HttpMethod.PUT, RULES, """
        version: 1
        rules:
          - name: first-contact
            when: 'customer.pastConversations == 0'
            then: { priority: 1 }
          - name: regular
            when: 'customer.pastConversations >= 2'
            then: { priority: 2 }
          - name: disappointed
            when: 'has(customer.lastSatisfaction) && customer.lastSatisfaction < 3.0'
            then: { priority: 9 }
        """, Map.of()).statusCode());
    String kristin = gateway.createAgent("Kristin Lavransdatter", "kristin@acme.test").getString("token");
    gateway.atDesk(kristin);
    ChatVisitor ann = gateway.newVisitor();
    String first = ann.say("Hello, my parcel has not arrived").getString("conversationId");
    assertEquals("Kristin Lavransdatter will answer you.", ann.notice().getString("text"));
    assertEquals(java.util.List.of("first-contact"), matchedRules(first));
    rate(ann, first, kristin, "2");

    String second = ann.say("It still has not arrived").getString("conversationId");
    assertEquals("Kristin Lavransdatter will answer you.", ann.notice().getString("text"));
    assertEquals(java.util.List.of("disappointed"), matchedRules(second), "one resolved before, rated 2");
    rate(ann, second, kristin, "5");

    String third = ann.say("Bonjour, une autre question").getString("conversationId");
    assertEquals(java.util.List.of("regular"), matchedRules(third), "two resolved before, the last one rated 5");
    ann.close();
  }

  private java.util.List<Object> matchedRules(String conversation) {
    return gateway.get("/api/conversations/" + conversation, ADMIN).getJsonObject("conversation").getJsonObject("routing")
        .getJsonArray("matchedRules").getList();
  }

  /** The agent resolves the conversation and the customer answers the survey with {@code score}. */
  private void rate(ChatVisitor visitor, String conversation, String agent, String score) {
    gateway.post("/api/conversations/" + conversation + "/resolve", agent, null, 200);
    String asked = visitor.notice().getString("text");
    assertTrue(asked.contains("How did we do?"), asked);
    assertEquals(conversation, visitor.say(score).getString("conversationId"), "an answer to the survey");
    assertEquals("Thank you for your answer.", visitor.notice().getString("text"));
  }

  @Test
  void theOwnerPolicyOfTheRulesDecidesBetweenWaitingAndReassigning() {
    String kristin = gateway.createAgent("Kristin Lavransdatter", "kristin@acme.test").getString("token");
    gateway.clock.advance(java.time.Duration.ofMinutes(1));
    String olav = gateway.createAgent("Olav Audunsson", "olav@acme.test").getString("token");
    gateway.atDesk(kristin);
    ChatVisitor ann = gateway.newVisitor();
    String first = ann.say("Hello").getString("conversationId");
    ann.notice();
    gateway.post("/api/conversations/" + first + "/resolve", kristin, null, 200);
    assertTrue(ann.notice().getString("text").contains("How did we do?"), "the satisfaction survey");
    gateway.presence(kristin, "offline");
    gateway.atDesk(olav);

    assertEquals(200, yaml(HttpMethod.PUT, RULES, """
        version: 1
        defaults:
          owner: { whenAway: wait }
        rules: []
        """, Map.of()).statusCode());
    String waiting = ann.say("Still waiting for Kristin").getString("conversationId");
    assertEquals("Kristin Lavransdatter is away right now and will answer you as soon as they are back.",
        ann.notice().getString("text"));
    gateway.clock.advance(java.time.Duration.ofDays(1));
    assertEquals(0, gateway.runDueJobs(), "waiting needs no timer");
    gateway.post("/api/conversations/" + waiting + "/resolve", ADMIN, null, 200);
    assertTrue(ann.notice().getString("text").contains("How did we do?"), "the satisfaction survey");

    assertEquals(200, yaml(HttpMethod.PUT, RULES, """
        version: 1
        defaults:
          owner: { whenAway: reassign, waitFor: PT1M }
        rules: []
        """, Map.of()).statusCode());
    String handedOver = ann.say("Anyone?").getString("conversationId");
    assertEquals("Kristin Lavransdatter is away right now. If they are not back within a minute, a teammate will answer you.",
        ann.notice().getString("text"));
    gateway.clock.advance(java.time.Duration.ofMinutes(1));
    assertEquals(1, gateway.runDueJobs());
    assertEquals("Olav Audunsson is now your dedicated agent and will answer you.", ann.notice().getString("text"));
    assertEquals("Olav Audunsson", gateway.get("/api/conversations/" + handedOver, olav).getJsonObject("owner").getString("name"));
    assertEquals("customer.reassigned", gateway.get("/api/admin/audit", ADMIN).getJsonArray("items").getJsonObject(0)
        .getString("action"));
    ann.close();
  }

  @Test
  void theCustomerProfileAnAdminSetsDrivesTheRulesAndAFirstOwnerMustSpeakTheLanguage() throws IOException {
    assertEquals(200, yaml(HttpMethod.PUT, RULES, Files.readString(Path.of("../routing-rules/rules/examples.yaml")),
        Map.of()).statusCode());
    String kristin = gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", "Kristin Lavransdatter")
        .put("email", "kristin@acme.test"), 201).getString("token");
    gateway.clock.advance(java.time.Duration.ofMinutes(1));
    String simon = gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", "Simon Darre")
        .put("email", "simon@acme.test").put("languages", new JsonArray().add("fr").add("en")), 201).getString("token");
    gateway.atDesk(kristin);
    gateway.atDesk(simon);

    ChatVisitor ann = gateway.newVisitor();
    String first = ann.say("Hello").getString("conversationId");
    assertEquals("Kristin Lavransdatter will answer you.", ann.notice().getString("text"));
    String customer = gateway.get("/api/conversations/" + first, ADMIN).getJsonObject("customer").getString("id");
    gateway.post("/api/conversations/" + first + "/resolve", ADMIN, null, 200);

    HttpResponse<Buffer> bad = gateway.request(HttpMethod.PATCH, "/api/admin/customers/" + customer, ADMIN,
        new JsonObject().put("timezone", "Mars/Olympus").put("locale", "123").put("tags", "vip"));
    assertEquals(422, bad.statusCode());
    assertEquals(3, bad.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").size());
    HttpResponse<Buffer> patched = gateway.request(HttpMethod.PATCH, "/api/admin/customers/" + customer, ADMIN,
        new JsonObject().put("locale", "fr-FR").put("timezone", "Europe/Paris"));
    assertEquals(200, patched.statusCode(), patched.bodyAsString());
    assertEquals("fr-FR", gateway.get("/api/admin/customers/" + customer, ADMIN).getString("locale"));

    String annAgain = ann.say("Re-bonjour").getString("conversationId");
    JsonObject routing = gateway.get("/api/conversations/" + annAgain, ADMIN).getJsonObject("conversation").getJsonObject("routing");
    assertEquals(new JsonArray().add("french"), routing.getJsonArray("matchedRules"));
    assertEquals(new JsonArray().add("fr"), routing.getJsonArray("languages"));
    assertEquals("Kristin Lavransdatter", gateway.get("/api/conversations/" + annAgain, ADMIN)
        .getJsonObject("owner").getString("name"), "a rule never takes a customer from their owner");
    assertEquals("customer.profile", gateway.get("/api/admin/audit", ADMIN).getJsonArray("items").getJsonObject(0).getString("action"));
    gateway.post("/api/conversations/" + annAgain + "/resolve", ADMIN, null, 200);

    // Both agents idle: a new customer would go to Kristin, but this rule needs French.
    assertEquals(200, yaml(HttpMethod.PUT, RULES, """
        version: 1
        rules:
          - name: belgian-site
            when: 'message.channel == "chat"'
            then: { languages: [fr] }
        """, Map.of()).statusCode());
    ChatVisitor claire = gateway.newVisitor();
    claire.say("Bonjour, je m'appelle Claire");
    assertEquals("Simon Darre vous répondra.", claire.notice().getString("text"),
        "the first owner must speak the languages the rules ask for (and Claire, who wrote in French, is answered in it)");
    ann.close();
    claire.close();
  }
}
