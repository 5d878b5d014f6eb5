package org.chargebay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** A bay from configuration (RD6018 over Modbus TCP + JBD over TCP), operated through the API. */
@QuarkusTest
@TestProfile(ConfiguredBayIT.Profile.class)
@QuarkusTestResource(value = SimulatedBenchResource.class, restrictToAnnotatedClass = true)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ConfiguredBayIT {

  /** Every call of this test as the test operator (a configured bay needs a login to read). */
  private static RequestSpecification given() {
    return TestLogins.OPERATOR.given();
  }

  /** Its own profile, so that the demo app of the other tests is a separate boot. */
  public static class Profile implements QuarkusTestProfile {}

  @Test
  void configured_bay_is_idle_until_started_then_charges_and_stops_on_request() {
    JsonPath idle = await(b -> b.get("packVolts") != null, Duration.ofSeconds(20));
    assertThat(idle.getString("phase")).isEqualTo("IDLE");
    assertThat(idle.getDouble("packVolts")).isBetween(47.0, 48.5);
    assertThat(idle.getBoolean("supplyOutputOn")).isFalse();

    given()
        .contentType("application/json")
        .body("{\"cellCeilingVolts\": 4.10, \"currentAmps\": 1.5}")
        .post("/api/bays/bench1/start")
        .then()
        .statusCode(200)
        .body("events", hasItems("ChargeStarted", "SetpointChanged"));
    JsonPath charging =
        await(
            b -> "CC".equals(b.getString("phase")) && Boolean.TRUE.equals(b.get("supplyOutputOn")),
            Duration.ofSeconds(20));
    assertThat(charging.getDouble("supplyAmps")).isEqualTo(1.5);

    given()
        .contentType("application/json")
        .body("{}")
        .post("/api/bays/bench1/start")
        .then()
        .statusCode(409)
        .body("error", equalTo("start_refused"))
        .body("reason", containsString("ALREADY_CHARGING"));

    given()
        .contentType("application/json")
        .body("{\"reason\": \"pack needed\"}")
        .post("/api/bays/bench1/stop")
        .then()
        .statusCode(200)
        .body("events", hasItems("RampDownStarted", "SetpointChanged"))
        .body("events", not(hasItems("ChargeStopped")));
    await(
        b -> "IDLE".equals(b.getString("phase")) && Boolean.FALSE.equals(b.get("supplyOutputOn")),
        Duration.ofSeconds(20));

    JsonPath events =
        given()
            .get("/api/bays/bench1/events")
            .then()
            .statusCode(200)
            .body("[0].type", equalTo("ChargeStarted"))
            .body("[0].data.profile.cellCeilingMillivolts", equalTo(4100))
            .body("[0].data.profile.chargeCurrentMilliamps", equalTo(1500))
            .extract()
            .jsonPath();
    // a configured bay ramps down by default: three steps, one per poll, then the output opens
    List<String> types = events.getList("type", String.class);
    int ramp = types.indexOf("RampDownStarted");
    int stopped = types.indexOf("ChargeStopped");
    assertThat(ramp).as("%s", types).isNotNegative();
    assertThat(stopped).as("%s", types).isGreaterThan(ramp);
    assertThat(events.getInt("[" + ramp + "].data.steps")).isEqualTo(3);
    assertThat(events.getString("[" + stopped + "].data.reason")).isEqualTo("pack needed");
    List<String> steps = new ArrayList<>();
    for (int i = ramp + 1; i < stopped; i++) {
      if ("SetpointChanged".equals(types.get(i))) {
        steps.add(
            events.getString("[" + i + "].data.cause").substring(0, "ramp-down k/3".length()));
      }
    }
    assertThat(steps)
        .as("the stop's ChargeStopped follows within the ramp's 3 polls")
        .containsExactly("ramp-down 1/3", "ramp-down 2/3", "ramp-down 3/3");
  }

  private static JsonPath await(Predicate<JsonPath> done, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    JsonPath last = null;
    while (System.nanoTime() < deadline) {
      last = given().get("/api/bays/bench1").then().statusCode(200).extract().jsonPath();
      if (done.test(last)) {
        return last;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError(
        "bay not as expected within " + max + ": " + (last == null ? "" : last.prettify()));
  }
}
