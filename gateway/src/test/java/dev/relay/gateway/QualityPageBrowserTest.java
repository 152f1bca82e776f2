package dev.relay.gateway;

import static dev.relay.gateway.support.Browsers.await;
import static dev.relay.gateway.support.Browsers.awaitText;
import static dev.relay.gateway.support.Browsers.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.Browsers;
import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The quality page in real Chromium: the supervisor reads the report (charts drawn by the vendored
 * Chart.js, the same figures in a table) and reviews a sampled conversation; the agent, whose
 * browser speaks French, reads her own figures and the review in French.
 */
class QualityPageBrowserTest extends GatewayTestCase {

  @RegisterExtension
  final Browsers browsers = new Browsers();
  static final String PASSWORD = "cheval agrafe batterie correcte";
  static final String ADMIN = TestGateway.ADMIN_TOKEN;

  @BeforeEach
  void aWeekOfWork() {
    String kristin = person(gateway.createAgent("Kristin Lavransdatter", "kristin@acme.test"));
    person(gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", "Sigrid Undset")
        .put("email", "sigrid@acme.test").put("role", "supervisor").put("team", "paris"), 201));
    gateway.atDesk(kristin);
    for (int minutes : List.of(3, 9)) {
      ChatVisitor visitor = gateway.newVisitor();
      String conversation = visitor.say("Bonjour, ma commande n’est toujours pas arrivée").getString("conversationId");
      gateway.clock.advance(Duration.ofMinutes(minutes));
      gateway.post("/api/conversations/" + conversation + "/messages", kristin,
          new JsonObject().put("text", "Je regarde tout de suite."), 202);
      gateway.post("/api/conversations/" + conversation + "/resolve", kristin, null, 200);
      visitor.close();
    }
    gateway.clock.advance(Duration.ofDays(7));
    gateway.runDueJobsButPresence(); // Monday: the sample is drawn, the check-ins are written
  }

  /** The person created, with a password set by the admin so they sign in on the desk like anyone; their token. */
  private String person(JsonObject created) {
    TestGateway.ok(gateway.request(HttpMethod.PUT, "/api/admin/agents/" + created.getJsonObject("agent").getString("id")
        + "/password", ADMIN, new JsonObject().put("password", PASSWORD)), 200);
    return created.getString("token");
  }

  private String url(String path) {
    return "http://localhost:" + gateway.port() + path;
  }

  private WebDriver qualityPage(String role, String language, String email, String heading) {
    WebDriver browser = browsers.open(role, language);
    browser.get(url("/desk/"));
    signIn(browser, email, PASSWORD);
    awaitText(browser, By.id("me"), email.startsWith("sigrid") ? "Sigrid Undset" : "Kristin Lavransdatter");
    browser.get(url("/desk/quality.html?from=2026-03-02&to=2026-03-15"));
    awaitText(browser, By.cssSelector("header h1"), heading);
    await(browser, By.cssSelector("#figure-rows tr"));
    return browser;
  }

  private static Object script(WebDriver browser, String js) {
    return ((JavascriptExecutor) browser).executeScript(js);
  }

  @Test
  void theSupervisorReadsTheChartsAndReviewsTheAgentReadsItInFrench() {
    WebDriver supervisor = qualityPage("supervisor", "en-US", "sigrid@acme.test", "Quality");
    assertEquals("Relay — quality", supervisor.getTitle());
    WebElement kristinRow = await(supervisor, By.xpath("//tbody[@id='figure-rows']/tr[th='Kristin Lavransdatter']"));
    List<String> cells = kristinRow.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
    assertEquals(List.of("2", "6 min", "0", "—", "2 / 0 / 0 / 0", "0 of 0"), cells,
        "two first answers (3 and 9 minutes: median 6), two check-ins written");
    await(supervisor, By.xpath("//tbody[@id='figure-rows']/tr[th='Team paris']"));
    assertEquals("Kristin Lavransdatter,Sigrid Undset", script(supervisor,
        "return Chart.getChart('response-chart').data.labels.join(',')"), "Chart.js drew the agents");
    assertEquals(6L, script(supervisor, "return Chart.getChart('response-chart').data.datasets[0].data[0]"));
    assertEquals(2L, script(supervisor, "return Chart.getChart('follow-up-chart').data.datasets[0].data[0]"));
    assertTrue(supervisor.findElement(By.id("response-chart")).getAttribute("aria-label")
        .contains("Kristin Lavransdatter 6"), "the chart says its figures to a screen reader");
    assertTrue(((String) script(supervisor, "return [...document.scripts].map(s => s.src).join(' ')"))
        .contains(url("/common/vendor/chart.umd.min.js")), "Chart.js is served by Relay, from no CDN");

    WebElement review = await(supervisor, By.cssSelector("#reviews li form"));
    new Select(review.findElement(By.name("score"))).selectByValue("5");
    review.findElement(By.name("notes")).sendKeys("Réponses rapides et aimables ; bravo.");
    review.findElement(By.cssSelector("button")).click();
    awaitText(supervisor, By.id("reviews"), "Reviewed by Sigrid Undset: 5 / 5");
    assertEquals(List.of(), Browsers.axe(supervisor), "no serious accessibility problem");
    assertEquals(List.of(), Browsers.severeConsoleErrors(supervisor));

    WebDriver agent = qualityPage("agent", "fr-FR", "kristin@acme.test", "Qualité");
    assertEquals("Relay — qualité", agent.getTitle());
    assertEquals("fr", agent.findElement(By.tagName("html")).getAttribute("lang"));
    awaitText(agent, By.id("reviews"), "Évaluée par Sigrid Undset : 5 / 5");
    assertTrue(agent.findElement(By.id("reviews")).getText().contains("Semaine du 2 mars 2026 : Kristin Lavransdatter"),
        agent.findElement(By.id("reviews")).getText());
    assertTrue(agent.findElement(By.id("reviews")).getText().contains("Réponses rapides et aimables ; bravo."));
    assertTrue(agent.findElements(By.cssSelector("#reviews form")).isEmpty(), "an agent does not review");
    List<WebElement> rows = agent.findElements(By.cssSelector("#figure-rows tr"));
    assertEquals(1, rows.size(), "her own figures only");
    assertEquals("2 / 0 / 0 / 0", rows.get(0).findElements(By.tagName("td")).get(4).getText());
    assertEquals("Premières réponses", agent.findElement(By.cssSelector("#figures thead th:nth-child(2)")).getText());
    assertEquals("6 min", rows.get(0).findElements(By.tagName("td")).get(1).getText());
    assertTrue(!agent.findElement(By.id("team-label")).isDisplayed(), "no team picker for an agent");
    assertEquals(List.of(), Browsers.axe(agent));
    assertEquals(List.of(), Browsers.severeConsoleErrors(agent));

    // She would rather read it in English: the header's language picker, kept for her next visit.
    new Select(agent.findElement(By.id("language"))).selectByValue("en");
    awaitText(agent, By.cssSelector("header h1"), "Quality");
    assertEquals("en", agent.findElement(By.tagName("html")).getAttribute("lang"));
    assertEquals("Language", agent.findElement(By.cssSelector("header label.language span")).getText());
  }

  @Test
  void aBadPeriodIsToldOnThePageAndTheFiguresStay() {
    WebDriver supervisor = qualityPage("supervisor", "en-US", "sigrid@acme.test", "Quality");
    WebElement from = supervisor.findElement(By.id("from"));
    script(supervisor, "document.getElementById('from').value = '2026-03-20';");
    supervisor.findElement(By.cssSelector("#period button")).click();
    awaitText(supervisor, By.id("report-error"), "to: must not be before from");
    assertEquals(3, supervisor.findElements(By.cssSelector("#figure-rows tr")).size(),
        "the figures shown before stay (two agents and the team)");
    assertEquals("2026-03-20", from.getAttribute("value"));
  }
}
