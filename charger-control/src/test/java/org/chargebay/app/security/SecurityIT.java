package org.chargebay.app.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.chargebay.app.BayRegistry;
import org.chargebay.app.TestLogins;
import org.chargebay.events.codec.EventCodec;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * Logins and roles against the running demo: every mutating endpoint (as the OpenAPI document lists
 * them, so an endpoint added later is covered without editing this test) refuses an anonymous
 * caller with 401 and a viewer with 403; the acting user in the journal and in the audit trail is
 * the login, never a name from the body; metrics and health are only on the management port.
 */
@QuarkusTest
@TestProfile(SecurityIT.Profile.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SecurityIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** Its own demo app: these tests stop and fault the demo bay. */
  public static class Profile implements QuarkusTestProfile {}

  @Inject BayRegistry registry;

  /** The management interface (its URL's path is the management root; only its port is used). */
  @TestHTTPResource(value = "/", management = true)
  URL management;

  /** Every POST, PUT, PATCH and DELETE under /api except the login itself, with {id} = demo-1. */
  private static List<String[]> mutatingEndpoints() throws Exception {
    JsonNode doc =
        JSON.readTree(
            given()
                .accept("application/json")
                .get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    List<String[]> out = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> p = paths.next();
      if (!p.getKey().startsWith("/api/") || p.getKey().equals("/api/session")) {
        continue;
      }
      for (String method : List.of("post", "put", "patch", "delete")) {
        if (p.getValue().has(method)) {
          out.add(
              new String[] {
                method.toUpperCase(java.util.Locale.ROOT),
                p.getKey().replaceAll("\\{[^}]+}", "demo-1")
              });
        }
      }
    }
    return out;
  }

  @Test
  void every_mutating_endpoint_answers_401_without_a_login_and_403_to_a_viewer() throws Exception {
    List<String[]> endpoints = mutatingEndpoints();
    assertThat(endpoints)
        .extracting(e -> e[0] + " " + e[1])
        .contains(
            "POST /api/bays/demo-1/start",
            "POST /api/bays/demo-1/stop",
            "POST /api/bays/demo-1/acknowledge");
    for (String[] e : endpoints) {
      given()
          .contentType("application/json")
          .body("{}")
          .request(e[0], e[1])
          .then()
          .statusCode(401)
          .header("WWW-Authenticate", "Basic realm=\"chargebay\"")
          .body("error", equalTo("login_required"));
      TestLogins.VIEWER
          .given()
          .contentType("application/json")
          .body("{}")
          .request(e[0], e[1])
          .then()
          .statusCode(403)
          .body("error", equalTo("forbidden"))
          .body("reason", containsString("'viewer'"));
    }
    assertThat(registry.bay("demo-1").orElseThrow().state().phase().charging())
        .as("none of the refused calls stopped the demo charge")
        .isTrue();
  }

  @Test
  void the_openapi_document_describes_every_api_operation_with_its_error_responses()
      throws Exception {
    JsonNode doc =
        JSON.readTree(given().accept("application/json").get("/q/openapi?format=json").asString());
    List<String> operations = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> p = paths.next();
      if (!p.getKey().startsWith("/api/") || p.getKey().equals("/api/session")) {
        continue;
      }
      Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields();
      while (ops.hasNext()) {
        Map.Entry<String, JsonNode> op = ops.next();
        JsonNode responses = op.getValue().path("responses");
        String name = op.getKey() + " " + p.getKey();
        operations.add(name);
        for (String status : List.of("401", "403", "500")) {
          assertThat(responses.path(status).at("/content/application~1json/schema/$ref").asText())
              .as("%s answers %s as an ApiError", name, status)
              .isEqualTo("#/components/schemas/ApiError");
        }
        if (op.getKey().equals("post")) {
          assertThat(responses.has("400") && responses.has("409") && responses.has("415"))
              .as("%s lists 400, 409 and 415", name)
              .isTrue();
        }
        if (p.getKey().contains("{id}")) {
          assertThat(responses.has("404")).as("%s lists 404 unknown_bay", name).isTrue();
        }
      }
    }
    assertThat(operations)
        .contains(
            "get /api/bays",
            "get /api/bays/stream",
            "get /api/bays/{id}/events/stream",
            "get /api/audit",
            "post /api/bays/{id}/stop");
    assertThat(doc.at("/components/securitySchemes/basic/scheme").asText()).isEqualTo("basic");
    given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
  }

  @Test
  void a_wrong_password_is_a_401_and_the_page_gets_no_basic_challenge() {
    given()
        .auth()
        .preemptive()
        .basic("operator", "not-the-password")
        .post("/api/bays/demo-1/stop")
        .then()
        .statusCode(401)
        .body("error", equalTo("login_failed"));
    given()
        .header(ChargebayAuthMechanism.PAGE_HEADER, "1")
        .post("/api/bays/demo-1/stop")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", (String) null);
  }

  @Test
  void the_demo_reads_without_a_login_and_the_audit_needs_an_operator() {
    given().get("/api/bays").then().statusCode(200).body("[0].id", equalTo("demo-1"));
    given().get("/api/session").then().statusCode(200).body("anonymousRead", equalTo(true));
    given().get("/api/audit").then().statusCode(401);
    TestLogins.VIEWER.given().get("/api/audit").then().statusCode(403);
    TestLogins.OPERATOR.given().get("/api/audit").then().statusCode(200);
  }

  @Test
  void
      the_stop_and_start_name_the_login_in_the_event_and_the_audit_and_refuse_a_name_in_the_body() {
    awaitCharging();
    TestLogins.OPERATOR
        .given()
        .contentType("application/json")
        .body("{\"by\": \"mallory\", \"reason\": \"test\"}")
        .post("/api/bays/demo-1/stop")
        .then()
        .statusCode(400)
        .body("reason", containsString("by"));
    TestLogins.OPERATOR
        .given()
        .contentType("application/json")
        .body("{\"reason\": \"pack swap\"}")
        .post("/api/bays/demo-1/stop")
        .then()
        .statusCode(200)
        .body("events", hasItem("RampDownStarted"));
    awaitOutOfSession(); // the demo bay ramps the current down first; ChargeStopped follows

    JsonPath events =
        TestLogins.VIEWER
            .given()
            .get("/api/bays/demo-1/events")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    List<Map<String, Object>> stops = events.getList("findAll { it.type == 'ChargeStopped' }.data");
    assertThat(stops).hasSize(1);
    assertThat(stops.get(0)).containsEntry("by", "operator").containsEntry("reason", "pack swap");
    List<Map<String, Object>> ramps =
        events.getList("findAll { it.type == 'RampDownStarted' }.data");
    assertThat(ramps).hasSize(1);
    assertThat(ramps.get(0)).containsEntry("by", "operator").containsEntry("reason", "pack swap");

    JsonPath audit =
        TestLogins.OPERATOR.given().get("/api/audit").then().statusCode(200).extract().jsonPath();
    List<Map<String, Object>> stopAudit = audit.getList("findAll { it.action == 'charge_stop' }");
    assertThat(stopAudit).hasSize(1);
    assertThat(stopAudit.get(0))
        .containsEntry("actor", "operator")
        .containsEntry("from", "127.0.0.1")
        .containsEntry("target", "demo-1")
        .containsEntry("outcome", "done")
        .containsEntry("detail", "pack swap");
    assertThat((String) stopAudit.get(0).get("at")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    // the audit entry is an event of the journal's stream "audit" (relayed like every event)
    List<org.chargebay.events.CommandAudited> journalled =
        registry
            .store()
            .orElseThrow()
            .readStream(org.chargebay.events.CommandAudited.STREAM, 1)
            .stream()
            .map(e -> (org.chargebay.events.CommandAudited) EventCodec.standard().decode(e))
            .filter(e -> e.action().equals("charge_stop"))
            .toList();
    assertThat(journalled)
        .extracting(e -> e.by() + " " + e.from() + " " + e.target() + " " + e.outcome())
        .containsExactly("operator 127.0.0.1 demo-1 done");

    // a name in a start's body is refused like the stop's; nothing starts
    TestLogins.ADMIN
        .given()
        .contentType("application/json")
        .body("{\"by\": \"mallory\"}")
        .post("/api/bays/demo-1/start")
        .then()
        .statusCode(400)
        .body("reason", containsString("by"));
    // an admin is an operator too: starts again, recorded under its own name
    TestLogins.ADMIN.given().post("/api/bays/demo-1/start").then().statusCode(200);
    List<Map<String, Object>> started =
        TestLogins.VIEWER
            .given()
            .get("/api/bays/demo-1/events")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("findAll { it.type == 'ChargeStarted' }.data");
    assertThat(started).hasSizeGreaterThanOrEqualTo(2);
    assertThat(started.get(0))
        .as("the demo's automatic start was asked by nobody")
        .containsEntry("by", null);
    assertThat(started.get(started.size() - 1)).containsEntry("by", "admin");
    JsonPath after =
        TestLogins.OPERATOR.given().get("/api/audit").then().statusCode(200).extract().jsonPath();
    List<Map<String, Object>> starts = after.getList("findAll { it.action == 'charge_start' }");
    assertThat(starts).hasSize(1);
    assertThat(starts.get(0)).containsEntry("actor", "admin").containsEntry("outcome", "done");
  }

  @Test
  void metrics_and_health_are_on_the_management_port_only() {
    given().get("/q/metrics").then().statusCode(404);
    given().get("/q/health").then().statusCode(404);
    given().get("/q/health/ready").then().statusCode(404);
    assertThat(management.getPort()).isNotEqualTo(io.restassured.RestAssured.port);
    String base = "http://127.0.0.1:" + management.getPort();
    given()
        .get(base + "/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("chargebay_bay_phase{bay=\"demo-1\""));
    given().get(base + "/q/health").then().statusCode(200).body("status", equalTo("UP"));
  }

  private void awaitOutOfSession() {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (registry.bay("demo-1").orElseThrow().state().phase().inSession()) {
      assertThat(System.nanoTime()).as("the demo bay stops within %s", WAIT).isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
    }
  }

  private void awaitCharging() {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!registry.bay("demo-1").orElseThrow().state().phase().charging()) {
      assertThat(System.nanoTime()).as("the demo bay charges within %s", WAIT).isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
    }
  }
}
