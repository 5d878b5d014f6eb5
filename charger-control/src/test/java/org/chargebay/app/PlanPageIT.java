package org.chargebay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.chargebay.events.CommandAudited;
import org.chargebay.events.PlanComputed;
import org.chargebay.events.codec.EventCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
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
 * The depot planner on the running demo (its clock at real time, so that the charges last) with a
 * site cap and no meter: the departure API, the plan API and the operator page's plan timeline in a
 * real browser (Debian's headless Chromium).
 */
@QuarkusTest
@TestProfile(PlanPageIT.Profile.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PlanPageIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "chargebay.demo.clock-speed", "1",
          // a loaded build machine must not stall the loops into watchdog cut-offs here
          "chargebay.watchdog.stall-after", "60s",
          "chargebay.site.cap-kw", "0.25",
          "chargebay.site.step-minutes", "1");
    }
  }

  private static ChromeDriverService service;
  private static WebDriver browser;

  @Inject BayRegistry registry;

  @TestHTTPResource("/")
  URL base;

  @BeforeAll
  static void startBrowser() throws IOException {
    service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1024,900");
    browser = new ChromeDriver(service, options);
    Files.createDirectories(Path.of("target/screenshots"));
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

  private static WebDriverWait waiting() {
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  @Test
  void a_departure_is_validated_recorded_and_planned_and_the_page_draws_the_timeline()
      throws Exception {
    // bad input: 400 naming the field; a viewer may not set one
    TestLogins.OPERATOR
        .given()
        .contentType(ContentType.JSON)
        .body("{\"at\": \"tomorrow\", \"targetSocPct\": 90}")
        .put("/api/bays/demo-1/departure")
        .then()
        .statusCode(400)
        .body("reason", containsString("at must be an ISO-8601 instant"));
    TestLogins.OPERATOR
        .given()
        .contentType(ContentType.JSON)
        .body("{\"at\": \"" + Instant.now().plus(Duration.ofHours(3)) + "\", \"targetSocPct\": 0}")
        .put("/api/bays/demo-1/departure")
        .then()
        .statusCode(400)
        .body("reason", containsString("targetSocPct must be 1..100"));
    TestLogins.VIEWER
        .given()
        .contentType(ContentType.JSON)
        .body("{\"at\": \"" + Instant.now().plus(Duration.ofHours(3)) + "\"}")
        .put("/api/bays/demo-1/departure")
        .then()
        .statusCode(403);

    // a departure no demo pack can make: each needs more than 35 min at its full current to go
    // from about 30 % to 95 %
    String bay =
        waiting()
            .until(
                d ->
                    registry.bays().stream()
                        .filter(b -> b.status().phase().charging())
                        .map(b -> b.id())
                        .sorted()
                        .findFirst()
                        .orElse(null));
    Instant now = registry.bay(bay).orElseThrow().status().updatedAt();
    Instant at = now.plus(Duration.ofMinutes(20));
    TestLogins.OPERATOR
        .given()
        .contentType(ContentType.JSON)
        .body("{\"at\": \"" + at + "\", \"targetSocPct\": 95}")
        .put("/api/bays/" + bay + "/departure")
        .then()
        .statusCode(200)
        .body("bay", equalTo(bay));

    JsonPath plan =
        waiting()
            .until(
                d -> {
                  JsonPath p =
                      TestLogins.VIEWER.given().get("/api/plan").then().extract().jsonPath();
                  List<String> ids = p.getList("bays.id");
                  return ids != null && ids.contains(bay) && p.getList("infeasible").contains(bay)
                      ? p
                      : null;
                });
    assertThat(plan.getBoolean("enabled")).isTrue();
    assertThat(plan.getDouble("capKw")).isEqualTo(0.25);
    assertThat(plan.getString("meter.state")).isEqualTo("none");
    assertThat(plan.getString("bays.find { it.id == '" + bay + "' }.departure"))
        .isEqualTo(at.toString());
    assertThat(plan.getBoolean("bays.find { it.id == '" + bay + "' }.meetsTarget")).isFalse();
    assertThat(plan.getDouble("peakKw")).isLessThanOrEqualTo(0.25);

    // recorded: the departure and the plans in the journal, the command in the audit trail
    var store = registry.store().orElseThrow();
    EventCodec codec = EventCodec.standard();
    assertThat(
            store.readStream(PlanComputed.STREAM, 1).stream()
                .map(e -> e.type())
                .filter(t -> t.equals("DepartureSet"))
                .count())
        .isGreaterThanOrEqualTo(1);
    assertThat(
            store.readStream(CommandAudited.STREAM, 1).stream()
                .map(codec::decode)
                .map(CommandAudited.class::cast)
                .filter(a -> a.action().equals("departure_set"))
                .map(CommandAudited::outcome)
                .toList())
        .contains("done", "refused");

    // the page: the timeline with slots, the cap line, the infeasible departure called out
    browser.get(base.toString());
    WebElement form =
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
    form.findElement(By.id("login-name")).sendKeys(TestLogins.VIEWER.name);
    form.findElement(By.id("login-password")).sendKeys(TestLogins.VIEWER.password);
    form.findElement(By.id("login-submit")).click();
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("plan")));
    waiting().until(d -> !d.findElements(By.cssSelector("#plan-timeline .plan-slot")).isEmpty());
    assertThat(browser.findElements(By.cssSelector("#plan-timeline .plan-cap"))).hasSize(1);
    assertThat(
            browser.findElements(
                By.cssSelector("#plan-timeline .plan-row[data-bay='" + bay + "']")))
        .hasSize(1);
    waiting()
        .until(
            d ->
                !d.findElements(
                        By.cssSelector(
                            "#plan-timeline .plan-row.infeasible[data-bay='" + bay + "']"))
                    .isEmpty());
    waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("plan-infeasible"), bay));
    assertThat(browser.findElement(By.id("plan-summary")).getText()).contains("cap 0.25 kW");
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(
        shot.toPath(),
        Path.of("target/screenshots/plan_timeline.png"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
