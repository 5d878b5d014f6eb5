package org.chargebay.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.chargebay.events.Phase;
import org.chargebay.simulator.SimulatedBay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator page in a real browser: Debian's headless Chromium driven by chromedriver, against
 * the running demo (its clock at x60, so that a charge lasts while the page is used). Screenshots
 * of each test's end state go to {@code target/screenshots/}.
 */
@QuarkusTest
@TestProfile(OperatorPageIT.Profile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OperatorPageIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Path SHOTS = Path.of("target/screenshots");

  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("chargebay.demo.clock-speed", "60");
    }
  }

  private static ChromeDriverService service;
  private static WebDriver browser;

  @Inject BayRegistry registry;

  @TestHTTPResource("/")
  URL base;

  @BeforeAll
  static void startBrowser() throws IOException {
    // Debian's packages, named explicitly: Selenium Manager must not look for (or download) any
    service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1024,768");
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
    if (service != null) {
      service.stop();
    }
  }

  @AfterEach
  void screenshot(TestInfo test) throws IOException {
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(
        shot.toPath(),
        SHOTS.resolve(test.getTestMethod().orElseThrow().getName() + ".png"),
        StandardCopyOption.REPLACE_EXISTING);
    browser.manage().deleteAllCookies();
  }

  /** A bounded wait; the page replaces a bay's card on every update, so stale ones are retried. */
  private WebDriverWait waiting() {
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  private WebElement card(String bay) {
    return waiting()
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[data-bay='" + bay + "']")));
  }

  private void open(String fragment) {
    browser.get(base.toString() + fragment);
  }

  private void logIn(TestLogins user) {
    open("");
    WebElement form =
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
    form.findElement(By.id("login-name")).sendKeys(user.name);
    form.findElement(By.id("login-password")).sendKeys(user.password);
    form.findElement(By.id("login-submit")).click();
    waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-name"), user.name));
  }

  private Phase phase() {
    return registry.bay("demo-1").orElseThrow().status().phase();
  }

  @Test
  @Order(1)
  void the_grid_shows_every_bay_and_updates_live() {
    open("");
    card("demo-1");
    @SuppressWarnings("unchecked")
    List<String> shown =
        (List<String>)
            ((JavascriptExecutor) browser)
                .executeScript(
                    "return Array.from(document.querySelectorAll('.bay-card'))"
                        + ".map(c => c.dataset.bay)");
    assertThat(shown)
        .containsExactlyInAnyOrderElementsOf(registry.bays().stream().map(b -> b.id()).toList());
    waiting().until(ExpectedConditions.textToBe(By.id("live"), "live"));
    // read inside a wait that ignores a card re-rendered between finding and reading it
    String before =
        waiting().until(d -> card("demo-1").findElement(By.cssSelector(".pack-volts")).getText());
    // no reload: the status stream changes the card as the demo pack charges
    waiting()
        .until(
            d -> {
              String now = card("demo-1").findElement(By.cssSelector(".pack-volts")).getText();
              return !now.equals(before) && !now.equals("–");
            });
    waiting()
        .until(
            d ->
                card("demo-1")
                    .findElement(By.cssSelector(".phase"))
                    .getText()
                    .equals(phase().name()));
  }

  @Test
  @Order(2)
  void a_viewer_sees_no_action_buttons() {
    logIn(TestLogins.VIEWER);
    open("#bay/demo-1");
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("detail-view")));
    waiting().until(d -> !d.findElements(By.cssSelector("#cells .cell-bar")).isEmpty());
    assertThat(browser.findElements(By.cssSelector("#actions button"))).isEmpty();
    assertThat(browser.findElements(By.cssSelector("button[class*='action-']"))).isEmpty();
    assertThat(browser.findElement(By.id("user-name")).getText()).isEqualTo("viewer (viewer)");
    assertThat(browser.findElements(By.cssSelector("#cells .ceiling-line"))).hasSize(1);
  }

  @Test
  @Order(3)
  void an_operator_stops_and_starts_the_bay_from_the_page() {
    logIn(TestLogins.OPERATOR);
    waiting().until(d -> phase().charging());
    open("#bay/demo-1");
    WebElement stop =
        waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector(".action-stop")));
    browser.findElement(By.id("stop-reason")).sendKeys("pack swap");
    stop.click();
    waiting().until(d -> !phase().inSession());
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("timeline"), "Stopped by operator: pack swap"));

    WebElement start =
        waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector(".action-start")));
    start.click();
    waiting().until(d -> phase().charging());
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("timeline"), "Charge started"));
    waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector(".action-stop")));
  }

  @Test
  @Order(4)
  void an_acknowledged_fault_disappears_from_the_grid() {
    logIn(TestLogins.OPERATOR);
    waiting().until(d -> phase().charging());
    // a cell that heats by a degree per simulated second: the safety supervisor cuts the bay off
    // within a few polls (a fault that waits for the pack to reach its ceiling takes half a minute
    // of wall time at x60)
    SimulatedBay pack = registry.demoBay().orElseThrow().simulated("demo-1");
    pack.heatCell(60.0);
    waiting().until(d -> !card("demo-1").findElements(By.cssSelector(".fault-badge")).isEmpty());
    pack.heatCell(0.0);

    open("#bay/demo-1");
    WebElement cutoff =
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("cutoff")));
    assertThat(cutoff.getText())
        .contains("Why the charge was cut off:")
        .contains("The supply said:");
    browser.findElement(By.id("ack-note")).sendKeys("supply replaced");
    waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector(".action-ack"))).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("timeline"), "Fault acknowledged by operator: supply replaced"));

    open("");
    waiting().until(d -> phase() != Phase.FAULT);
    waiting().until(d -> card("demo-1").findElements(By.cssSelector(".fault-badge")).isEmpty());
    waiting().until(d -> !card("demo-1").getAttribute("class").contains("faulted"));
  }
}
