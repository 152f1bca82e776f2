package dev.relay.gateway.support;

import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Real headless Chromium for a test (Debian's chromium and chromium-driver; .ci/run installs them),
 * as a JUnit extension: register it with {@code @RegisterExtension final Browsers browsers = new Browsers();}
 * and open one browser per person with {@link #open}. Tests are skipped when Chromium is not
 * installed; a failed test leaves a screenshot of each browser in target/browser-screenshots; every
 * browser is closed after each test.
 */
public final class Browsers implements BeforeEachCallback, AfterTestExecutionCallback, AfterEachCallback {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Duration WAIT = Duration.ofSeconds(10);
  private static final List<String> REPORTED_IMPACTS = List.of("serious", "critical");

  private final Map<String, WebDriver> open = new LinkedHashMap<>();

  @Override
  public void beforeEach(ExtensionContext context) {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Debian's chromium and chromium-driver are not installed (.ci/run installs them): browser tests skipped");
  }

  /** Runs before {@link #afterEach} closes the browsers: a failed test leaves a picture of each. */
  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (context.getExecutionException().isEmpty()) {
      return;
    }
    open.forEach((role, browser) -> screenshot(browser,
        Path.of("target", "browser-screenshots", context.getRequiredTestMethod().getName() + "-" + role + ".png")));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    closeAll();
  }

  /** Closes every browser of the test now (a test that simulates people leaving). */
  public void closeAll() {
    open.values().forEach(browser -> {
      try {
        browser.quit();
      } catch (RuntimeException ignored) {
        // already gone
      }
    });
    open.clear();
  }

  /** An English-speaking (en-US) person's browser, 1280×800. */
  public WebDriver open(String role) {
    return open(role, "en-US");
  }

  /**
   * A browser whose user speaks {@code language} (a BCP 47 tag): its UI and the languages it asks
   * pages for. The person is in Paris: pages show times in Europe/Paris.
   */
  public WebDriver open(String role, String language) {
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--window-size=1280,800", "--user-data-dir=" + tempProfile(), "--lang=" + language);
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language + "," + language.split("-")[0]));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, java.util.logging.Level.SEVERE);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .withEnvironment(Map.of("TZ", "Europe/Paris")).usingAnyFreePort().build();
    WebDriver browser = new ChromeDriver(service, options);
    open.put(role, browser);
    return browser;
  }

  private static Path tempProfile() {
    try {
      return Files.createTempDirectory("relay-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes what {@code browser} shows to {@code file} (PNG), e.g. for the docs' pictures. */
  public static void screenshot(WebDriver browser, Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    } catch (IOException | RuntimeException e) {
      System.err.println("no screenshot " + file + ": " + e.getMessage());
    }
  }

  public static WebElement await(WebDriver browser, By what) {
    return new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(what));
  }

  /** Clicks what {@code what} finds, finding it again while a live list re-renders it under the click. */
  public static void click(WebDriver browser, By what) {
    new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class).until(b -> {
      b.findElement(what).click();
      return true;
    });
  }

  public static void awaitText(WebDriver browser, By what, String text) {
    new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(what, text));
  }

  /** Signs in on the desk's sign-in form, which must be showing. */
  public static void signIn(WebDriver desk, String email, String password) {
    WebElement field = await(desk, By.id("email"));
    field.clear();
    field.sendKeys(email);
    desk.findElement(By.id("password")).sendKeys(password);
    desk.findElement(By.cssSelector("#signin button")).click();
  }

  /** What the page logged as errors (console.error, failed requests, uncaught exceptions) since last asked. */
  public static List<String> severeConsoleErrors(WebDriver browser) {
    List<String> errors = new ArrayList<>();
    browser.manage().logs().get(LogType.BROWSER).forEach(entry -> errors.add(entry.getMessage()));
    return errors;
  }

  /**
   * Runs axe-core (vendored in the test resources, see its LICENSE.txt) on the page as it is now and
   * answers its serious and critical violations, each as "rule (impact): help — the elements", so a
   * failed {@code assertEquals(List.of(), …)} says what to fix. Empty means none.
   */
  public static List<String> axe(WebDriver browser) {
    JavascriptExecutor page = (JavascriptExecutor) browser;
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    page.executeScript(AxeSource.TEXT + "\n;window.axe = axe;");
    Object answer = page.executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ['violations']})
          .then(result => done(JSON.stringify(result.violations.map(v => ({
              id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})))))
          .catch(error => done(JSON.stringify([{id: 'axe-failed', impact: 'critical', help: String(error), nodes: []}])));
        """);
    List<String> found = new ArrayList<>();
    new JsonArray(String.valueOf(answer)).stream().map(io.vertx.core.json.JsonObject.class::cast)
        .filter(violation -> REPORTED_IMPACTS.contains(violation.getString("impact")))
        .forEach(violation -> found.add(violation.getString("id") + " (" + violation.getString("impact") + "): "
            + violation.getString("help") + " — " + violation.getJsonArray("nodes").encode()));
    return found;
  }

  /** axe-core's source, read once. */
  private static final class AxeSource {
    static final String TEXT = read();

    private static String read() {
      try (InputStream in = Browsers.class.getResourceAsStream("/axe/axe.min.js")) {
        if (in == null) {
          throw new IllegalStateException("axe/axe.min.js is missing from the test resources");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
