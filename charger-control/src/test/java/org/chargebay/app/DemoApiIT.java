package org.chargebay.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The app with no configuration runs the three demo bays; here their virtual clock runs as fast as
 * the loopback I/O allows, so the charges complete in seconds to minutes.
 */
@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DemoApiIT {

  /** The management interface; its URL's path is the management root, only its port is used. */
  @TestHTTPResource(value = "/", management = true)
  URL management;

  private String management(String path) {
    return "http://127.0.0.1:" + management.getPort() + path;
  }

  @Test
  void demo_bay_charges_to_complete_and_the_api_metrics_and_health_show_it() {
    JsonPath bay = awaitPhase("COMPLETE", Duration.ofSeconds(90));
    assertThat(bay.getString("id")).isEqualTo("demo-1");
    assertThat(bay.getDouble("ceilingVolts")).isEqualTo(4.15);
    assertThat(bay.getDouble("cellMaxVolts")).isBetween(4.0, 4.155);
    assertThat(bay.getDouble("ampHours")).isBetween(1.0, 1.6);
    assertThat(bay.getDouble("wattHours")).isBetween(50.0, 90.0);

    List<String> types =
        given()
            .get("/api/bays/demo-1/events")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("type");
    assertThat(types).startsWith("ChargeStarted", "SetpointChanged").contains("PhaseChanged");
    assertThat(types.get(types.size() - 1)).isEqualTo("ChargeCompleted");
    given()
        .get("/api/bays/demo-1/events?from=1&limit=1")
        .then()
        .statusCode(200)
        .body("[0].sequence", equalTo(1))
        .body("[0].data.profile.cellCeilingMillivolts", equalTo(4150));

    String metrics =
        given().get(management("/q/metrics")).then().statusCode(200).extract().asString();
    assertThat(metrics)
        .contains("chargebay_pack_voltage_volts{bay=\"demo-1\"")
        .contains("chargebay_pack_current_amperes{bay=\"demo-1\"")
        .contains("chargebay_cell_voltage_max_volts{bay=\"demo-1\"")
        .contains("chargebay_cell_voltage_min_volts{bay=\"demo-1\"")
        .containsPattern("chargebay_bay_phase\\{bay=\"demo-1\",phase=\"complete\"} 1(\\.0)?\\n")
        .containsPattern("chargebay_bay_phase\\{bay=\"demo-1\",phase=\"cc\"} 0(\\.0)?\\n");

    given().get(management("/q/health")).then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void the_three_demo_bays_of_different_voltages_all_charge_to_their_ceilings_and_complete() {
    // 13S NMC on an RD6018 with a JBD, 16S LFP on an RD6024 with a JK, 20S NMC (83 V) on an EA
    // PS 9200-50 with a Daly (the model as the unit names itself); all at once on the demo's clock
    record Bay(String id, int cells, double ceiling, String supply) {}
    List<Bay> bays =
        List.of(
            new Bay("demo-1", 13, 4.15, "RD6018"),
            new Bay("demo-2", 16, 3.55, "RD6024"),
            new Bay("demo-3", 20, 4.15, "PS 9200-50"));
    assertThat(given().get("/api/bays").then().statusCode(200).extract().jsonPath().getList("id"))
        .containsExactly("demo-1", "demo-2", "demo-3");
    for (Bay b : bays) {
      JsonPath bay = awaitPhase(b.id(), "COMPLETE", Duration.ofSeconds(300));
      assertThat(bay.getDouble("ceilingVolts")).as(b.id()).isEqualTo(b.ceiling());
      assertThat(bay.getDouble("cellMaxVolts"))
          .as("%s highest cell at completion", b.id())
          .isBetween(b.ceiling() - 0.060, b.ceiling() + 0.005);
      assertThat(bay.getDouble("packVolts"))
          .as("%s pack voltage", b.id())
          .isBetween(b.cells() * (b.ceiling() - 0.300), b.cells() * b.ceiling() + 0.1);
      assertThat(bay.getDouble("ampHours")).as(b.id()).isGreaterThan(0.5);

      JsonPath started =
          given()
              .get("/api/bays/" + b.id() + "/events?from=1&limit=1")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      assertThat(started.getString("[0].type")).isEqualTo("ChargeStarted");
      assertThat(started.getInt("[0].data.profile.cellCount")).isEqualTo(b.cells());
      assertThat(started.getInt("[0].data.profile.cellCeilingMillivolts"))
          .isEqualTo((int) Math.round(b.ceiling() * 1000));
      assertThat(started.getString("[0].data.supply.supplyModel")).startsWith(b.supply());
      List<String> types =
          given()
              .get("/api/bays/" + b.id() + "/events")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath()
              .getList("type");
      assertThat(types).as(b.id()).doesNotContain("CutOff", "StartRefused");
      assertThat(types.get(types.size() - 1)).as(b.id()).isEqualTo("ChargeCompleted");
    }
  }

  @Test
  void unknown_bay_and_bad_requests_get_json_errors_not_stack_traces() {
    given()
        .get("/api/bays/nope")
        .then()
        .statusCode(404)
        .body("error", equalTo("unknown_bay"))
        .body("reason", containsString("demo-1"));
    TestLogins.OPERATOR
        .given()
        .contentType("application/json")
        .body("{not json")
        .post("/api/bays/demo-1/start")
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_request"));
    TestLogins.OPERATOR
        .given()
        .contentType("application/json")
        .body("{\"cellCeilingVolts\": 4.30}")
        .post("/api/bays/demo-1/start")
        .then()
        .statusCode(400)
        .body("reason", containsString("may only tighten"));
    TestLogins.OPERATOR
        .given()
        .contentType("application/json")
        .body("{\"operator\": \"mallory\"}")
        .post("/api/bays/demo-1/acknowledge")
        .then()
        .statusCode(400)
        .body("reason", containsString("operator"));
    given().get("/api/bays/demo-1/events?limit=0").then().statusCode(400);
  }

  private static JsonPath awaitPhase(String phase, Duration max) {
    return awaitPhase("demo-1", phase, max);
  }

  private static JsonPath awaitPhase(String id, String phase, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    JsonPath last = null;
    while (System.nanoTime() < deadline) {
      last = given().get("/api/bays/" + id).then().statusCode(200).extract().jsonPath();
      if (phase.equals(last.getString("phase"))) {
        return last;
      }
      // a pause between polls: a busy loop of requests takes the CPU the bays' loops need
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
    }
    throw new AssertionError(
        "demo bay "
            + id
            + " not "
            + phase
            + " within "
            + max
            + ": "
            + (last == null ? "" : last.prettify()));
  }
}
