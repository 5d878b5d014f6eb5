package org.chargebay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/bays/{id}/ceiling} on a configured bay (RD6018 over Modbus TCP + JBD over TCP,
 * configured at 4.15 V/cell): the session's ceiling follows, in the events, the status and the
 * metrics; a ceiling above the chemistry or the configured profile is refused naming the limit.
 */
@QuarkusTest
@TestProfile(CeilingApiIT.Profile.class)
@QuarkusTestResource(value = SimulatedBenchResource.class, restrictToAnnotatedClass = true)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CeilingApiIT {

  /** Its own profile, so that this app is a boot of its own. */
  public static class Profile implements QuarkusTestProfile {}

  /** The management interface (metrics); only its port is used. */
  @TestHTTPResource(value = "/", management = true)
  URL management;

  private static io.restassured.response.ValidatableResponse ceiling(String body) {
    return TestLogins.OPERATOR
        .given()
        .contentType("application/json")
        .body(body)
        .post("/api/bays/bench1/ceiling")
        .then();
  }

  @Test
  void the_ceiling_of_a_running_session_is_lowered_raised_and_refused_naming_the_limit() {
    await(b -> b.get("packVolts") != null, Duration.ofSeconds(20));
    ceiling("{\"cellCeilingVolts\": 4.05}")
        .statusCode(409)
        .body("error", equalTo("no_change"))
        .body("reason", containsString("no open session"));

    TestLogins.OPERATOR
        .given()
        .contentType("application/json")
        .body("{\"cellCeilingVolts\": 4.10, \"currentAmps\": 1.5}")
        .post("/api/bays/bench1/start")
        .then()
        .statusCode(200);
    await(b -> "CC".equals(b.getString("phase")), Duration.ofSeconds(20));

    ceiling("{\"cellCeilingVolts\": 4.05}")
        .statusCode(200)
        .body("events", hasItems("CeilingAdjusted"));
    JsonPath lowered = await(b -> b.getDouble("ceilingVolts") == 4.05, Duration.ofSeconds(5));
    assertThat(lowered.getString("phase")).isIn("CC", "CV");
    String metrics =
        io.restassured.RestAssured.given()
            .get("http://127.0.0.1:" + management.getPort() + "/q/metrics")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(metrics).containsPattern("chargebay_cell_ceiling_volts\\{bay=\"bench1\"} 4\\.05\\n");

    ceiling("{\"cellCeilingVolts\": 4.25}")
        .statusCode(400)
        .body("error", equalTo("ceiling_not_allowed"))
        .body(
            "reason",
            equalTo(
                "cellCeilingVolts: cell ceiling 4250 mV is above the NMC maximum of 4200 mV per cell"));
    ceiling("{\"cellCeilingVolts\": 4.20}")
        .statusCode(400)
        .body("error", equalTo("ceiling_not_allowed"))
        .body("reason", containsString("above the bay's configured 4150 mV"));
    // who acts is the login, never a name in the body
    ceiling("{\"cellCeilingVolts\": 4.10, \"by\": \"ana\"}")
        .statusCode(400)
        .body("reason", containsString("by"));
    ceiling("{}").statusCode(400).body("error", equalTo("bad_request"));
    TestLogins.VIEWER
        .given()
        .contentType("application/json")
        .body("{\"cellCeilingVolts\": 4.10}")
        .post("/api/bays/bench1/ceiling")
        .then()
        .statusCode(403);
    TestLogins.OPERATOR
        .given()
        .contentType("application/json")
        .body("{\"cellCeilingVolts\": 4.10}")
        .post("/api/bays/nope/ceiling")
        .then()
        .statusCode(404)
        .body("error", equalTo("unknown_bay"));

    // raising back up to the configured profile is allowed
    ceiling("{\"cellCeilingVolts\": 4.15}").statusCode(200);
    await(b -> b.getDouble("ceilingVolts") == 4.15, Duration.ofSeconds(5));

    List<Object> adjusted =
        TestLogins.OPERATOR
            .given()
            .get("/api/bays/bench1/events")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("findAll { it.type == 'CeilingAdjusted' }.data");
    assertThat(adjusted).hasSize(2);
    TestLogins.OPERATOR
        .given()
        .get("/api/bays/bench1/events")
        .then()
        .body("findAll { it.type == 'CeilingAdjusted' }[0].data.fromMillivolts", equalTo(4100))
        .body("findAll { it.type == 'CeilingAdjusted' }[0].data.toMillivolts", equalTo(4050))
        .body("findAll { it.type == 'CeilingAdjusted' }[0].data.by", equalTo("operator"))
        .body("findAll { it.type == 'CeilingAdjusted' }[1].data.toMillivolts", equalTo(4150))
        .body("findAll { it.type == 'CutOff' }.size()", equalTo(0));

    TestLogins.OPERATOR
        .given()
        .contentType("application/json")
        .body("{\"reason\": \"done\"}")
        .post("/api/bays/bench1/stop")
        .then()
        .statusCode(200);
  }

  private static JsonPath await(Predicate<JsonPath> done, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    JsonPath last = null;
    while (System.nanoTime() < deadline) {
      last =
          TestLogins.OPERATOR
              .given()
              .get("/api/bays/bench1")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      if (done.test(last)) {
        return last;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // poll, bounded above
    }
    throw new AssertionError(
        "bay not as expected within " + max + ": " + (last == null ? "" : last.prettify()));
  }
}
