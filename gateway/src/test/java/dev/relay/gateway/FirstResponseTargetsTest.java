package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.domain.Message;
import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The routing rule's first-response target acts: at risk the answering agent is nudged, missed the
 * supervisors are told and the rule's escalation applies, audited and counted per team. Time is the
 * test clock; the checks are durable jobs run as the scheduler's tick would.
 */
class FirstResponseTargetsTest extends GatewayTestCase {

  private static final String ADMIN = TestGateway.ADMIN_TOKEN;

  /** A new agent of {@code team} at their desk: their id and token. */
  private String[] agent(String name, String email, String team) {
    JsonObject created = gateway.createAgent(name, email);
    String id = created.getJsonObject("agent").getString("id");
    gateway.ok(gateway.request(HttpMethod.PATCH, "/api/admin/agents/" + id, ADMIN, new JsonObject().put("team", team)), 200);
    gateway.atDesk(created.getString("token"));
    return new String[] {id, created.getString("token")};
  }

  private static boolean event(JsonObject frame, String type, String conversationId) {
    JsonObject data = frame.getJsonObject("data");
    return type.equals(frame.getString("event")) && data != null && conversationId.equals(data.getString("conversationId"));
  }

  private List<String> metricLines(String name) {
    return Arrays.stream(gateway.request(HttpMethod.GET, "/metrics", ADMIN, null).bodyAsString().split("\n"))
        .filter(line -> line.startsWith(name + "{")).toList();
  }

  private double metric(String name, String... labels) {
    return metricLines(name).stream().filter(line -> Arrays.stream(labels).allMatch(line::contains))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  @Test
  void atRiskTheAgentIsNudgedMissedTheSupervisorIsToldAndATeammateCovers() {
    gateway.rules("""
        version: 1
        defaults:
          firstResponse: PT30M
          escalation: { warnBefore: PT10M, whenMissed: cover }
        rules: []
        """);
    String[] kristin = agent("Kristin Lavransdatter", "kristin@acme.test", "facturation");
    FrameSocket kristinStream = gateway.stream(kristin[1]);
    ChatVisitor ann = gateway.visitor(new JsonObject().put("locale", "en"));
    String late = ann.say("My March invoice is wrong, I was charged twice.").getString("conversationId");
    assertEquals("Kristin Lavransdatter will answer you.", ann.notice().getString("text"));
    ChatVisitor ben = gateway.visitor(new JsonObject().put("locale", "en"));
    String answered = ben.say("Where is my parcel?").getString("conversationId");
    ben.notice();
    gateway.post("/api/conversations/" + answered + "/messages", kristin[1],
        new JsonObject().put("text", "It leaves the warehouse today, Ben."), 202);

    gateway.clock.advance(Duration.ofMinutes(1));
    String[] olav = agent("Olav Audunsson", "olav@acme.test", "facturation");
    FrameSocket olavStream = gateway.stream(olav[1]);
    String sigrid = gateway.supervisor("Sigrid Undset", "sigrid@acme.test");
    FrameSocket sigridStream = gateway.stream(sigrid);

    gateway.clock.advance(Duration.ofMinutes(19));
    gateway.runDueJobs();
    JsonObject nudge = kristinStream.next(f -> event(f, "target.at_risk", late), "Kristin nudged about Ann");
    assertEquals("2026-03-02T09:30:00Z", nudge.getJsonObject("data").getString("due"));
    assertEquals(gateway.get("/api/conversations/" + late, kristin[1]).getJsonObject("customer").getString("id"),
        nudge.getJsonObject("data").getJsonObject("customer").getString("id"), "the event says whose answer is late");
    sigridStream.next(f -> event(f, "target.at_risk", late), "the supervisor sees it at risk");
    assertEquals(1.0, metric("relay_first_response_targets_total", "outcome=\"at_risk\"", "team=\"facturation\""));
    assertEquals(1.0, metric("relay_first_response_targets_total", "outcome=\"met\"", "team=\"facturation\""),
        "Ben was answered in time");

    gateway.clock.advance(Duration.ofMinutes(10));
    gateway.runDueJobs();
    JsonObject missed = sigridStream.next(f -> event(f, "target.missed", late), "the supervisor is told it was missed");
    assertEquals("covered by " + olav[0], missed.getJsonObject("data").getString("escalation"));
    kristinStream.next(f -> event(f, "target.missed", late), "Kristin hears it too");
    assertEquals("Olav Audunsson from Kristin Lavransdatter’s team will answer you now.", ann.notice().getString("text"));
    olavStream.next(f -> "conversation.assigned".equals(f.getString("event"))
        && late.equals(f.getJsonObject("data").getJsonObject("conversation").getString("id")), "Olav gets Ann");
    JsonObject detail = gateway.get("/api/conversations/" + late, ADMIN);
    assertEquals(olav[0], detail.getJsonObject("conversation").getString("agentId"));
    assertEquals("Kristin Lavransdatter", detail.getJsonObject("owner").getString("name"), "a cover keeps the owner");

    JsonObject audit = gateway.get("/api/admin/audit?limit=20", ADMIN).getJsonArray("items").stream()
        .map(JsonObject.class::cast).filter(e -> "target.missed".equals(e.getString("action"))).findFirst().orElseThrow();
    assertEquals(late, audit.getString("target"));
    assertEquals("cover", audit.getJsonObject("details").getString("escalation"));
    assertEquals("covered by " + olav[0], audit.getJsonObject("details").getString("outcome"));
    assertEquals(1.0, metric("relay_first_response_targets_total", "outcome=\"missed\"", "team=\"facturation\""));
    assertTrue(metricLines("relay_first_response_targets_total").stream().allMatch(l -> l.contains("team=\"facturation\"")),
        "teams come from the agents: " + metricLines("relay_first_response_targets_total"));
    ann.close();
    ben.close();
  }

  @Test
  void anAnswerFollowedByManyMessagesOfTheCustomerStillMeetsTheTarget() {
    String[] kristin = agent("Kristin Lavransdatter", "kristin@acme.test", "facturation");
    String conversation;
    try (ChatVisitor ann = gateway.visitor(new JsonObject().put("locale", "fr"))) {
      conversation = ann.say("Bonjour, ma facture de mars est fausse.").getString("conversationId");
      ann.notice();
    }
    gateway.post("/api/conversations/" + conversation + "/messages", kristin[1],
        new JsonObject().put("text", "Je regarde votre facture, Ann."), 202);
    // More than the check reads at once: it has to look back past them to find Kristin's answer.
    gateway.restartAfter(store -> store.conversations().get(conversation).map(Optional::orElseThrow).compose(c -> {
      Future<?> written = Future.succeededFuture();
      for (int n = 1; n <= 45; n++) {
        Message more = new Message("msg_more" + n, c.id(), c.customerId(), Message.Direction.INBOUND, "chat",
            "Précision n° " + n + " : le montant prélevé est de 42,50 €.", new Message.Author("customer", c.customerId(), "Ann"),
            gateway.clock.instant().plusSeconds(n), null, null, null, Map.of(), List.of());
        written = written.compose(v -> store.messages().append(more));
      }
      return written;
    }));

    gateway.clock.advance(Duration.ofHours(1));
    gateway.runDueJobs();
    gateway.runDueJobs();
    assertEquals(1.0, metric("relay_first_response_targets_total", "outcome=\"met\"", "team=\"facturation\""),
        "Kristin answered in time");
    assertEquals(0.0, metric("relay_first_response_targets_total", "outcome=\"missed\""));
  }

  @Test
  void byDefaultAMissedTargetIsToldToSupervisorsAndTheConversationStays() {
    String kristin = gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
    ChatVisitor ann = gateway.visitor(new JsonObject().put("locale", "fr"));
    String conversation = ann.say("Bonjour, ma facture de mars est fausse.").getString("conversationId");
    ann.notice();
    String sigrid = gateway.supervisor("Sigrid Undset", "sigrid@acme.test");
    FrameSocket sigridStream = gateway.stream(sigrid);

    gateway.clock.advance(Duration.ofHours(1));
    gateway.runDueJobs(); // the at-risk check, 15 minutes before the hour (the built-in warning)
    gateway.runDueJobs(); // the same check at the hour
    JsonObject missed = sigridStream.next(f -> event(f, "target.missed", conversation), "the supervisor is told");
    assertEquals("notified", missed.getJsonObject("data").getString("escalation"));
    assertEquals(gateway.get("/api/conversations/" + conversation, kristin).getJsonObject("conversation").getString("agentId"),
        missed.getJsonObject("data").getJsonObject("conversation").getString("agentId"), "it stays with Kristin");
    assertEquals(1.0, metric("relay_first_response_targets_total", "outcome=\"missed\"", "team=\"none\""),
        "agents without a team count under none");
    assertEquals(0, gateway.get("/api/admin/jobs?kind=first-response&state=pending", ADMIN).getJsonArray("items").size(),
        "the check is done: nothing fires twice");
    ann.close();
  }

  @Test
  void aRuleThatReassignsGivesTheCustomerANewOwnerWhoIsNamed() {
    gateway.rules("""
        version: 1
        defaults:
          firstResponse: PT20M
          escalation: { warnBefore: PT0S, whenMissed: reassign }
        rules: []
        """);
    String[] kristin = agent("Kristin Lavransdatter", "kristin@acme.test", "facturation");
    ChatVisitor ann = gateway.visitor(new JsonObject().put("locale", "fr"));
    String conversation = ann.say("Bonjour, mon colis n’est jamais arrivé à Lyon.").getString("conversationId");
    assertEquals("Kristin Lavransdatter vous répondra.", ann.notice().getString("text"));
    gateway.clock.advance(Duration.ofMinutes(1));
    String[] olav = agent("Olav Audunsson", "olav@acme.test", "facturation");

    gateway.clock.advance(Duration.ofMinutes(19));
    assertEquals(1, gateway.due("first-response"), "no warning asked for: one check, at the due time");
    gateway.runDueJobs();
    assertEquals("Olav Audunsson suit désormais votre dossier et vous répondra.", ann.notice().getString("text"));
    JsonObject detail = gateway.get("/api/conversations/" + conversation, ADMIN);
    assertEquals("Olav Audunsson", detail.getJsonObject("owner").getString("name"));
    assertEquals(404, gateway.request(HttpMethod.GET, "/api/conversations/" + conversation, kristin[1], null).statusCode(),
        "Kristin no longer owns Ann");
    assertTrue(gateway.get("/api/admin/audit?limit=20", ADMIN).getJsonArray("items").stream().map(JsonObject.class::cast)
        .anyMatch(e -> "customer.reassigned".equals(e.getString("action"))
            && "first response missed".equals(e.getJsonObject("details").getString("reason"))
            && olav[0].equals(e.getJsonObject("details").getString("to"))));
    ann.close();
  }

  @Test
  void aCustomerNobodyFittingCanAnswerIsToldToTheSupervisors() {
    gateway.rules("""
        version: 1
        defaults:
          team: facturation
        rules: []
        """);
    String sigrid = gateway.supervisor("Sigrid Undset", "sigrid@acme.test");
    FrameSocket sigridStream = gateway.stream(sigrid);
    ChatVisitor ann = gateway.visitor(new JsonObject().put("locale", "en"));
    String conversation = ann.say("Hello, is anyone there?").getString("conversationId");
    JsonObject waiting = sigridStream.next(f -> "customer.waiting".equals(f.getString("event")), "a customer waits");
    assertEquals(conversation, waiting.getJsonObject("data").getJsonObject("conversation").getString("id"));
    ann.close();
  }
}
