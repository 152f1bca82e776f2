package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.ConfiguredGatewayTestCase;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each Monday a sample of the conversations each agent resolved the week before waits for a
 * supervisor's review; the agent reads their own reviews, nobody else's. Time is the test clock:
 * the weekly job fires when the clock says Monday.
 */
class QualityReviewsTest extends ConfiguredGatewayTestCase {

  static final String ADMIN = TestGateway.ADMIN_TOKEN;
  static final String WEEK = "2026-03-02";

  String kristin;
  String olav;
  String sigrid;
  String kristinId;
  String olavId;

  private void team(Vertx vertx, Map<String, String> env) {
    start(vertx, env);
    JsonObject k = gateway.createAgent("Kristin Lavransdatter", "kristin@acme.test");
    kristin = k.getString("token");
    kristinId = k.getJsonObject("agent").getString("id");
    JsonObject o = gateway.createAgent("Olav Audunsson", "olav@acme.test");
    olav = o.getString("token");
    olavId = o.getJsonObject("agent").getString("id");
    sigrid = gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", "Sigrid Undset")
        .put("email", "sigrid@acme.test").put("role", "supervisor"), 201).getString("token");
  }

  /** {@code agent} (the only one at their desk) answers and resolves a new visitor's question; the conversation id. */
  private String resolvedBy(String agent, String question) {
    ChatVisitor visitor = gateway.newVisitor();
    String conversation = visitor.say(question).getString("conversationId");
    gateway.post("/api/conversations/" + conversation + "/messages", agent,
        new JsonObject().put("text", "Voilà qui est réglé, bonne journée !"), 202);
    gateway.post("/api/conversations/" + conversation + "/resolve", agent, null, 200);
    visitor.close();
    return conversation;
  }

  private static String rank(String conversation) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest((WEEK + "/" + conversation).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonArray reviews(String token, String query) {
    return gateway.get("/api/quality/reviews" + query, token).getJsonArray("items");
  }

  private HttpResponse<Buffer> review(String token, String id, JsonObject body) {
    return gateway.request(HttpMethod.PUT, "/api/quality/reviews/" + id, token, body);
  }

  @Test
  void onMondayEachAgentsSampleWaitsForTheSupervisorAndOnlyTheAgentReadsTheirReview(Vertx vertx) {
    team(vertx, Map.of());
    gateway.atDesk(kristin);
    List<String> hers = new ArrayList<>();
    for (String question : List.of("Ma commande n’est pas arrivée", "Je voudrais changer d’adresse",
        "Where is my refund?", "La facture est fausse", "Can I pay by bank transfer?")) {
      hers.add(resolvedBy(kristin, question));
      gateway.clock.advance(Duration.ofHours(1));
    }
    gateway.presence(kristin, "offline");
    gateway.atDesk(olav);
    List<String> his = List.of(resolvedBy(olav, "Mon colis est abîmé"), resolvedBy(olav, "Do you ship to Québec?"));

    assertTrue(reviews(sigrid, "").isEmpty(), "nothing is drawn before the week is over");
    gateway.clock.advance(Duration.between(gateway.clock.instant(), Instant.parse("2026-03-08T23:59:00Z")));
    gateway.runDueJobsButPresence();
    assertTrue(reviews(sigrid, "").isEmpty(), "Sunday 23:59: still nothing");
    gateway.clock.advance(Duration.ofMinutes(1));
    assertEquals(1, gateway.runDueJobsButPresence(), "Monday 00:00 UTC: the weekly draw");

    JsonArray drawn = reviews(sigrid, "?state=pending");
    assertEquals(5, drawn.size(), "three of Kristin's five (the default), both of Olav's");
    Set<String> expected = hers.stream().sorted(Comparator.comparing(QualityReviewsTest::rank)).limit(3)
        .collect(Collectors.toSet());
    Set<String> herDrawn = drawn.stream().map(JsonObject.class::cast).filter(r -> kristinId.equals(r.getString("agentId")))
        .map(r -> r.getString("conversationId")).collect(Collectors.toSet());
    assertEquals(expected, herDrawn, "the draw is the week's hash order, the same on every replica and every run");
    assertEquals(Set.copyOf(his), drawn.stream().map(JsonObject.class::cast).filter(r -> olavId.equals(r.getString("agentId")))
        .map(r -> r.getString("conversationId")).collect(Collectors.toSet()));
    JsonObject first = drawn.stream().map(JsonObject.class::cast).filter(r -> kristinId.equals(r.getString("agentId")))
        .findFirst().orElseThrow();
    assertEquals(WEEK, first.getString("week"));
    assertEquals("Kristin Lavransdatter", first.getString("agentName"));
    assertEquals("pending", first.getString("state"));
    JsonArray next = gateway.get("/api/admin/jobs?kind=quality-sample&state=pending", ADMIN).getJsonArray("items");
    assertEquals("2026-03-16T00:00:00Z", next.getJsonObject(0).getString("dueAt"), "and next Monday's draw is planned");

    gateway.restart();
    assertEquals(5, reviews(sigrid, "").size(), "kept across a restart, not drawn twice");
    assertTrue(reviews(kristin, "").isEmpty(), "a review waiting is not the agent's to read yet");
    String id = first.getString("id");
    String olavs = drawn.stream().map(JsonObject.class::cast).filter(r -> olavId.equals(r.getString("agentId")))
        .findFirst().orElseThrow().getString("id");
    assertEquals(404, gateway.request(HttpMethod.GET, "/api/quality/reviews/" + id, kristin, null).statusCode());

    // Refused, and nothing changes.
    assertEquals(403, review(kristin, id, new JsonObject().put("score", 5)).statusCode(), "an agent does not review");
    assertEquals(403, review(olav, id, new JsonObject().put("score", 1)).statusCode());
    HttpResponse<Buffer> tooHigh = review(sigrid, id, new JsonObject().put("score", 6).put("notes", "Parfait"));
    assertEquals(422, tooHigh.statusCode());
    assertTrue(tooHigh.bodyAsString().contains("score: must be a whole number from 1 to 5"), tooHigh.bodyAsString());
    assertEquals(422, review(sigrid, id, new JsonObject().put("notes", "Sans note")).statusCode(), "a score is required");
    assertEquals(422, review(sigrid, id, new JsonObject().put("score", "4")).statusCode());
    assertEquals(422, review(sigrid, id, new JsonObject().put("score", 4).put("notes", "x".repeat(4001))).statusCode());
    assertEquals(422, review(sigrid, id, new JsonObject().put("score", 4).put("stars", 4)).statusCode());
    assertEquals(404, review(sigrid, "rev_nope", new JsonObject().put("score", 4)).statusCode());
    assertEquals("pending", gateway.get("/api/quality/reviews/" + id, sigrid).getString("state"), "nothing was saved");
    assertEquals(422, gateway.request(HttpMethod.GET, "/api/quality/reviews?state=someday", sigrid, null).statusCode());
    assertEquals(422, gateway.request(HttpMethod.GET, "/api/quality/reviews?week=2026-03-03", sigrid, null).statusCode(),
        "a week starts on a Monday");
    assertEquals(404, gateway.request(HttpMethod.GET, "/api/quality/reviews?agent=agt_nobody", sigrid, null).statusCode());

    gateway.clock.advance(Duration.ofHours(3));
    JsonObject saved = TestGateway.ok(review(sigrid, id, new JsonObject().put("score", 4)
        .put("notes", "Réponse claire et rapide ; penser à proposer le suivi par téléphone.")), 200);
    assertEquals("done", saved.getString("state"));
    assertEquals("Sigrid Undset", saved.getString("reviewerName"));
    assertEquals("2026-03-09T03:00:00Z", saved.getString("reviewedAt"));
    TestGateway.ok(review(ADMIN, olavs, new JsonObject().put("score", 2).put("notes", "Too short with the customer.")), 200);

    JsonArray mine = reviews(kristin, "");
    assertEquals(1, mine.size(), "Kristin reads her review once it is made");
    assertEquals(4, mine.getJsonObject(0).getInteger("score"));
    assertEquals("Réponse claire et rapide ; penser à proposer le suivi par téléphone.", mine.getJsonObject(0).getString("notes"));
    assertEquals(4, gateway.get("/api/quality/reviews/" + id, kristin).getInteger("score"));
    assertEquals(403, gateway.request(HttpMethod.GET, "/api/quality/reviews/" + olavs, kristin, null).statusCode(),
        "not Olav's");
    assertEquals(403, gateway.request(HttpMethod.GET, "/api/quality/reviews?agent=" + olavId, kristin, null).statusCode());
    assertEquals("Admin", reviews(olav, "").getJsonObject(0).getString("reviewerName"), "the admin token reviews too");
    assertEquals(1, reviews(sigrid, "?state=done&agent=" + kristinId).size());
    assertEquals(3, reviews(sigrid, "?state=pending&week=" + WEEK).size());

    List<JsonObject> audited = gateway.get("/api/admin/audit", ADMIN).getJsonArray("items").stream()
        .map(JsonObject.class::cast).filter(e -> "review.saved".equals(e.getString("action"))).toList();
    assertEquals(2, audited.size(), "each review is audited");
  }

  @Test
  void aSupervisorDoesNotReviewTheirOwnConversationsAndASampleOfNoneDrawsNothing(Vertx vertx) {
    team(vertx, Map.of("RELAY_QUALITY_REVIEWS_PER_AGENT", "1"));
    String sigridId = gateway.get("/api/agents/me", sigrid).getString("id");
    gateway.atDesk(sigrid);
    resolvedBy(sigrid, "Bonjour, je n’arrive pas à me connecter");
    resolvedBy(sigrid, "Hello, my invoice is missing");
    gateway.clock.advance(Duration.ofDays(7));
    gateway.runDueJobsButPresence();
    JsonArray drawn = reviews(ADMIN, "");
    assertEquals(1, drawn.size(), "quality.reviewsPerAgent: 1");
    assertEquals(sigridId, drawn.getJsonObject(0).getString("agentId"));
    assertEquals(403, review(sigrid, drawn.getJsonObject(0).getString("id"), new JsonObject().put("score", 5)).statusCode());
    TestGateway.ok(review(ADMIN, drawn.getJsonObject(0).getString("id"), new JsonObject().put("score", 5)), 200);
    gateway.close();

    gateway = TestGateway.start(vertx, data.resolve("another-company"), Map.of("RELAY_QUALITY_REVIEWS_PER_AGENT", "0"));
    assertTrue(gateway.get("/api/admin/jobs?kind=quality-sample", ADMIN).getJsonArray("items").isEmpty(),
        "0: no weekly draw at all");
  }
}
