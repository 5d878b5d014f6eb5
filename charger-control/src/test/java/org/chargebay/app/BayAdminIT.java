package org.chargebay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.chargebay.events.BayConfigured;
import org.chargebay.events.BayRemoved;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.CommandAudited;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.sqlite.SqliteAuditLog;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Bays configured through the API, in the running app: restored from the journal on start (the
 * configuration file winning a clash), added, changed and removed while the others run, with JSON
 * errors naming the field (400) or the conflict (409).
 */
@QuarkusTest
@TestProfile(BayAdminIT.Profile.class)
@QuarkusTestResource(value = SeededJournalResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BayAdminIT {

  /** Its own profile: its own boot, on its own seeded journal. */
  public static class Profile implements QuarkusTestProfile {}

  @Inject BayRegistry registry;

  private static String spare(String key) {
    return ConfigProvider.getConfig().getValue("test.spare." + key, String.class);
  }

  private static String bayBody(double currentAmps) {
    return "{\"supply\": {\"url\": \""
        + spare("supply-url")
        + "\"}, \"bms\": {\"family\": \"jbd\", \"url\": \""
        + spare("bms-url")
        + "\"}, \"profile\": {\"cells\": 13, \"cellCeilingVolts\": 4.15, \"currentAmps\": "
        + currentAmps
        + "}, \"packLabel\": \"spare-pack\"}";
  }

  @Test
  @Order(1)
  void a_restart_restores_the_bays_of_the_journal_and_the_configuration_file_wins_a_clash() {
    JsonPath j1 = await("j1", b -> b.get("packVolts") != null, Duration.ofSeconds(20));
    assertThat(j1.getDouble("ceilingVolts")).isEqualTo(4.10);
    assertThat(j1.getString("phase")).isEqualTo("IDLE");
    JsonPath bench1 = await("bench1", b -> b.get("packVolts") != null, Duration.ofSeconds(20));
    assertThat(bench1.getDouble("ceilingVolts"))
        .as("the file's 4.15, not the journal's 4.10")
        .isEqualTo(4.15);

    JsonPath admin =
        TestLogins.ADMIN.given().get("/api/admin/bays").then().statusCode(200).extract().jsonPath();
    assertThat(admin.getList("id", String.class)).containsExactly("bench1", "j1");
    assertThat(admin.getString("find { it.id == 'bench1' }.source")).isEqualTo("FILE");
    assertThat(admin.getString("find { it.id == 'j1' }.source")).isEqualTo("API");
    assertThat(admin.getInt("find { it.id == 'j1' }.definition.profile.cellCeilingMillivolts"))
        .isEqualTo(4100);

    TestLogins.ADMIN
        .given()
        .contentType("application/json")
        .body(bayBody(1.0))
        .put("/api/admin/bays/bench1")
        .then()
        .statusCode(409)
        .body("error", equalTo("configured_in_file"));
  }

  @Test
  @Order(2)
  void bad_configuration_gets_a_400_naming_the_field() {
    String supply = "\"supply\": {\"url\": \"" + spare("supply-url") + "\"}";
    String bms = "\"bms\": {\"url\": \"" + spare("bms-url") + "\"}";
    badRequest("{" + supply + ", " + bms + "}", "field 'profile' is required");
    badRequest(
        "{"
            + supply
            + ", "
            + bms
            + ", \"profile\": {\"cells\": 13, \"cellCeilingVolts\": 4.1505,"
            + " \"currentAmps\": 2}}",
        "profile.cellCeilingVolts has more than 3 decimals");
    badRequest(
        "{"
            + supply
            + ", "
            + bms
            + ", \"profile\": {\"cells\": 13, \"cellCeilingVolts\": 4.5,"
            + " \"currentAmps\": 2}}",
        "profile.cellCeilingVolts: cell ceiling 4500 mV is above the NMC maximum of 4200 mV");
    // every refusal names the field of the request, never the profile's milli-unit names
    String profileOk = "\"cells\": 13, \"cellCeilingVolts\": 4.1, \"currentAmps\": 2";
    badRequest(
        "{" + supply + ", " + bms + ", \"profile\": {\"chemistry\": \"LFP\", " + profileOk + "}}",
        "profile.cellCeilingVolts: cell ceiling 4100 mV is above the LFP maximum of 3650 mV");
    badRequest(
        "{" + supply + ", " + bms + ", \"profile\": {\"chemistry\": \"lead\", " + profileOk + "}}",
        "field 'profile.chemistry' 'lead' is not one of");
    badRequest(
        "{"
            + supply
            + ", "
            + bms
            + ", \"profile\": {\"cells\": 0, \"cellCeilingVolts\": 4.1, \"currentAmps\": 2}}",
        "field 'profile.cells' must be 1..32, was 0");
    badRequest(
        "{"
            + supply
            + ", "
            + bms
            + ", \"profile\": {\"cells\": 13, \"cellCeilingVolts\": 1.5, \"currentAmps\": 2}}",
        "field 'profile.cellCeilingVolts' must be at least 2.000, was 1.5");
    badRequest(
        "{"
            + supply
            + ", "
            + bms
            + ", \"profile\": {\"cells\": 13, \"cellCeilingVolts\": 4.1, \"currentAmps\": 0}}",
        "field 'profile.currentAmps' must be above 0, was 0");
    badRequest(
        "{" + supply + ", " + bms + ", \"profile\": {" + profileOk + ", \"taperAmps\": 2}}",
        "field 'profile.taperAmps' must be above 0 and below profile.currentAmps (2), was 2");
    for (String body :
        List.of(
            "{"
                + supply
                + ", "
                + bms
                + ", \"profile\": {\"chemistry\": \"LFP\", "
                + profileOk
                + "}}",
            "{" + supply + ", " + bms + ", \"profile\": {" + profileOk + ", \"taperAmps\": 2}}")) {
      TestLogins.ADMIN
          .given()
          .contentType("application/json")
          .body(body)
          .put("/api/admin/bays/new1")
          .then()
          .statusCode(400)
          .body("reason", not(containsString("Millivolts")))
          .body("reason", not(containsString("Milliamps")));
    }
    badRequest(
        "{\"supply\": {\"url\": \"ftp://x\"}, "
            + bms
            + ", \"profile\": {\"cells\": 13,"
            + " \"cellCeilingVolts\": 4.1, \"currentAmps\": 2}}",
        "supply.url");
    badRequest(
        "{"
            + supply
            + ", \"bms\": {\"family\": \"acme\", \"url\": \"tcp://127.0.0.1:1\"},"
            + " \"profile\": {\"cells\": 13, \"cellCeilingVolts\": 4.1, \"currentAmps\": 2}}",
        "bms.family");
    badRequest(
        "{"
            + supply
            + ", "
            + bms
            + ", \"profile\": {\"cells\": 13, \"cellCeilingVolts\": 4.1,"
            + " \"currentAmps\": 2}, \"safety\": {\"staleAfterMillis\": 60000}}",
        "field 'safety.staleAfterMillis' must be 100..5000");
    badRequest(
        "{" + supply + ", " + bms + ", \"profile\": {\"cells\": \"thirteen\"}}",
        "field 'profile.cells' must be a number");
    badRequest("{" + supply + ", " + bms + ", \"colour\": \"red\"}", "unknown field 'colour'");
    badRequest(
        "{"
            + supply
            + ", "
            + bms
            + ", \"profile\": {\"cells\": 13, \"cellCeilingVolts\": 4.1,"
            + " \"currentAmps\": 2}, \"packLabel\": \"a b\"}",
        "field 'packLabel'");
    TestLogins.ADMIN
        .given()
        .contentType("application/json")
        .body(bayBody(1.0))
        .put("/api/admin/bays/bad id!")
        .then()
        .statusCode(400)
        .body("reason", containsString("bay id"));
    assertThat(registry.bay("new1")).isEmpty();
  }

  private static void badRequest(String body, String reason) {
    TestLogins.ADMIN
        .given()
        .contentType("application/json")
        .body(body)
        .put("/api/admin/bays/new1")
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_request"))
        .body("reason", containsString(reason));
  }

  @Test
  @Order(3)
  void a_bay_is_added_changed_and_removed_through_the_api_while_the_others_run() {
    TestLogins.ADMIN
        .given()
        .contentType("application/json")
        .body(bayBody(1.0))
        .put("/api/admin/bays/new1")
        .then()
        .statusCode(201)
        .body("result", equalTo("added"));
    await("new1", b -> b.get("packVolts") != null, Duration.ofSeconds(20));
    assertThat(metrics()).contains("chargebay_pack_voltage_volts{bay=\"new1\"}");

    TestLogins.ADMIN
        .given()
        .contentType("application/json")
        .body(bayBody(1.5))
        .put("/api/admin/bays/new1")
        .then()
        .statusCode(200)
        .body("result", equalTo("changed"));
    assertThat(registry.bay("new1").orElseThrow().settings().profile().chargeCurrentMilliamps())
        .isEqualTo(1500);
    TestLogins.ADMIN
        .given()
        .contentType("application/json")
        .body(
            bayBody(1.0)
                .replace("\"family\": \"jbd\"", "\"family\": \"jbd\", \"protocol\": \"pb\""))
        .put("/api/admin/bays/new1")
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_request"))
        .body("reason", containsString("bms: jbd has a single protocol"));
    assertThat(registry.bay("new1").orElseThrow().settings().profile().chargeCurrentMilliamps())
        .as("a change that cannot be built leaves the recorded definition running")
        .isEqualTo(1500);

    TestLogins.ADMIN
        .given()
        .contentType("application/json")
        .body("{\"currentAmps\": 1.0}")
        .post("/api/bays/new1/start")
        .then()
        .statusCode(200)
        .body("events", hasItems("ChargeStarted"));
    await("new1", b -> "CC".equals(b.getString("phase")), Duration.ofSeconds(20));
    TestLogins.ADMIN
        .given()
        .contentType("application/json")
        .body("{}")
        .delete("/api/admin/bays/new1")
        .then()
        .statusCode(409)
        .body("error", equalTo("bay_active"))
        .body("reason", containsString("stop it first"));
    TestLogins.ADMIN
        .given()
        .contentType("application/json")
        .body(bayBody(2.0))
        .put("/api/admin/bays/new1")
        .then()
        .statusCode(409)
        .body("error", equalTo("bay_active"));

    TestLogins.ADMIN
        .given()
        .contentType("application/json")
        .body("{\"reason\": \"done\"}")
        .post("/api/bays/new1/stop")
        .then()
        .statusCode(200)
        .body("events", hasItems("RampDownStarted")); // an API bay ramps down as a file's does
    await("new1", b -> "IDLE".equals(b.getString("phase")), Duration.ofSeconds(20));
    TestLogins.ADMIN
        .given()
        .contentType("application/json")
        .body("{\"reason\": \"bench rebuilt\"}")
        .delete("/api/admin/bays/new1")
        .then()
        .statusCode(200)
        .body("result", equalTo("removed"))
        .body("actions", hasItems("supply-output-off: confirmed"));
    TestLogins.ADMIN
        .given()
        .get("/api/bays/new1")
        .then()
        .statusCode(404)
        .body("error", equalTo("unknown_bay"));
    assertThat(metrics()).doesNotContain("bay=\"new1\"");
    TestLogins.ADMIN
        .given()
        .delete("/api/admin/bays/new1")
        .then()
        .statusCode(404)
        .body("error", equalTo("unknown_bay"));

    List<ChargeEvent> recorded =
        registry.store().orElseThrow().readStream(BayConfigured.STREAM, 1).stream()
            .map(EventCodec.standard()::decode)
            .toList();
    assertThat(recorded.subList(2, recorded.size()))
        .extracting(e -> e.getClass().getSimpleName())
        .containsExactly("BayConfigured", "BayConfigured", "BayRemoved");
    BayConfigured added = (BayConfigured) recorded.get(2);
    assertThat(added.bayId()).isEqualTo("new1");
    assertThat(added.by()).as("the login, never a name in the body").isEqualTo("admin");
    assertThat(added.bay().packLabel()).isEqualTo("spare-pack");
    assertThat(((BayRemoved) recorded.get(4)).reason()).isEqualTo("bench rebuilt");
    assertThat(((BayRemoved) recorded.get(4)).by()).isEqualTo("admin");
    // the removal and the refused one are in the audit trail, with who
    JsonPath audit =
        TestLogins.OPERATOR.given().get("/api/audit").then().statusCode(200).extract().jsonPath();
    assertThat(audit.getList("action", String.class)).contains("bay_configure", "bay_remove");
    // the older release's audit table came first, moved into the journal once, positions kept
    assertThat(audit.getList("position", Long.class).subList(0, 3)).containsExactly(1L, 2L, 3L);
    assertThat(
            audit
                .getList("actor", String.class)
                .subList(0, SeededJournalResource.LEGACY_AUDIT_ROWS))
        .containsExactly("admin", "cli:root");
    assertThat(audit.getString("[1].detail")).isEqualTo("role operator");
    assertThat(
            SqliteAuditLog.migrateToJournal(
                ((SqliteEventStore) registry.store().orElseThrow()).file(),
                registry.store().orElseThrow()))
        .as("moved once")
        .isZero();
    List<CommandAudited> trail =
        registry.store().orElseThrow().readStream(CommandAudited.STREAM, 1).stream()
            .map(e -> (CommandAudited) EventCodec.standard().decode(e))
            .toList();
    assertThat(trail).hasSize(audit.getList("position").size());
    assertThat(trail.get(trail.size() - 1).by()).isEqualTo("admin");
    assertThat(
            TestLogins.OPERATOR
                .given()
                .get("/api/audit?after=1&limit=1")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("position", Long.class))
        .containsExactly(2L);
    assertThat(audit.getList("findAll { it.action == 'bay_remove' }.outcome", String.class))
        .containsExactly("refused", "done", "refused");
    assertThat(audit.getList("findAll { it.action == 'bay_remove' }.actor", String.class))
        .containsOnly("admin");
    // a viewer or an operator may not manage bays
    TestLogins.OPERATOR.given().delete("/api/admin/bays/j1").then().statusCode(403);
    io.restassured.RestAssured.given().get("/api/admin/bays").then().statusCode(401);
    // the others ran on meanwhile
    await("j1", b -> b.get("packVolts") != null, Duration.ofSeconds(5));
    assertThat(registry.nanosSinceLastTick("bench1")).isBetween(0L, 2_000_000_000L);
  }

  @Test
  @Order(4)
  void the_session_on_the_added_bay_is_in_its_pack_history() {
    JsonPath packs =
        TestLogins.ADMIN.given().get("/api/packs").then().statusCode(200).extract().jsonPath();
    assertThat(packs.getList("lastBay", String.class)).contains("new1");
    String id = packs.getString("find { it.lastBay == 'new1' }.packId");
    assertThat(packs.getString("find { it.lastBay == 'new1' }.source")).isEqualTo("bms");
    JsonPath pack =
        TestLogins.ADMIN
            .given()
            .get("/api/packs/" + id)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(pack.getString("pack.packId")).isEqualTo(id);
    assertThat(pack.getList("pack.sessions.bayId", String.class)).contains("new1");
    assertThat(pack.getList("highestCellTrend")).hasSameSizeAs(pack.getList("pack.sessions"));
    TestLogins.ADMIN
        .given()
        .get("/api/packs/no-such-pack")
        .then()
        .statusCode(404)
        .body("error", equalTo("unknown_pack"));
  }

  @Test
  @Order(5)
  void a_pack_without_a_smart_bms_is_added_only_with_the_explicit_acknowledgement() {
    String supply = "\"supply\": {\"url\": \"" + spare("supply-url") + "\"}";
    String profile =
        "\"profile\": {\"cells\": 13, \"cellCeilingVolts\": 4.15, \"currentAmps\": 1.0}";
    badRequest(
        "{" + supply + ", \"bms\": {\"family\": \"none\"}, " + profile + "}",
        "field 'bms.noneAcknowledged' must be true for bms.family=none");
    badRequest(
        "{"
            + supply
            + ", \"bms\": {\"family\": \"none\", \"noneAcknowledged\": false}, "
            + profile
            + "}",
        "field 'bms.noneAcknowledged' must be true for bms.family=none");
    badRequest(
        "{"
            + supply
            + ", \"bms\": {\"family\": \"none\", \"noneAcknowledged\": true, \"url\": \""
            + spare("bms-url")
            + "\"}, "
            + profile
            + "}",
        "field 'bms.url' is not for bms.family=none");
    badRequest(
        "{"
            + supply
            + ", \"bms\": {\"family\": \"jbd\", \"noneAcknowledged\": true, \"url\": \""
            + spare("bms-url")
            + "\"}, "
            + profile
            + "}",
        "field 'bms.noneAcknowledged' is only for bms.family=none");
    assertThat(registry.bay("new1")).isEmpty();

    TestLogins.ADMIN
        .given()
        .contentType("application/json")
        .body(
            "{"
                + supply
                + ", \"bms\": {\"family\": \"none\", \"noneAcknowledged\": true}, "
                + profile
                + "}")
        .put("/api/admin/bays/dumb1")
        .then()
        .statusCode(201)
        .body("result", equalTo("added"))
        .body("definition.bms.family", equalTo("none"))
        .body("definition.bms.url", nullValue());
    assertThat(registry.bay("dumb1").orElseThrow().settings().noBms())
        .as("supply only, at cells x (ceiling - 50 mV)")
        .isNotNull();
    await("dumb1", b -> b.get("supplyVolts") != null, Duration.ofSeconds(20));
    TestLogins.ADMIN
        .given()
        .post("/api/bays/dumb1/start")
        .then()
        .statusCode(200)
        .body("events", hasItems("ChargeStarted"));
    await("dumb1", b -> "CC".equals(b.getString("phase")), Duration.ofSeconds(20));
    TestLogins.ADMIN
        .given()
        .get("/api/bays/dumb1/events")
        .then()
        .statusCode(200)
        .body("[0].type", equalTo("ChargeStarted"))
        .body("[0].data.noBms.packCeilingMillivolts", equalTo(13 * (4150 - 50)));
    TestLogins.ADMIN
        .given()
        .contentType("application/json")
        .body("{\"reason\": \"done\"}")
        .post("/api/bays/dumb1/stop")
        .then()
        .statusCode(200);
    await("dumb1", b -> "IDLE".equals(b.getString("phase")), Duration.ofSeconds(20));
    TestLogins.ADMIN
        .given()
        .contentType("application/json")
        .body("{\"reason\": \"bench rebuilt\"}")
        .delete("/api/admin/bays/dumb1")
        .then()
        .statusCode(200)
        .body("result", equalTo("removed"));
  }

  /** The management interface (metrics); only its port is used. */
  @TestHTTPResource(value = "/", management = true)
  URL management;

  private String metrics() {
    return io.restassured.RestAssured.given()
        .get("http://127.0.0.1:" + management.getPort() + "/q/metrics")
        .then()
        .statusCode(200)
        .extract()
        .asString();
  }

  private static JsonPath await(String bay, Predicate<JsonPath> done, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    JsonPath last = null;
    while (System.nanoTime() < deadline) {
      last = TestLogins.ADMIN.given().get("/api/bays/" + bay).then().extract().jsonPath();
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
            + ": "
            + (last == null ? "" : last.prettify()));
  }
}
