package org.chargebay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * JUNTEK bays from configuration, through the API: without {@code supply.accept-no-hardware-limits}
 * the start is a 409 naming the key and the status shows the refusal; with it the session starts
 * and the status says it has no hardware backstop.
 */
@QuarkusTest
@TestProfile(NoHardwareLimitsBayIT.Profile.class)
@QuarkusTestResource(value = JuntekBaysResource.class, restrictToAnnotatedClass = true)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class NoHardwareLimitsBayIT {

  /** Every call of this test as the test operator (a configured bay needs a login to read). */
  private static RequestSpecification given() {
    return TestLogins.OPERATOR.given();
  }

  /** Its own profile, so that this app is a separate boot. */
  public static class Profile implements QuarkusTestProfile {}

  @Test
  void without_the_opt_in_the_start_is_refused_with_the_key_and_the_status_shows_it() {
    await(
        "strict",
        b -> b.get("packVolts") != null && b.get("supplyVolts") != null,
        Duration.ofSeconds(20));

    given()
        .contentType("application/json")
        .body("{}")
        .post("/api/bays/strict/start")
        .then()
        .statusCode(409)
        .body("error", equalTo("start_refused"))
        .body(
            "reason",
            containsString("NO_HARDWARE_LIMITS: DPH8920 max 96000 mV / 20000 mA, no OVP/OCP"))
        .body(
            "reason",
            containsString("set chargebay.bays.strict.supply.accept-no-hardware-limits=true"));

    JsonPath status = given().get("/api/bays/strict").then().statusCode(200).extract().jsonPath();
    assertThat(status.getString("phase")).isEqualTo("IDLE");
    assertThat(status.getBoolean("supplyOutputOn")).isFalse();
    assertThat(status.getString("lastRefusal")).startsWith("NO_HARDWARE_LIMITS: DPH8920");
    given()
        .get("/api/bays/strict/events")
        .then()
        .statusCode(200)
        .body("[0].type", equalTo("StartRefused"))
        .body("[0].data.reason", equalTo("NO_HARDWARE_LIMITS"));
  }

  @Test
  void with_the_opt_in_the_session_starts_and_the_status_says_there_is_no_hardware_backstop() {
    await(
        "accepting",
        b -> b.get("packVolts") != null && b.get("supplyVolts") != null,
        Duration.ofSeconds(20));

    given()
        .contentType("application/json")
        .body("{}")
        .post("/api/bays/accepting/start")
        .then()
        .statusCode(200)
        .body("events", hasItems("ChargeStarted", "SetpointChanged"));

    JsonPath charging =
        await(
            "accepting", b -> Boolean.TRUE.equals(b.get("supplyOutputOn")), Duration.ofSeconds(20));
    assertThat(charging.getString("supplyTerms"))
        .startsWith(
            "no hardware backstop (capabilities: DPH8920 max 96000 mV / 20000 mA, no OVP/OCP");
    given()
        .get("/api/bays/accepting/events")
        .then()
        .statusCode(200)
        .body("[0].type", equalTo("ChargeStarted"))
        .body("[0].schemaVersion", equalTo(4))
        .body("[0].data.supply.hardwareBackstop", equalTo(false))
        .body("[0].data.supply.supplyModel", equalTo("DPH8920"));

    given()
        .contentType("application/json")
        .body("{\"reason\": \"done\"}")
        .post("/api/bays/accepting/stop")
        .then()
        .statusCode(200);
    await("accepting", b -> Boolean.FALSE.equals(b.get("supplyOutputOn")), Duration.ofSeconds(20));
  }

  private static JsonPath await(String bay, Predicate<JsonPath> done, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    JsonPath last = null;
    while (System.nanoTime() < deadline) {
      last = given().get("/api/bays/" + bay).then().statusCode(200).extract().jsonPath();
      if (done.test(last)) {
        return last;
      }
      // a pause between polls: a busy loop of requests takes the CPU the bays' loops need
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
    }
    throw new AssertionError(
        "bay "
            + bay
            + " not as expected within "
            + max
            + "; last status "
            + (last == null ? "" : last.prettify()));
  }
}
