package dev.relay.gateway;

import static dev.relay.gateway.support.Browsers.await;
import static dev.relay.gateway.support.Browsers.awaitText;
import static dev.relay.gateway.support.Browsers.axe;
import static dev.relay.gateway.support.Browsers.severeConsoleErrors;
import static dev.relay.gateway.support.Browsers.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.gateway.support.Browsers;
import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The supervisor board in real Chromium: it updates live when a first answer is missed, a
 * supervisor takes a conversation over and reassigns a customer from it, in English and in French,
 * without errors or serious accessibility violations; and the agent's desk nudges them when the
 * first answer is at risk.
 */
class SupervisorBoardBrowserTest extends GatewayTestCase {

  @RegisterExtension
  final Browsers browsers = new Browsers();
  static final String PASSWORD = "cheval agrafe batterie correcte";

  ChatVisitor anne;
  String conversation;
  String kristinId;

  @BeforeEach
  void anneWaitsForKristin() {
    JsonObject kristin = gateway.createAgent("Kristin Lavransdatter", "kristin@acme.test");
    kristinId = kristin.getJsonObject("agent").getString("id");
    gateway.atDesk(kristin.getString("token"));
    anne = gateway.visitor(new JsonObject().put("name", "Anne Lefèvre").put("locale", "fr"));
    conversation = anne.say("Bonjour, ma facture de mars est fausse : 42,50 € de trop.").getString("conversationId");
    anne.notice();
    gateway.clock.advance(Duration.ofMinutes(1));
    gateway.onlineAgent("Olav Audunsson", "olav@acme.test");
    JsonObject sigrid = gateway.createAgent("Sigrid Undset", "sigrid@acme.test");
    String id = sigrid.getJsonObject("agent").getString("id");
    TestGateway.ok(gateway.request(HttpMethod.PATCH, "/api/admin/agents/" + id, TestGateway.ADMIN_TOKEN,
        new JsonObject().put("role", "supervisor")), 200);
    TestGateway.ok(gateway.request(HttpMethod.PUT, "/api/admin/agents/" + id + "/password", TestGateway.ADMIN_TOKEN,
        new JsonObject().put("password", PASSWORD)), 200);
    gateway.clock.advance(Duration.ofMinutes(49));
  }

  private WebDriver board(String language) {
    WebDriver desk = browsers.open("supervisor", language);
    desk.get("http://localhost:" + gateway.port() + "/desk/");
    signIn(desk, "sigrid@acme.test", PASSWORD);
    await(desk, By.id("board-link")).click();
    return desk;
  }

  @Test
  void theBoardTurnsAMissedTargetRedLiveAndTheSupervisorTakesOverThenReassigns() {
    WebDriver desk = board("en-US");
    awaitText(desk, By.id("waiting"), "Anne Lefèvre");
    awaitText(desk, By.id("waiting"), "50 min");
    awaitText(desk, By.id("at-risk"), "1 at risk");
    awaitText(desk, By.id("today-counts"), "0 callbacks · 0 follow-ups");
    awaitText(desk, By.id("agents"), "Olav Audunsson");
    awaitText(desk, By.id("live"), "Live");

    gateway.clock.advance(Duration.ofMinutes(10));
    gateway.runDueJobs(); // the at-risk check, then the same check at the due time
    gateway.runDueJobs();
    awaitText(desk, By.id("missed"), "1 missed"); // pushed by the target.missed event, no reload
    awaitText(desk, By.cssSelector("#waiting .overdue"), "missed");

    Browsers.click(desk, By.cssSelector("#waiting button[aria-label='Take over the conversation with Anne Lefèvre']"));
    awaitText(desk, By.id("board-result"), "You answer Anne Lefèvre now.");
    awaitText(desk, By.id("waiting"), "Sigrid Undset");
    assertEquals("Sigrid Undset reprend votre échange et va vous répondre.", anne.notice().getString("text"));

    new Select(desk.findElement(By.cssSelector("#waiting select[aria-label='Reassign Anne Lefèvre to']")))
        .selectByVisibleText("Olav Audunsson");
    Browsers.click(desk, By.xpath("//tbody[@id='waiting']//button[text()='Reassign']"));
    awaitText(desk, By.id("board-result"), "Anne Lefèvre now has Olav Audunsson as their agent.");
    awaitText(desk, By.id("waiting"), "Olav Audunsson");
    assertEquals("Olav Audunsson suit désormais votre dossier et vous répondra.", anne.notice().getString("text"));
    assertEquals("Olav Audunsson", gateway.get("/api/conversations/" + conversation, TestGateway.ADMIN_TOKEN)
        .getJsonObject("owner").getString("name"));

    awaitText(desk, By.id("agents"), "reachable");
    Browsers.screenshot(desk, Path.of("target", "browser-screenshots", "board-en.png"));
    assertEquals(List.of(), axe(desk), "no serious accessibility problem on the board");
    assertEquals(List.of(), severeConsoleErrors(desk), "no errors on the board");
    anne.close();
  }

  @Test
  void aFrenchSpeakingSupervisorReadsTheBoardInFrench() {
    WebDriver desk = board("fr-FR");
    awaitText(desk, By.id("waiting-title"), "Clients en attente");
    awaitText(desk, By.id("waiting"), "Anne Lefèvre");
    awaitText(desk, By.id("waiting"), "à risque");
    awaitText(desk, By.id("at-risk"), "à risque : 1"); // a no-break space before the colon, which Selenium reads as a space
    awaitText(desk, By.id("today-title"), "Appels prévus aujourd’hui");
    awaitText(desk, By.id("nothing-today"), "Aucun appel prévu aujourd’hui.");
    awaitText(desk, By.id("agents"), "joignable");
    assertEquals("fr", desk.findElement(By.tagName("html")).getAttribute("lang"));
    assertEquals("Relay — tableau de bord", desk.getTitle());
    awaitText(desk, By.id("live"), "En direct");

    Browsers.click(desk, By.cssSelector("#waiting button[aria-label='Reprendre la conversation avec Anne Lefèvre']"));
    awaitText(desk, By.id("board-result"), "Vous répondez désormais à Anne Lefèvre.");
    Browsers.screenshot(desk, Path.of("target", "browser-screenshots", "board-fr.png"));
    assertEquals(List.of(), axe(desk), "no serious accessibility problem on the French board");
    assertEquals(List.of(), severeConsoleErrors(desk), "no errors on the board");
    anne.close();
  }

  @Test
  void theAgentIsNudgedOnTheirDeskWhenTheFirstAnswerIsAtRisk() {
    TestGateway.ok(gateway.request(HttpMethod.PUT, "/api/admin/agents/" + kristinId + "/password", TestGateway.ADMIN_TOKEN,
        new JsonObject().put("password", PASSWORD)), 200);
    WebDriver desk = browsers.open("agent", "fr-FR");
    desk.get("http://localhost:" + gateway.port() + "/desk/");
    signIn(desk, "kristin@acme.test", PASSWORD);
    awaitText(desk, By.id("live"), "En direct");
    gateway.runDueJobs(); // the check fifteen minutes before the answer is due
    awaitText(desk, By.id("nudge"), "Répondez à Anne Lefèvre avant");
    assertEquals(List.of(), severeConsoleErrors(desk), "no errors on the desk");
    anne.close();
  }
}
